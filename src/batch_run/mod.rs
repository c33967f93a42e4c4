//! The engine that sends many Graph writes through `$batch` (20 a call, a few calls in flight, paced to Graph's
//! write limit, each refusal retried on its own), with pause, resume after a reload, cancel, progress, the
//! results a page at a time and their export. Bulk invitations, the guests page's resends and its
//! sign-in blocks run on it.

pub mod follow_ups;
pub mod keeper;
pub mod outcome;
pub mod results;
pub mod round;
pub mod run;
pub mod saved_run;
pub mod send;
pub mod steps;
pub mod user_writes;
pub mod write_run;
