//! `cargo xtask dist --why`: where the bytes go, read by twiggy from the main module after the split and
//! wasm-bindgen (the first visit's), then from each of the views' modules as the splitter wrote them, and summed for
//! the whole site; all before wasm-opt, which removes the names section. (The linked module before the split
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

fn totals_of(path: &str) -> Result<Vec<(String, u64)>, String> {
    let csv = output(cmd("twiggy", &["top", "-n", "1000000", "--format", "csv", path]))
        .ok_or_else(|| format!("twiggy top --format csv {path} failed"))?;
    Ok(totals_by_crate(&csv))
}

fn print_totals(totals: &[(String, u64)], rows: usize) {
    let all: u64 = totals.iter().map(|t| t.1).sum();
    for (krate, bytes) in totals.iter().take(rows) {
        println!("{krate:<40} {bytes:>9} {:>5.1}%", *bytes as f64 * 100.0 / all.max(1) as f64);
    }
}

/// Adds `more` into `into`, largest first again.
fn merge(into: &mut Vec<(String, u64)>, more: &[(String, u64)]) {
    for (krate, bytes) in more {
        match into.iter_mut().find(|(k, _)| k == krate) {
            Some(row) => row.1 += bytes,
            None => into.push((krate.clone(), *bytes)),
        }
    }
    into.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
}

pub fn report() -> Result<(), String> {
    ensure_twiggy()?;
    let work = repo_root().join("target/wasm-split");
    let main = work.join("bound/b2b-portal_bg.wasm").display().to_string();
    println!("\n==> the 30 largest items of the main module, {main} (raw bytes, before wasm-opt;\n    the names section at the top never ships)");
    status(cmd("twiggy", &["top", "-n", "30", &main]))?;
    let mut whole = totals_of(&main)?;
    let all: u64 = whole.iter().map(|t| t.1).sum();
    println!("\n==> the main module by crate (raw bytes of {all})");
    print_totals(&whole, 30);

    // The views' modules (the whole site's other part), as the splitter wrote them, before wasm-opt.
    let split = work.join("split");
    let mut modules: Vec<_> = std::fs::read_dir(&split)
        .map_err(|e| format!("{}: {e}", split.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "wasm") && p.file_stem().is_some_and(|s| s != "main"))
        .collect();
    modules.sort();
    println!("\n==> the views' modules (raw bytes before wasm-opt; the three largest crates of each)");
    for module in &modules {
        let totals = totals_of(&module.display().to_string())?;
        let sum: u64 = totals.iter().map(|t| t.1).sum();
        let top: Vec<String> = totals.iter().take(3).map(|(k, b)| format!("{k} {b}")).collect();
        let name = module.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!("{name:<32} {sum:>9}  {}", top.join(", "));
        merge(&mut whole, &totals);
    }
    let all: u64 = whole.iter().map(|t| t.1).sum();
    println!("\n==> the whole site by crate (raw bytes of {all}, every module)");
    print_totals(&whole, 30);
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
    fn modules_are_summed_per_crate_largest_first() {
        let mut whole = vec![("tachys".to_string(), 50), ("url".to_string(), 40)];
        merge(&mut whole, &[("url".to_string(), 30), ("serde_json".to_string(), 60)]);
        assert_eq!(whole, vec![("url".to_string(), 70), ("serde_json".to_string(), 60), ("tachys".to_string(), 50)]);
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
