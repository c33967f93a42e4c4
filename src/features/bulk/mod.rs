//! Bulk invitations from a CSV file: read and check the file (`rules::bulk_file`, `rules::bulk_preflight`),
//! then send it through the shared `$batch` engine (`batch_run`), which shows and exports the results.

pub mod input;
pub mod preflight_view;
pub mod send_panel;
pub mod view;
