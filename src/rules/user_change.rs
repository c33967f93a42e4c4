//! What a run of one write per user changes for each of them.

use crate::graph::guests::SignInAccess;
use crate::rules::invitation_draft::ChosenPerson;

#[derive(Debug, Clone, PartialEq)]
pub enum UserChange {
    SignIn(SignInAccess),
    /// This colleague becomes one more sponsor (Graph keeps at most five).
    AddSponsor(ChosenPerson),
}
