//! Reusable view pieces.
pub mod account_bar;
pub mod auth_gate;
pub mod error_panel;
pub mod result_panel;
