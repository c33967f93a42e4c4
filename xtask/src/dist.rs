//! `cargo xtask dist`: the deployable static site in `dist/`, with the size a browser downloads.

use crate::bootstrap::ensure_build_tools;
use crate::csp::{self, Audience};
use crate::journeys;
use crate::run::{cmd, repo_root, status};
use crate::served_languages;
use crate::size_budget;
use crate::wasm_build;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `dist/`: for production (`cargo xtask dist`) or, for the demo, allowed to reach the emulator on loopback.
/// Needs only the build tools (no browser).
pub fn build_and_report(audience: Audience) -> Result<PathBuf, String> {
    ensure_build_tools()?;
    let dist = repo_root().join("dist");
    build_release(&dist, audience)?;
    let sizes = print_sizes(&dist)?;
    if audience == Audience::Production {
        crate::perf_doc::update("sizes", &sizes.table)?;
    }
    let sizes = sizes.sizes;
    match size_budget::read() {
        Ok(budget) => {
            for (_, line) in size_budget::checks(sizes, budget) {
                println!("{line}");
            }
        }
        Err(e) => println!("size budget: {e}"),
    }
    Ok(dist)
}

/// `trunk build --release --offline` for the page (`release_page`), its CSS and copied files (nothing is downloaded at build
/// time), then the other languages' catalogues (`served_languages`), the app's modules (`wasm_build`), and the
/// page's CSP.
pub fn build_release(dist: &Path, audience: Audience) -> Result<(), String> {
    let dist_arg = dist.display().to_string();
    let page = release_page()?.display().to_string();
    let mut c = cmd("trunk", &["build", "--release", "--offline", "--dist", &dist_arg, &page]);
    // trunk parses NO_COLOR as a boolean flag and rejects `NO_COLOR=1`.
    c.env("NO_COLOR", "true");
    status(c)?;
    let languages = served_languages::read()?;
    let offer_words = served_languages::offer_words(&languages)?;
    wasm_build::build(dist, &offer_words, |modules| {
        let manifest = served_languages::write_parts(dist, &languages, modules)?;
        Ok(served_languages::script(&languages, &manifest))
    })?;
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let with_policy = csp::insert(&html, &csp::policy(&html, audience))?;
    std::fs::write(&index, with_policy).map_err(|e| format!("{}: {e}", index.display()))
}

/// Writes a `.br` and a `.gz` twin beside every file but `config.json`, as a production host pre-compresses.
pub fn compress_twins(dir: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if path.is_dir() {
            // translations/ too: a host compresses the catalogues like everything else.
            compress_twins(&path)?;
            continue;
        }
        if name.ends_with(".br") || name.ends_with(".gz") || name == "config.json" {
            continue;
        }
        let data = std::fs::read(&path).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(format!("{name}.br")), brotli(&data)?).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(format!("{name}.gz")), gzip(&data)?).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The top-level `index.html` without its rust link, in a folder of its own under `target/` with no
/// `Cargo.toml`: trunk then builds only the page, its CSS and copied files, and `wasm_build` adds the modules.
fn release_page() -> Result<PathBuf, String> {
    let root = repo_root();
    let html = std::fs::read_to_string(root.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    let page = without_rust_link(&html)?;
    let dir = root.join("target/release-page");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("index.html");
    std::fs::write(&path, page).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// `html` without the `data-trunk rel="rust"` link, its other trunk links pointing from `target/release-page/`.
fn without_rust_link(html: &str) -> Result<String, String> {
    const RUST_LINK: &str = "<link data-trunk rel=\"rust\"";
    let start = html.find(RUST_LINK).ok_or("index.html has no rust link")?;
    let end = start + html[start..].find('>').ok_or("index.html: the rust link is not closed")? + 1;
    let rest = format!("{}{}", &html[..start], &html[end..]);
    let moved = rest.replace("data-trunk rel=\"css\" href=\"", "data-trunk rel=\"css\" href=\"../../");
    Ok(moved.replace("data-trunk rel=\"copy-file\" href=\"", "data-trunk rel=\"copy-file\" href=\"../../"))
}

/// gzip at its best level, as a host would pre-compress.
pub fn gzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

/// brotli at quality 11, the figure the size budget counts.
pub fn brotli(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out)
            } else {
                out.push(p)
            }
        }
    }
}

