//! The presentation layer: the only place where user-facing words live. Rules and errors return data
//! (enums); these modules turn them into English. A second language plugs in here.

pub mod catalogue;
pub mod errors;
pub mod intl;
pub mod locale_file;
pub mod report;
pub mod rules;
pub mod ui;

pub use errors::Explain;
pub use report::ErrorReport;
