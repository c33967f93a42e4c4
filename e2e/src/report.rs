//! What the benchmark programs share: the site they are handed, and the table each leaves for
//! `docs/performance.md` (`cargo xtask` puts it there when the program succeeds).

use std::path::PathBuf;

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The built site named by the program's first argument.
pub fn site_arg() -> Result<PathBuf, String> {
    let site = std::env::args_os().nth(1).map(PathBuf::from).ok_or("usage: <program> <built site folder>")?;
    if site.join("index.html").exists() {
        Ok(site)
    } else {
        Err(format!("{} holds no built site (index.html)", site.display()))
    }
}

/// A program's outcome as its exit code, the error printed.
pub fn exit(result: Result<(), String>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\n{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Where a benchmark leaves its table: `target/bench-report/<section>.md`.
pub fn table_path(section: &str) -> PathBuf {
    repo_root().join("target/bench-report").join(format!("{section}.md"))
}

/// One Markdown table of figures, named by the section of `docs/performance.md` it replaces.
pub struct Report {
    section: &'static str,
    text: String,
}

impl Report {
    pub fn new(section: &'static str, columns: &[&str]) -> Report {
        let rule: Vec<&str> = columns.iter().map(|_| "---").collect();
        Report { section, text: format!("| {} |\n|{}|\n", columns.join(" | "), rule.join("|")) }
    }

    pub fn row(&mut self, cells: &[String]) {
        self.text.push_str(&format!("| {} |\n", cells.join(" | ")));
    }

    /// A paragraph after the table (a figure the rows lead to).
    pub fn note(&mut self, text: &str) {
        self.text.push_str(&format!("\n{text}\n"));
    }

    pub fn save(self) -> Result<(), String> {
        let path = table_path(self.section);
        std::fs::create_dir_all(path.parent().unwrap_or(&path)).map_err(|e| e.to_string())?;
        std::fs::write(&path, self.text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Polls `script` in the page until it returns something other than null or false, for at most `limit`; the
/// benchmarks wait on what the page shows, never on a fixed sleep.
pub async fn wait_for(
    b: &crate::browser::Browser,
    script: &str,
    limit: std::time::Duration,
) -> Result<serde_json::Value, String> {
    let started = std::time::Instant::now();
    loop {
        let v = b.script(script).await.map_err(|e| e.to_string())?;
        if !v.is_null() && v != serde_json::json!(false) {
            return Ok(v);
        }
        if started.elapsed() > limit {
            return Err(format!("timed out waiting for: {script}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
