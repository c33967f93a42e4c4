//! Microsoft Graph, typed: one client that adds the bearer token and `client-request-id`, renews on a 401
//! (once), backs off on 429 and reads answers as typed values; the pager, the `$batch` client, the DTOs
//! with their `$select` lists, Graph's string enums, and errors as data.

pub mod access_packages;
pub mod batch;
pub mod client;
pub mod directory_roles;
pub mod entitlement_setup;
pub mod error;
pub mod groups;
pub mod guests;
pub mod invitations;
pub mod pacing;
pub mod page;
pub mod policies;
pub mod refusal;
pub mod retry;
pub mod users;
pub mod values;
