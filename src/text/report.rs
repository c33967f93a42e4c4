//! One user-facing shape for every error in the app: a title, what happened in plain words, what to do
//! next, and the ids that support needs. `text::errors` fills it in; `components::error_panel` shows it.

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
