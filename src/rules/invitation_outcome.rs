//! What an invitation did, as data: the single result's outcome, the sent invitation with it, and a bulk row's
//! status. The views show them and `text` words them.

use crate::graph::invitations::Invitation;

/// What the invitation request did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new guest was invited.
    Created,
    /// The address had been invited before: same account, new redeem link.
    Resent,
    /// An internal user now signs in with their own identity.
    Converted,
    /// An external user's redemption was reset.
    RedemptionReset,
}

/// A sent invitation and what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub invitation: Invitation,
    pub outcome: Outcome,
}

/// The status column, in data form; `text` words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    NotSent,
    Sent,
    Confirmed,
    Conflict,
    Failed,
    Unknown,
}
