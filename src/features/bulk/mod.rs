//! Bulk invitations from a CSV file: read and check the file (`rules::bulk_file`, `rules::bulk_preflight`),
//! with its group and sponsor names looked up (`ops`), then send it through the shared `$batch` engine
//! (`batch_run`), which joins the groups and writes the profiles after the invitations, and shows and exports
//! the results.

pub mod input;
pub mod ops;
pub mod preflight_view;
pub mod send_panel;
pub mod view;
