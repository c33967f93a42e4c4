//! The layers point down: views → components → rules, graph and auth. A native test reads `src/` and fails
//! on an import that points up, or on one of the loops named in `LOOPS`.

/// Folders (or files) of `src/` and the modules they must never name.
pub const RULES: &[(&str, &[&str])] = &[
    ("src/text", &["crate::features", "crate::components"]),
    ("src/onboarding", &["crate::features", "crate::components", "crate::text"]),
    ("src/graph", &["crate::features", "crate::components", "crate::text"]),
    ("src/auth", &["crate::features", "crate::components", "crate::text"]),
    ("src/components", &["crate::features"]),
    // The lower half of each loop that was: the page reader takes the client, not the other way round.
    ("src/graph/page.rs", &["client::"]),
];

/// Each `(file, line number, line)` of the Rust files under `root/place` that names one of `forbidden`.
pub fn violations(root: &std::path::Path, place: &str, forbidden: &[&str]) -> Vec<(String, usize, String)> {
    let mut files = Vec::new();
    collect(&root.join(place), &mut files);
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if forbidden.iter().any(|f| code.contains(f)) {
                out.push((file.display().to_string(), i + 1, line.trim().to_string()));
            }
        }
    }
    out
}

fn collect(path: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            collect(&e.path(), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_lower_layer_imports_a_higher_one() {
        let root = crate::run::repo_root();
        let found: Vec<_> = RULES.iter().flat_map(|(place, forbidden)| violations(&root, place, forbidden)).collect();
        assert!(found.is_empty(), "imports that point up: {found:#?}");
    }

    #[test]
    fn a_violation_is_found_with_its_place() {
        let dir = std::env::temp_dir().join(format!("xtask-layering-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src/text")).unwrap();
        std::fs::write(dir.join("src/text/a.rs"), "// crate::features in a comment\nuse crate::features::x;\n")
            .unwrap();
        let found = violations(&dir, "src/text", &["crate::features"]);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, 2);
    }
}

/// The paths the README's layout section names (the first word of each line of its code block).
#[cfg(test)]
pub fn readme_layout_paths(readme: &str) -> Vec<String> {
    let section = readme.split("## How the code is laid out").nth(1).unwrap_or("");
    let block = section.split("```").nth(1).unwrap_or("");
    block.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect()
}

#[cfg(test)]
mod readme_tests {
    #[test]
    fn the_readme_layout_names_only_paths_that_exist() {
        let root = crate::run::repo_root();
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        let paths = super::readme_layout_paths(&readme);
        assert!(paths.len() > 10, "the layout section was not found: {paths:?}");
        let missing: Vec<&String> = paths.iter().filter(|p| !root.join(p).exists()).collect();
        assert!(missing.is_empty(), "the README names paths that do not exist: {missing:?}");
    }

    #[test]
    fn the_readme_stays_short() {
        let readme = std::fs::read_to_string(crate::run::repo_root().join("README.md")).unwrap();
        assert!(readme.lines().count() <= 250, "README.md has {} lines", readme.lines().count());
    }
}
