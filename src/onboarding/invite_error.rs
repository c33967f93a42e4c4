//! Why an invitation was not sent: Graph refused it, or the address already belongs to an internal user.

use crate::error_report::ErrorReport;
use crate::graph::error::GraphError;
use crate::graph::users::DirectoryUser;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum InviteError {
    #[error("{0}")]
    Graph(GraphError),
    #[error("the address belongs to the internal user {}", .0.id)]
    ExistingInternalUser(DirectoryUser),
}

impl From<&InviteError> for ErrorReport {
    fn from(e: &InviteError) -> Self {
        match e {
            InviteError::Graph(g) => crate::graph::invitations::error_report(g),
            InviteError::ExistingInternalUser(u) => ErrorReport::new(
                "This person already has an internal account",
                format!(
                    "The address is already used by {} ({}), an internal account of your organisation. A guest invitation would be refused.",
                    u.display_name.clone().unwrap_or_default(),
                    u.user_principal_name.clone().unwrap_or_default()
                ),
            )
            .step("To let them sign in with their own partner identity while keeping their access, use \"Convert an internal user\".")
            .support_id("Object ID", u.id.clone()),
        }
    }
}