/// Where the words of the languages other than the default one are served, in parts (`served_languages`); a
/// reader fetches one language's, so they are counted apart from the download.
pub const TRANSLATIONS: &str = "translations";

/// The brotli sizes that matter to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// The whole site in the default language: every file but `config.json` and the other languages.
    pub site: usize,
    /// What the first visit downloads before the page works: the site without the views' modules.
    pub first_visit: usize,
    /// The largest first part of another language: what its reader fetches before the page works.
    pub largest_language: usize,
    /// Each of `journeys::JOURNEYS`: the first visit and the files its modules need.
    pub journeys: [usize; crate::journeys::JOURNEYS.len()],
}

/// What `print_sizes` measured: the figures the budget judges, and the same as a table for `docs/performance.md`.
pub struct SizeReport {
    pub sizes: Sizes,
    pub table: String,
}

/// `12345` as `12,345`, as the tables in `docs/` write numbers.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A file name with its content id (16 hex digits) shown as `…`, so the table in `docs/` changes only when a
/// size does.
fn without_content_id(name: &str) -> String {
    let mut out = String::new();
    let mut rest = name;
    while !rest.is_empty() {
        let run = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        if run == 16 && !rest[run..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            out.push('…');
            rest = &rest[run..];
        } else {
            let step = rest.chars().next().map_or(1, char::len_utf8).max(run);
            out.push_str(&rest[..step]);
            rest = &rest[step..];
        }
    }
    out
}

