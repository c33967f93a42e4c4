//! The backend-free request for access: the admin makes a request link (`maker`), the partner fills in the
//! request and sends it by their own email (`request`), and the admin's signed-in app opens it as the invite
//! form filled in (`review`). Nothing is invited until the admin presses Invite.

pub mod maker;
pub mod request;
pub mod review;
