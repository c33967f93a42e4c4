//! One user-facing shape for every error type in the app: a title, what happened in plain words,
//! what to do next, and the ids that support needs. `components::error_panel` renders it.

use crate::config::{ConfigError, CONFIG_PATH};

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorReport {
    pub title: String,
    pub what_happened: String,
    pub next_steps: Vec<String>,
    /// Label and value, e.g. ("Request ID", "…"), shown so that IT can trace the failure.
    pub support_ids: Vec<(String, String)>,
    /// Individual problems, listed one per line (e.g. every bad field in config.json).
    pub details: Vec<String>,
}

impl ErrorReport {
    pub fn new(title: impl Into<String>, what_happened: impl Into<String>) -> Self {
        ErrorReport {
            title: title.into(),
            what_happened: what_happened.into(),
            next_steps: Vec::new(),
            support_ids: Vec::new(),
            details: Vec::new(),
        }
    }

    pub fn step(mut self, step: impl Into<String>) -> Self {
        self.next_steps.push(step.into());
        self
    }

    pub fn support_id(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.support_ids.push((label.into(), value.into()));
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }
}

impl From<&ConfigError> for ErrorReport {
    fn from(e: &ConfigError) -> Self {
        let fix_file = format!(
            "Edit {CONFIG_PATH} next to index.html on your web server, then reload this page. No rebuild is needed."
        );
        match e {
            ConfigError::Missing { status } => ErrorReport::new(
                "The app is not configured yet",
                format!("The settings file {CONFIG_PATH} was not found next to the app (the server answered HTTP {status})."),
            )
            .step(format!("Copy {CONFIG_PATH} from the release into the same folder as index.html."))
            .step("See \"Use it with your tenant\" in the README for the fields it needs."),
            ConfigError::Unreachable(why) => ErrorReport::new(
                "The settings could not be downloaded",
                format!("The browser could not fetch {CONFIG_PATH}: {why}"),
            )
            .step("Check your network connection and reload the page."),
            ConfigError::Malformed(why) => ErrorReport::new(
                "The settings file is not valid JSON",
                format!("{CONFIG_PATH} could not be read: {why}"),
            )
            .step(fix_file)
            .step("A JSON validator shows the exact spot; a missing comma or quote is the usual cause."),
            ConfigError::Invalid(problems) => {
                let mut report = ErrorReport::new(
                    "The settings need fixing",
                    format!("{CONFIG_PATH} has {} problem(s):", problems.len()),
                )
                .step(fix_file);
                report.details = problems.clone();
                report
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_say_what_to_fix() {
        let r = ErrorReport::from(&ConfigError::Missing { status: 404 });
        assert!(r.what_happened.contains("404"));
        assert!(!r.next_steps.is_empty());
        let r = ErrorReport::from(&ConfigError::Invalid(vec!["a".into(), "b".into()]));
        assert_eq!(r.details, vec!["a", "b"]);
        assert!(r.what_happened.contains("2 problem"));
    }
}
