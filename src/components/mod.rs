//! Shared view pieces.
pub mod account_bar;
pub mod auth_gate;
pub mod error_panel;
pub mod handover;
pub mod invitation_fields;
pub mod language_switch;
pub mod result_panel;
