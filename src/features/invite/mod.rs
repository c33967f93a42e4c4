//! Invite a partner: the form (kept in sessionStorage as typed), the existence check, the invitation, and
//! the result with every way to hand the link over.

pub mod ops;
pub mod view;
