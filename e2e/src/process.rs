//! Child processes that never outlive their owner: dropping a [`Guard`] kills the process, every
//! descendant, and any process whose command line carries the guard's marker (Chromium's profile dir).

use std::process::Child;

pub struct Guard {
    child: Option<Child>,
    marker: Option<String>,
}

impl Guard {
    pub fn new(child: Child, marker: Option<String>) -> Guard {
        Guard { child: Some(child), marker }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; the fields after the last ')' are fixed.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|d| d.flatten().filter_map(|e| e.file_name().to_str()?.parse().ok()).collect())
        .unwrap_or_default()
}

/// The pids of every descendant of `root`.
pub fn descendants(root: u32) -> Vec<u32> {
    let pids = all_pids();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        for &c in &pids {
            if parent_of(c) == Some(p) && !found.contains(&c) {
                found.push(c);
            }
        }
        i += 1;
    }
    found.remove(0);
    found
}

/// Processes whose command line contains `marker`.
pub fn with_marker(marker: &str) -> Vec<u32> {
    all_pids()
        .into_iter()
        .filter(|p| {
            std::fs::read(format!("/proc/{p}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains(marker))
                .unwrap_or(false)
        })
        .collect()
}

fn kill(pid: u32) {
    let _ = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status();
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let tree = descendants(child.id());
            let _ = child.kill();
            for p in tree {
                kill(p);
            }
            let _ = child.wait();
        }
        if let Some(marker) = &self.marker {
            for p in with_marker(marker) {
                kill(p);
            }
        }
    }
}
