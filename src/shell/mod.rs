//! The shell around the views: the app root, the fragment router, the views' modules, the shared context, what a
//! page keeps across a language switch, and the reader's language.

pub mod app;
pub mod context;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod inline_script_in_node;
pub mod page_memory;
pub mod routing;
pub mod ui_language;
pub mod view_modules;
