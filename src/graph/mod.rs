//! Microsoft Graph: one client that adds the bearer token and `client-request-id`, renews on a 401 (once),
//! backs off on 429, and turns Graph's error JSON into [`error::GraphError`]; typed calls per resource.

pub mod client;
pub mod directory_roles;
pub mod error;
pub mod invitations;
pub mod retry;
pub mod users;
