//! Running child commands with progress output and the repo's tool PATH.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// PATH with the repo's npm tools and cargo's bin folder first, so trunk finds wasm-opt and wasm-bindgen.
pub fn tool_path() -> String {
    let root = repo_root();
    let mut parts = vec![root.join("tools/node_modules/.bin").display().to_string()];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        parts.push(home.join("bin").display().to_string());
    }
    if let Ok(p) = std::env::var("PATH") {
        parts.push(p);
    }
    parts.join(":")
}

pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(repo_root()).env("PATH", tool_path());
    c
}

pub fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command with inherited output; an error names the command.
pub fn status(mut c: Command) -> Result<(), String> {
    println!("\n==> {}", describe(&c));
    let st = c.status().map_err(|e| format!("could not start `{}`: {e}", describe(&c)))?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({st})", describe(&c)))
    }
}

/// Runs a command and returns its trimmed stdout, or None if it cannot run or fails.
pub fn output(mut c: Command) -> Option<String> {
    let out = c.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
