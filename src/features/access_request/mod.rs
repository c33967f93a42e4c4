//! The backend-free request for access: the partner fills in the request the admin's link opens and sends it
//! by their own email (`request`), and the admin's signed-in app opens it as the invite form filled in
//! (`review`). Nothing is invited until the admin presses Invite. The link itself is made on the access
//! packages page (`features::access_packages::request_link`).

pub mod request;
pub mod review;
