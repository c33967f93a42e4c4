//! One folder (or file) per feature: a thin view, small components, and `ops` with the async steps.

pub mod access_packages;
pub mod access_request;
pub mod bulk;
pub mod convert;
pub mod guests;
pub mod home;
pub mod invite;
pub mod join;
pub mod not_found;
pub mod partner_welcome;
