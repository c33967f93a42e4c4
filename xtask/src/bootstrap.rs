//! Installs the build and test tools, idempotently: each is checked (with its version) and installed only when missing.

use crate::run::{cmd, output, repo_root, status};
use std::path::{Path, PathBuf};

/// Licences, bans and sources of every dependency (`deny.toml`).
const CARGO_DENY_VERSION: &str = "0.20.2";
pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_MAJOR: &str = "132";
/// Microsoft's SPA library, run unmodified against the emulator by the e2e tier; the same as tools/package.json.
pub const MSAL_BROWSER_VERSION: &str = "5.30.0";
/// The minifier of the release build's JavaScript (wasm-bindgen's glue, the views' loader); as tools/package.json.
pub const TERSER_VERSION: &str = "5.51.4";

/// Where the tools ended up, for the commands that use them.
pub struct Tools {
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
}

fn step(name: &str, state: &str) {
    println!("[bootstrap] {name:<18} {state}");
}

/// The wasm-bindgen version in Cargo.lock; wasm-bindgen-cli must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock =
        std::fs::read_to_string(repo_root().join("Cargo.lock")).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn root_prefix() -> Vec<&'static str> {
    // apt-get needs root; use sudo when we are not root and it exists.
    let is_root = output(cmd("id", &["-u"])).as_deref() == Some("0");
    if is_root {
        vec![]
    } else {
        vec!["sudo"]
    }
}

/// What `cargo xtask dist` and `dev` need: the wasm32 target, trunk, wasm-bindgen-cli and the npm tools. No
/// browser, no font.
pub fn ensure_build_tools() -> Result<(), String> {
    println!("[bootstrap] checking the build tools (installing only what is missing)");

    let installed = output(cmd("rustup", &["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        step("wasm32 target", "ok");
    } else {
        step("wasm32 target", "installing");
        status(cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]))?;
    }

    let trunk = output(cmd("trunk", &["--version"])).unwrap_or_default();
    if trunk == format!("trunk {TRUNK_VERSION}") {
        step("trunk", &format!("ok ({trunk})"));
    } else {
        step(
            "trunk",
            &format!(
                "installing {TRUNK_VERSION} (found: {}); this takes about 15 minutes",
                if trunk.is_empty() { "none" } else { &trunk }
            ),
        );
        status(cmd("cargo", &["install", &format!("trunk@{TRUNK_VERSION}"), "--locked"]))?;
    }

    let wbg_version = locked_wasm_bindgen_version()?;
    let wbg = output(cmd("wasm-bindgen", &["--version"])).unwrap_or_default();
    let runner = output(cmd("wasm-bindgen-test-runner", &["--version"])).unwrap_or_default();
    if wbg == format!("wasm-bindgen {wbg_version}") && runner.contains(&wbg_version) {
        step("wasm-bindgen-cli", &format!("ok ({wbg})"));
    } else {
        step(
            "wasm-bindgen-cli",
            &format!(
                "installing {wbg_version} to match Cargo.lock (found: {}); about 6 minutes",
                if wbg.is_empty() { "none" } else { &wbg }
            ),
        );
        // Not --locked: the CLI's own lockfile pins a crate version the registry no longer has.
        status(cmd("cargo", &["install", "wasm-bindgen-cli", "--version", &wbg_version, "--force"]))?;
    }

    let wasm_opt = output(cmd("wasm-opt", &["--version"])).unwrap_or_default();
    let msal = installed_npm_version("@azure/msal-browser");
    let terser = installed_npm_version("terser");
    if wasm_opt.contains(&format!("version_{BINARYEN_MAJOR}"))
        && repo_root().join("tools/node_modules/.bin/wasm-opt").exists()
        && msal.as_deref() == Some(MSAL_BROWSER_VERSION)
        && terser.as_deref() == Some(TERSER_VERSION)
    {
        step("npm tools", &format!("ok ({wasm_opt}; msal-browser {MSAL_BROWSER_VERSION}; terser {TERSER_VERSION})"));
    } else {
        step(
            "npm tools",
            &format!(
                "installing binaryen {BINARYEN_MAJOR}, msal-browser {MSAL_BROWSER_VERSION} and terser {TERSER_VERSION} into tools/"
            ),
        );
        // `npm ci`: exactly what tools/package-lock.json records, integrity hashes checked.
        status(cmd("npm", &["ci", "--prefix", "tools", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// What `test`, `demo`'s users and the benchmarks need on top of the build tools: cargo-deny, and Debian's
/// Chromium, ChromeDriver and a CJK font.
pub fn ensure_tools() -> Result<Tools, String> {
    ensure_build_tools()?;
    println!("[bootstrap] checking the test tools (installing only what is missing)");
    let deny = output(cmd("cargo", &["deny", "--version"])).unwrap_or_default();
    if deny == format!("cargo-deny {CARGO_DENY_VERSION}") {
        step("cargo-deny", &format!("ok ({deny})"));
    } else {
        step("cargo-deny", &format!("installing {CARGO_DENY_VERSION} (found: {deny:?}); about 4 minutes"));
        status(cmd("cargo", &["install", &format!("cargo-deny@{CARGO_DENY_VERSION}"), "--locked"]))?;
    }

    let chromium = which("chromium");
    let chromedriver = which("chromedriver");
    // Chinese text in the e2e tests is laid out and measured with a real CJK font, as a reader's system has.
    let cjk_font = Path::new(CJK_FONT).exists();
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) if cjk_font => {
            let v = output(cmd(&chromium.display().to_string(), &["--version"])).unwrap_or_default();
            step("chromium", &format!("ok ({v}, with a CJK font)"));
            Ok(Tools { chromedriver, chromium })
        }
        _ => {
            step("chromium", "installing chromium, chromium-driver and fonts-noto-cjk with apt-get");
            let prefix = root_prefix();
            let apt = |args: &[&str]| {
                let mut all: Vec<&str> = prefix.clone();
                all.push("apt-get");
                all.extend_from_slice(args);
                let mut c = cmd(all[0], &all[1..]);
                c.env("DEBIAN_FRONTEND", "noninteractive");
                status(c)
            };
            apt(&["update"])?;
            apt(&["install", "-y", "chromium", "chromium-driver", "fonts-noto-cjk"])?;
            match (which("chromium"), which("chromedriver"), Path::new(CJK_FONT).exists()) {
                (Some(chromium), Some(chromedriver), true) => Ok(Tools { chromedriver, chromium }),
                _ => Err("chromium, chromedriver or the CJK font still missing after apt-get install".into()),
            }
        }
    }
}

/// Debian's fonts-noto-cjk.
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

fn which(name: &str) -> Option<PathBuf> {
    output(cmd("sh", &["-c", &format!("command -v {name}")])).filter(|s| !s.is_empty()).map(PathBuf::from)
}

/// The version of an npm package installed in tools/, read from its package.json.
fn installed_npm_version(package: &str) -> Option<String> {
    let text =
        std::fs::read_to_string(repo_root().join("tools/node_modules").join(package).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pinned_npm_tools_are_the_ones_package_json_installs() {
        let text = std::fs::read_to_string(super::repo_root().join("tools/package.json")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["dependencies"]["@azure/msal-browser"], super::MSAL_BROWSER_VERSION);
        assert_eq!(json["dependencies"]["terser"], super::TERSER_VERSION);
    }
}
