//! `cargo xtask size-probes`: what a page the app does not have would weigh, built exactly as the app's main
//! module is (the same profile, wasm-bindgen, wasm-opt and terser), so a step toward the journey goals can be
//! weighed before it is taken (`tools/size-probes/`): `leptos-floor`, the least any Leptos page costs (a config
//! read, a heading, a button).

use crate::run::{cmd, repo_root, status};
use std::path::Path;

/// Each probe: its folder under `tools/size-probes/`, the file cargo writes, and what it stands for.
const PROBES: [(&str, &str, &str); 1] =
    [("leptos-floor", "leptos-floor", "the least a Leptos page costs: a config read, a heading, a working button")];

pub fn run() -> Result<(), String> {
    crate::bootstrap::ensure_build_tools()?;
    let root = repo_root();
    let target = root.join("target/size-probes");
    let mut rows = Vec::new();
    for (dir, artifact, what) in PROBES {
        let manifest = root.join("tools/size-probes").join(dir).join("Cargo.toml");
        let mut build = cmd(
            "cargo",
            &["build", "--release", "--target", "wasm32-unknown-unknown", "--manifest-path", &path(&manifest)],
        );
        build.env("CARGO_TARGET_DIR", &target);
        status(build)?;
        let linked = target.join(format!("wasm32-unknown-unknown/release/{artifact}.wasm"));
        let out = target.join("out").join(dir);
        let _ = std::fs::remove_dir_all(&out);
        let (wasm, glue) = crate::wasm_build::bind_apart(&linked, &out)?;
        let minified = out.join("glue.min.js");
        crate::wasm_build::minify(&out.join("glue.js"), &glue, &minified)?;
        let minified = std::fs::read(&minified).map_err(|e| format!("{}: {e}", minified.display()))?;
        let (wasm, js) = (crate::dist::brotli(&wasm)?.len(), crate::dist::brotli(&minified)?.len());
        let g = crate::dist::grouped;
        rows.push(format!("| `{dir}`: {what} | {} | {} | {} |", g(wasm), g(js), g(wasm + js)));
    }
    let table =
        format!("| probe | wasm (brotli) | glue (brotli) | total |\n|---|---:|---:|---:|\n{}\n", rows.join("\n"));
    println!("\n{table}");
    crate::perf_doc::update("probes", &table)
}

fn path(p: &Path) -> String {
    p.display().to_string()
}
