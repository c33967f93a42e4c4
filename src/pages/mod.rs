//! One module per view.
pub mod home;
pub mod invite;
pub mod not_found;
pub mod partner_welcome;
