//! Reusable view pieces.
pub mod error_panel;