/// Prints each file's size raw, gzip and brotli, then the whole site in the default language (all but
/// `config.json`, which each tenant writes, and the other languages' catalogues), the first visit's part of it
/// (without the views' modules, fetched when a view first opens), and what a reader of another language
/// fetches on top (a language's main part on the first visit, the rest with the views).
pub fn print_sizes(dist: &Path) -> Result<SizeReport, String> {
    let mut all = Vec::new();
    files(dist, &mut all);
    all.sort();
    println!("\n{:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    let (mut raw_t, mut gz_t, mut br_t, mut views_br, mut page_br) = (0, 0, 0, 0, 0);
    // Per language: its main part, and all its parts.
    let mut languages: Vec<(String, usize, usize)> = Vec::new();
    let mut table = String::from("| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    let mut brotli_of: std::collections::HashMap<String, usize> = Default::default();
    let row = |table: &mut String, name: &str, raw: usize, gz: usize, br: usize| {
        table.push_str(&format!("| {name} | {} | {} | {} |\n", grouped(raw), grouped(gz), grouped(br)));
    };
    for f in all.iter().filter(|f| f.file_name().is_some_and(|n| n != "config.json")) {
        let data = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let (raw, gz, br) = (data.len(), gzip(&data)?.len(), brotli(&data)?.len());
        let name = f.strip_prefix(dist).unwrap_or(f).display().to_string();
        println!("{name:<48} {raw:>10} {gz:>10} {br:>10}");
        row(&mut table, &format!("`{}`", without_content_id(&name)), raw, gz, br);
        let part = f.strip_prefix(dist).ok();
        if part.is_some_and(|p| p.starts_with(TRANSLATIONS)) {
            // `translations/<tag>.<part>.<hash>.json`
            let file = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mut pieces = file.split('.');
            let (tag, is_main) = (pieces.next().unwrap_or_default().to_string(), pieces.next() == Some("main"));
            match languages.iter_mut().find(|l| l.0 == tag) {
                Some(l) => {
                    l.1 += if is_main { br } else { 0 };
                    l.2 += br;
                }
                None => languages.push((tag, if is_main { br } else { 0 }, br)),
            }
            continue;
        }
        if part.is_some_and(|p| p.starts_with(wasm_build::VIEWS_DIR)) {
            views_br += br;
            brotli_of.insert(name.replace('\\', "/"), br);
        } else if !name.ends_with(".js") && !name.ends_with(".wasm") {
            page_br += br;
        }
        raw_t += raw;
        gz_t += gz;
        br_t += br;
    }
    println!("{:<48} {raw_t:>10} {gz_t:>10} {br_t:>10}", "whole site in English (without config.json)");
    println!("whole site (brotli, what a browser fetches from a compressing host): {br_t} bytes ({:.1} KiB); gzip {gz_t} bytes; uncompressed {raw_t} bytes", br_t as f64 / 1024.0);
    let first_visit = br_t - views_br;
    println!(
        "first visit (brotli, all but {}/, whose modules a view fetches the first time it opens): {first_visit} bytes ({:.1} KiB)",
        wasm_build::VIEWS_DIR,
        first_visit as f64 / 1024.0
    );
    for (tag, first, all) in &languages {
        println!("a reader of {tag} also fetches {first} bytes brotli of its words on the first visit, {all} with every view");
    }
    row(&mut table, "**whole site in English** (without `config.json` and the other languages)", raw_t, gz_t, br_t);
    table.push_str(&format!(
        "\n| total (brotli) | bytes |\n|---|---:|\n| first visit (all but `{}/`) | {} |\n| whole site in English | {} |\n",
        wasm_build::VIEWS_DIR,
        grouped(first_visit),
        grouped(br_t)
    ));
    for (tag, first, all) in &languages {
        table.push_str(&format!("| a reader of {tag}: its words on the first visit | {} |\n", grouped(*first)));
        table.push_str(&format!("| a reader of {tag}: its words with every view | {} |\n", grouped(*all)));
    }
    let largest_language = languages.iter().map(|l| l.1).max().unwrap_or(0);
    let modules_file = journeys::file();
    let modules = journeys::parse(
        &std::fs::read_to_string(&modules_file).map_err(|e| format!("{}: {e}", modules_file.display()))?,
    );
    let mut sizes = [0; journeys::JOURNEYS.len()];
    table.push_str("\n| journey: what is fetched before the page works (brotli) | bytes |\n|---|---:|\n");
    table.push_str(&format!("| the first visit (the start page, Sign in usable) | {} |\n", grouped(first_visit)));
    for (journey, size) in journeys::JOURNEYS.iter().zip(sizes.iter_mut()) {
        let mut total = match journey.base {
            journeys::Base::FirstVisit => first_visit,
            journeys::Base::PageOnly => page_br,
        };
        for f in journeys::files(journey, &modules)? {
            total += brotli_of.get(&f).ok_or_else(|| format!("{f}: not in {}", dist.display()))?;
        }
        println!(
            "{}: {total} bytes brotli (the page, the main module unless it works without, and its modules)",
            journey.label
        );
        table.push_str(&format!("| {} | {} |\n", journey.label, grouped(total)));
        *size = total;
    }
    Ok(SizeReport { sizes: Sizes { site: br_t, first_visit, largest_language, journeys: sizes }, table })
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_ids_are_left_out_of_the_table() {
        let cases = [
            ("b2b-portal-00ba4f8f69208207-views.js", "b2b-portal-…-views.js"),
            ("views/split_admin-ebfb329a37609781.wasm", "views/split_admin-….wasm"),
            ("translations/zh-TW.main.2746f5f213d90baa.txt", "translations/zh-TW.main.….txt"),
            ("main-29479db977821ac5.css", "main-….css"),
            ("index.html", "index.html"),
            // 17 digits are not a content id.
            ("a-00ba4f8f692082071.js", "a-00ba4f8f692082071.js"),
        ];
        for (name, shown) in cases {
            assert_eq!(super::without_content_id(name), shown);
        }
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (146486, "146,486"), (1487962, "1,487,962")];
        for (n, text) in cases {
            assert_eq!(super::grouped(n), text);
        }
    }

    #[test]
    fn the_release_page_has_no_rust_link_and_its_assets_point_back_to_the_top() {
        let html = std::fs::read_to_string(crate::run::repo_root().join("index.html")).unwrap();
        let page = super::without_rust_link(&html).unwrap();
        assert!(html.contains("rel=\"rust\""));
        assert!(!page.contains("rel=\"rust\""), "{page}");
        assert!(page.contains("<link data-trunk rel=\"css\" href=\"../../style/main.css\""), "{page}");
        assert!(page.contains("<link data-trunk rel=\"copy-file\" href=\"../../public/config.json\""), "{page}");
    }
}
