//! One module per view.
pub mod convert;
pub mod home;
pub mod invite;
pub mod not_found;
pub mod partner_welcome;
