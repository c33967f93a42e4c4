//! Thin layers over the browser's APIs and formats: the window and document, IndexedDB, the URL standard,
//! cancellation on a view's cleanup, CSV export, and the numbers HTTP writes. No rule and no view lives here.

pub mod browser;
pub mod cancel;
pub mod csv_export;
pub mod decimal;
pub mod indexed_db;
pub mod whatwg_url;
