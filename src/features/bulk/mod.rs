//! Bulk invitations from a CSV file: read and preflight the file (`onboarding::bulk_file`,
//! `onboarding::bulk_preflight`), send through `$batch` (`ops`), and show and export the results.

pub mod input;
pub mod keeper;
pub mod ops;
pub mod outcome;
pub mod preflight_view;
pub mod results;
pub mod run;
pub mod saved_run;
pub mod table;
pub mod view;
