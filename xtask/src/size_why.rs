//! `cargo xtask dist --why`: where the wasm module's bytes go, read by twiggy from the module cargo built
//! (before wasm-bindgen and wasm-opt), which still has its names section.

use crate::run::{cmd, output, repo_root, status};
use std::collections::BTreeMap;

const TWIGGY_VERSION: &str = "0.8.0";

fn ensure_twiggy() -> Result<(), String> {
    let found = output(cmd("twiggy", &["--version"])).unwrap_or_default();
    if found.contains(TWIGGY_VERSION) {
        return Ok(());
    }
    println!("[dist --why] installing twiggy {TWIGGY_VERSION} (found: {found:?}); about 3 minutes");
    status(cmd("cargo", &["install", &format!("twiggy@{TWIGGY_VERSION}"), "--locked"]))
}

/// The crate an item belongs to, from its demangled name: `<leptos::X as tachys::Y>::f` → `leptos`.
pub fn crate_of(item: &str) -> String {
    let name = item.trim_start_matches(['<', '&', '*', '(', ' ']);
    let name = name.strip_prefix("mut ").or_else(|| name.strip_prefix("dyn ")).unwrap_or(name);
    let name = name.strip_prefix("core::ptr::drop_in_place<").map(|n| n.trim_start_matches(['<', '&'])).unwrap_or(name);
    if name.starts_with("data[") {
        return "(data segments)".into();
    }
    match name.split_once("::") {
        Some((krate, _)) if !krate.is_empty() && krate.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            krate.to_string()
        }
        _ => "(other: imports, tables, unnamed)".into(),
    }
}

/// Sums twiggy's CSV (`Name,ShallowSize,ShallowSizePercent`) by crate, largest first.
pub fn totals_by_crate(csv: &str) -> Vec<(String, u64)> {
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        // The name may itself hold commas; the two numbers are the last fields.
        let mut fields = line.rsplitn(3, ',');
        let (_percent, size, name) = (fields.next(), fields.next(), fields.next());
        let (Some(size), Some(name)) = (size.and_then(|s| s.trim().parse::<u64>().ok()), name) else { continue };
        let name = name.trim().trim_matches('"');
        if name.starts_with("Σ") {
            continue;
        }
        *totals.entry(crate_of(name)).or_default() += size;
    }
    let mut sorted: Vec<(String, u64)> = totals.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    sorted
}

pub fn report() -> Result<(), String> {
    ensure_twiggy()?;
    let wasm = repo_root().join("target/wasm32-unknown-unknown/release/b2b-portal.wasm");
    let path = wasm.display().to_string();
    println!("\n==> the 30 largest items of {path} (raw bytes, before wasm-bindgen and wasm-opt)");
    status(cmd("twiggy", &["top", "-n", "30", &path]))?;
    let csv =
        output(cmd("twiggy", &["top", "-a", "--format", "csv", &path])).ok_or("twiggy top --format csv failed")?;
    let totals = totals_by_crate(&csv);
    let all: u64 = totals.iter().map(|t| t.1).sum();
    println!("\n==> by crate (raw bytes of {all})");
    for (krate, bytes) in totals.iter().take(30) {
        println!("{krate:<40} {bytes:>9} {:>5.1}%", *bytes as f64 * 100.0 / all.max(1) as f64);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_charged_to_the_crate_that_defines_them() {
        assert_eq!(crate_of("<leptos::X as tachys::view::Render>::build"), "leptos");
        assert_eq!(crate_of("core::ptr::drop_in_place<b2b_portal::config::Config>"), "b2b_portal");
        assert_eq!(crate_of("serde_json::de::from_str"), "serde_json");
        assert_eq!(crate_of("data[3]"), "(data segments)");
        assert_eq!(crate_of("table[0]"), "(other: imports, tables, unnamed)");
    }

    #[test]
    fn csv_rows_are_summed_per_crate_and_the_total_row_is_skipped() {
        let csv = "Name,ShallowSize,ShallowSizePercent\n\
                   serde_json::de::a,100,1.0\n\
                   \"<serde_json::Value as core::fmt::Debug>::fmt, again\",50,0.5\n\
                   leptos::mount,70,0.7\n\
                   Σ [3 Total Rows],220,2.2\n";
        assert_eq!(totals_by_crate(csv), vec![("serde_json".to_string(), 150), ("leptos".to_string(), 70)]);
    }
}
