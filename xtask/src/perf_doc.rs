//! `docs/performance.md` is written by the commands that measure: each figure's table sits between
//! `<!-- begin NAME -->` and `<!-- end NAME -->`, and only the command that measures it replaces it.

use crate::run::repo_root;

/// `doc` with the section `name` replaced by `table` (and the day it was measured).
pub fn splice(doc: &str, name: &str, table: &str, day: &str) -> Result<String, String> {
    let (begin, end) = (format!("<!-- begin {name} -->"), format!("<!-- end {name} -->"));
    let start = doc.find(&begin).ok_or_else(|| format!("docs/performance.md has no `{begin}`"))? + begin.len();
    let stop = start + doc[start..].find(&end).ok_or_else(|| format!("docs/performance.md has no `{end}`"))?;
    Ok(format!("{}\nMeasured {day}.\n\n{}\n{}", &doc[..start], table.trim_end(), &doc[stop..]))
}

/// Today, as `date -u +%F` prints it.
fn today() -> String {
    crate::run::output(crate::run::cmd("date", &["-u", "+%F"])).unwrap_or_else(|| "on an unknown day".into())
}

/// Replaces section `name` of `docs/performance.md` with `table`.
pub fn update(name: &str, table: &str) -> Result<(), String> {
    let path = repo_root().join("docs/performance.md");
    let doc = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let new = splice(&doc, name, table, &today())?;
    std::fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("docs/performance.md: section `{name}` updated");
    Ok(())
}

/// The table a benchmark program left in `target/bench-report/<name>.md`, moved into the document.
pub fn take_bench_table(name: &str) -> Result<(), String> {
    let path = repo_root().join("target/bench-report").join(format!("{name}.md"));
    let table = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    update(name, &table)?;
    let _ = std::fs::remove_file(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_section_is_replaced_and_the_rest_is_kept() {
        let doc = "intro\n<!-- begin paint -->\nold\n<!-- end paint -->\nafter\n";
        let new = super::splice(doc, "paint", "| a |\n|---|\n", "2026-12-04").unwrap();
        assert_eq!(
            new,
            "intro\n<!-- begin paint -->\nMeasured 2026-12-04.\n\n| a |\n|---|\n<!-- end paint -->\nafter\n"
        );
        assert!(super::splice(doc, "bulk", "x", "d").unwrap_err().contains("begin bulk"));
    }

    #[test]
    fn the_document_has_every_section_a_command_writes() {
        let doc = std::fs::read_to_string(crate::run::repo_root().join("docs/performance.md")).unwrap();
        for name in ["sizes", "paint", "bulk", "guests", "dev"] {
            super::splice(&doc, name, "x", "d").unwrap();
        }
    }
}
