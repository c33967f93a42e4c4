//! Convert an internal user to B2B collaboration: find the user, show the facts that decide, choose the
//! address by the documented rule, run the preflight before any write, confirm by typing the UPN, send.

mod facts;
pub mod preflight;
mod search;
pub mod view;
