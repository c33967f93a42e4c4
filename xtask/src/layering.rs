//! The layers point down: views → components → rules, graph and auth. A native test reads `src/` and fails
//! on an import that points up, or on one of the loops named in `LOOPS`.

/// What sits at the top of the shell: the app root and the views' modules, which name every feature.
const SHELL_TOP: &[&str] = &["crate::shell::app", "crate::shell::view_modules", "shell::app::", "view_modules::"];
/// Everything above the pure layers.
const ABOVE_PURE: &[&str] =
    &["crate::features", "crate::components", "crate::batch_run", "crate::ops", "crate::text", "crate::shell"];

/// Folders (or files) of `src/` and the modules they must never name. Top down: shell's app and view modules
/// → features → batch_run → components → ops → text (and the shell's routing, context, page memory and
/// language) → rules, graph, auth, config, lang → web.
pub const RULES: &[(&str, &[&str])] = &[
    ("src/batch_run", &["crate::features"]),
    ("src/components", &["crate::features", "crate::batch_run"]),
    ("src/ops", &["crate::features", "crate::components", "crate::batch_run"]),
    // `text` words the router's views (the navigation), and nothing else of the shell.
    (
        "src/text",
        &[
            "crate::features",
            "crate::components",
            "crate::batch_run",
            "crate::ops",
            "crate::shell::ui_language",
            "crate::shell::context",
            "crate::shell::page_memory",
        ],
    ),
    ("src/rules", ABOVE_PURE),
    ("src/graph", ABOVE_PURE),
    ("src/auth", ABOVE_PURE),
    ("src/config.rs", ABOVE_PURE),
    ("src/lang.rs", ABOVE_PURE),
    (
        "src/web",
        &[
            "crate::features",
            "crate::components",
            "crate::batch_run",
            "crate::ops",
            "crate::text",
            "crate::shell",
            "crate::rules",
            "crate::graph",
            "crate::auth",
            "crate::config",
        ],
    ),
    // The lower half of each loop that was: the page reader takes the client, not the other way round; the
    // session knows nothing of the sign-in module; the reader's language does not ask the views' modules.
    ("src/graph/page.rs", &["client::"]),
    ("src/auth/session.rs", &["sign_in_module"]),
    ("src/shell/ui_language.rs", SHELL_TOP),
    ("src/shell/context.rs", SHELL_TOP),
    ("src/shell/routing.rs", SHELL_TOP),
    ("src/shell/page_memory.rs", SHELL_TOP),
];

/// Places below the shell's top that must not name it either.
pub const BELOW_SHELL_TOP: &[&str] = &["src/batch_run", "src/components", "src/ops", "src/text", "src/features"];

/// Each feature's imports of another feature: a feature is a folder (or file) of `src/features/`, and what two
/// features share lives below them (`components`, `ops`, `batch_run`).
pub fn features_importing_features(root: &std::path::Path) -> Vec<(String, usize, String)> {
    let Ok(entries) = std::fs::read_dir(root.join("src/features")) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(|n| n.trim_end_matches(".rs").to_string()))
        .filter(|n| n != "mod")
        .collect();
    names.sort();
    let mut out = Vec::new();
    for own in &names {
        let others: Vec<String> = names.iter().filter(|n| *n != own).map(|n| format!("crate::features::{n}")).collect();
        let others: Vec<&str> = others.iter().map(String::as_str).collect();
        for place in [format!("src/features/{own}"), format!("src/features/{own}.rs")] {
            out.extend(violations(root, &place, &others));
        }
    }
    out
}

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
        let mut found: Vec<_> =
            RULES.iter().flat_map(|(place, forbidden)| violations(&root, place, forbidden)).collect();
        found.extend(BELOW_SHELL_TOP.iter().flat_map(|place| violations(&root, place, SHELL_TOP)));
        assert!(found.is_empty(), "imports that point up: {found:#?}");
    }

    #[test]
    fn no_feature_imports_another() {
        let found = features_importing_features(&crate::run::repo_root());
        assert!(found.is_empty(), "features that import another feature: {found:#?}");
    }

    #[test]
    fn a_feature_importing_another_is_found() {
        let dir = std::env::temp_dir().join(format!("xtask-features-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src/features/guests")).unwrap();
        std::fs::write(dir.join("src/features/bulk.rs"), "use crate::features::bulk::x;\n").unwrap();
        std::fs::write(
            dir.join("src/features/guests/view.rs"),
            "use crate::features::guests::a;\nuse crate::features::bulk::run;\n",
        )
        .unwrap();
        let found = features_importing_features(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.ends_with("guests/view.rs") && found[0].1 == 2, "{found:?}");
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
