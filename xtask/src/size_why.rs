//! `cargo xtask dist --why`: where the first visit's bytes go, read by twiggy from the main module after the split
//! and wasm-bindgen but before wasm-opt, which still has its names section. (The linked module before the split
//! carries its relocations, which would fill twiggy's list.)

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

/// The crate an item belongs to, from its demangled name: `<leptos::X as tachys::Y>::f` → `leptos`,
/// `<T as tachys::view::Render>::build` → `tachys`, `core[c59…]::str::…` → `core`.
pub fn crate_of(item: &str) -> String {
    if item.starts_with("data segment") || item.starts_with("data[") {
        return "(data segments)".into();
    }
    let mut name = item.trim_start_matches(['<', '&', '*', '(', ' ']);
    for prefix in ["mut ", "dyn ", "core::ptr::drop_in_place<"] {
        name = name.strip_prefix(prefix).unwrap_or(name).trim_start_matches(['<', '&']);
    }
    // A generic parameter or a primitive implementing a trait: charge the trait's crate.
    if let Some((param, rest)) = name.split_once(" as ") {
        if !param.contains("::") {
            name = rest;
        }
    }
    let primitive = ["str>", "char>", "[", "f32", "f64", "u8", "u16", "u32", "u64", "usize", "i32", "i64", "bool"];
    if primitive.iter().any(|p| name.starts_with(p)) {
        return "core".into();
    }
    let Some((krate, _)) = name.split_once("::") else { return "(other: tables, imports, unnamed)".into() };
    // Standard-library crates carry a hash: `core[c5930c85a12de822]`.
    let krate = krate.split('[').next().unwrap_or(krate);
    if !krate.is_empty() && krate.chars().all(|c| c.is_alphanumeric() || c == '_') {
        krate.to_string()
    } else {
        "(other: tables, imports, unnamed)".into()
    }
}

/// The first CSV field (quoted, with `""` for a quote, or bare) and the rest of the line after its comma.
fn first_field(line: &str) -> Option<(String, &str)> {
    if let Some(quoted) = line.strip_prefix('"') {
        let mut name = String::new();
        let mut chars = quoted.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' if chars.peek().map(|p| p.1) == Some('"') => {
                    name.push('"');
                    chars.next();
                }
                '"' => return Some((name, quoted[i + 1..].strip_prefix(',').unwrap_or(""))),
                c => name.push(c),
            }
        }
        None
    } else {
        line.split_once(',').map(|(n, rest)| (n.to_string(), rest))
    }
}

/// Sums twiggy's CSV (`Name,ShallowSize,…`) by crate, largest first. Custom sections (the names, wasm-bindgen's
/// schema) are left out: wasm-bindgen and wasm-opt remove them before anything ships.
pub fn totals_by_crate(csv: &str) -> Vec<(String, u64)> {
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let Some((name, rest)) = first_field(line) else { continue };
        let Some(size) = rest.split(',').next().and_then(|s| s.trim().parse::<u64>().ok()) else { continue };
        // wasm-bindgen's `__wbindgen_describe*` exports are read and removed when it generates the JS.
        let removed =
            name.contains("subsection") || name.starts_with("custom section") || name.contains("__wbindgen_describe");
        if name.starts_with('Σ') || removed {
            continue;
        }
        *totals.entry(crate_of(&name)).or_default() += size;
    }
    let mut sorted: Vec<(String, u64)> = totals.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    sorted
}

pub fn report() -> Result<(), String> {
    ensure_twiggy()?;
    let wasm = repo_root().join("target/wasm-split/bound/b2b-portal_bg.wasm");
    let path = wasm.display().to_string();
    println!("\n==> the 30 largest items of the main module, {path} (raw bytes, before wasm-opt;\n    the names section at the top never ships)");
    status(cmd("twiggy", &["top", "-n", "30", &path]))?;
    let csv = output(cmd("twiggy", &["top", "-n", "1000000", "--format", "csv", &path]))
        .ok_or("twiggy top --format csv failed")?;
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
        assert_eq!(crate_of("data segment \".rodata\""), "(data segments)");
        assert_eq!(crate_of("<T as tachys::view::any_view::IntoAny>::into_any::build::hf375"), "tachys");
        assert_eq!(crate_of("core[c5930c85a12de822]::str::slice_error_fail_rt"), "core");
        assert_eq!(crate_of("<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<X>>::malloc"), "dlmalloc");
        assert_eq!(crate_of("<str>::to_lowercase"), "core");
        assert_eq!(crate_of("<str as core[c5930c85a12de822]::fmt::Debug>::fmt"), "core");
        assert_eq!(crate_of("elem[0]"), "(other: tables, imports, unnamed)");
    }

    #[test]
    fn csv_rows_are_summed_per_crate_and_the_total_row_is_skipped() {
        let csv = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
                   \"\"\"function names\"\" subsection\",900,9.0,,\n\
                   custom section '__wasm_bindgen_unstable',600,6.0,,\n\
                   export \"__wbindgen_describe___wbg_new_1\",300,3.0,,\n\
                   serde_json::de::a,100,1.0,,\n\
                   \"<serde_json::Value as core::fmt::Debug>::fmt, again\",50,0.5,,\n\
                   leptos::mount,70,0.7,,\n\
                   Σ [5 Total Rows],1720,17.2,,\n";
        assert_eq!(totals_by_crate(csv), vec![("serde_json".to_string(), 150), ("leptos".to_string(), 70)]);
    }
}
