//! The guests of the tenant: who was invited, who has not accepted and for how long, and the follow-ups
//! (resend with a fresh link, reset redemption, delete invitations nobody accepted), one at a time or for a
//! selection, with the list's export.

mod deletion;
mod export;
mod filters;
mod list;
pub mod ops;
mod organisations;
mod selection;
mod single;
mod sponsors;
pub mod view;
