//! The app's WebAssembly for `dist/`: built with the `split` feature, cut into a main module and one module per
//! split point's group (the views in `src/shell/view_modules.rs`, the sign-in module in `src/auth/sign_in_module.rs`)
//! plus the code groups share, bound by wasm-bindgen, optimised by wasm-opt, and named by content.
//!
//! trunk 0.21 cannot do this (trunk-rs/trunk#1022): the split must happen between linking and wasm-bindgen, and
//! trunk runs those two as one step. So trunk builds the rest of the page (CSS, copied files, minified HTML) and
//! this module adds the module script and its preloads to the `index.html` trunk wrote.

use crate::run::{cmd, repo_root, status};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the on-demand modules go in `dist/`; counted apart from the first visit's download.
pub const VIEWS_DIR: &str = "views";

/// wasm-opt -Os, then --flatten --rereloop -Os, repeated while it shrinks: 8.8 KB less brotli than -Oz, which
/// makes the raw module smaller but compresses worse (measured; see the README's size section).
const WASM_OPT: &[&str] =
    &["-Os", "--flatten", "--rereloop", "-Os", "--converge", "--strip-producers", "--strip-target-features"];

const APP: &str = "b2b-portal";
/// The loader wasm_split writes, which the main module's glue imports by this name.
const LOADER: &str = "__wasm_split.js";

/// What `index.html` must load: the module's glue and the main module, by their final names.
struct Entry {
    glue: String,
    loader: String,
    main: String,
    /// What a return from the sign-in page fetches beside the main module: the sign-in module's files.
    on_return: Vec<String>,
    /// What a partner's request link fetches beside the main module: the request form's module's files.
    for_requests: Vec<String>,
}

/// A module as cut, before anything else touches it: `main`, or a split module's name with the chunks it needs,
/// and the bytes of its data segments (its strings, the words it shows among them).
pub struct ModuleData {
    pub name: String,
    pub data: Vec<u8>,
}

/// Builds the app's modules into `dist` and puts their script and preloads into `dist/index.html`. `words` gets
/// the cut modules' data and returns the language script (`served_languages`), which goes right after the
/// config's early fetch.
/// `offer_words` holds, by language tag, the welcome and join views' titles and buttons
/// (`served_languages::offer_words`), for the offer those links get before the main module is here.
pub fn build(
    dist: &Path,
    offer_words: &str,
    words: impl FnOnce(&[ModuleData]) -> Result<String, String>,
) -> Result<(), String> {
    let work = repo_root().join("target/wasm-split");
    let _ = std::fs::remove_dir_all(&work);
    let (split_dir, bound_dir) = (work.join("split"), work.join("bound"));
    let offer = partner_check(dist, &work.join("partner-check"))?;
    let linked = link()?;
    let mut needs = split(&linked, &split_dir)?;
    let language_script = words(&module_data(&split_dir, &needs)?)?;
    let main = split_dir.join("main.wasm");
    let (bound, glue) = bind(&main, &bound_dir)?;
    let files_of = |split: &str| needs.get(split).cloned().ok_or_else(|| format!("no split point named {split}"));
    let early = Early { on_return: files_of(SIGN_IN_SPLIT)?, for_requests: files_of(REQUEST_SPLIT)? };
    let (entry, mut named) = optimise_and_name(dist, &split_dir, &bound, &glue, &early)?;
    // The check's files weigh as a module of their own in the journeys.
    named.insert(PARTNER_CHECK.into(), offer.glue.clone());
    named.insert(format!("{PARTNER_CHECK}_bg"), offer.wasm.clone());
    needs.insert(PARTNER_CHECK.into(), vec![PARTNER_CHECK.into(), format!("{PARTNER_CHECK}_bg")]);
    write_modules(&needs, &named)?;
    let index = dist.join("index.html");
    let html = read_text(&index)?;
    let html = insert_entry(&html, &entry, &offer, offer_words, &language_script, dist)?;
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// The crate of the check that lets a welcome or join link offer its one step before the main module is here,
/// and the name its files weigh under in the journeys (`journeys`).
pub const PARTNER_CHECK: &str = "partner-check";

/// The check's files in `dist`, as `index.html` names them.
struct Offer {
    glue: String,
    wasm: String,
}

/// Builds the partner check (`partner-check/`: the app's own checks without Leptos) as the main module is built,
/// into `views/`, named by content.
fn partner_check(dist: &Path, work: &Path) -> Result<Offer, String> {
    let release = ["build", "--release", "--target", "wasm32-unknown-unknown", "-p", PARTNER_CHECK];
    status(cmd("cargo", &release))?;
    let linked = repo_root().join("target/wasm32-unknown-unknown/release/partner_check.wasm");
    let (wasm, glue) = bind_apart(&linked, work)?;
    let minifier = format!("terser {} {}", crate::bootstrap::TERSER_VERSION, TERSER.join(" "));
    let id = content_id(&[&wasm, glue.as_bytes(), minifier.as_bytes()]);
    let offer = Offer {
        glue: format!("./{VIEWS_DIR}/{PARTNER_CHECK}-{id}.js"),
        wasm: format!("./{VIEWS_DIR}/{PARTNER_CHECK}-{id}_bg.wasm"),
    };
    std::fs::create_dir_all(dist.join(VIEWS_DIR)).map_err(|e| format!("{}: {e}", dist.display()))?;
    write(&dist.join(&offer.wasm), &wasm)?;
    minify(&work.join("glue-source.js"), &glue, &dist.join(&offer.glue))?;
    Ok(offer)
}

/// A module built apart from the split one (the partner check, `size_probes`), bound by wasm-bindgen into `work`
/// and optimised as the main module is: its wasm, and its glue before minifying (`minify`).
pub fn bind_apart(linked: &Path, work: &Path) -> Result<(Vec<u8>, String), String> {
    let (work_arg, linked_arg) = (work.display().to_string(), linked.display().to_string());
    let bind = ["--target", "web", "--no-typescript", "--out-name", "apart", "--out-dir", &work_arg, &linked_arg];
    status(cmd("wasm-bindgen", &bind))?;
    let optimised = work.join("optimised.wasm");
    optimise_all(&[(work.join("apart_bg.wasm"), optimised.clone())])?;
    Ok((read_bytes(&optimised)?, read_text(&work.join("apart.js"))?))
}

/// The script, a module before the main module's, that on a welcome or join link (and only there) runs the
/// partner check on `config.json` (a copy of the early fetch, which the app still reads) and the link, and when
/// the app would offer the link's one step, puts the view's title and a working button ("Accept invitation",
/// "Continue to My Access") in place of "Loading…",
/// in the reader's words (`window.__b2bLang`, set by the language script, and `<html lang>` with them); the
/// organisation's name is text,
/// never markup. `window.__b2bCheck` settles when it is done (or after 10 s), and the main module waits for it,
/// so the two never share the network; the app removes the offer when it starts. `data-partner-check` on
/// `<html>` says what happened (for the tests).
fn offer_script(offer: &Offer, words: &str) -> String {
    format!(
        concat!(
            "{{const[v,p]=({view})(location.hash),J=v===\"{join}\";if({offer_views}.includes(v)){{",
            "const d=document.documentElement,S=s=>{{d.dataset.partnerCheck=s}},",
            "c=window.__b2bConfig.then(r=>r.clone().text());c.catch(()=>{{}});",
            "window.__b2bCheck=Promise.race([new Promise(z=>setTimeout(z,1e4)),",
            "import(\"{glue}\").then(async m=>{{await m.default({{module_or_path:\"{wasm}\"}});",
            "const o=(J?m.join_offer:m.accept_offer)(await c,p),b=document.getElementById(\"boot\");",
            "if(!o||!b)return S(\"refused\");",
            "const W={words},t=W[window.__b2bLang]?window.__b2bLang:Object.keys(W)[0],w=W[t],i=J?2:0,",
            "n=document.createElement(\"main\"),",
            "h=document.createElement(\"h1\"),k=document.createElement(\"button\");",
            "h.textContent=w[i].split(\"{{org}}\").join(o[1]);k.type=\"button\";k.textContent=w[i+1];",
            "k.onclick=()=>location.assign(o[0]);n.id=\"boot\";n.className=\"container\";n.append(h,k);",
            "d.lang=t;b.replaceWith(n);S(\"offered\")}}).catch(()=>S(\"failed\"))])}}}}",
        ),
        view = crate::inline_script::js_view_and_payload(),
        offer_views = crate::inline_script::js_offer_views(),
        join = crate::inline_script::JOIN_VIEW,
        glue = offer.glue,
        wasm = offer.wasm,
        words = words,
    )
}

/// The linked module with its relocations, which the splitter needs to move code between modules.
fn link() -> Result<PathBuf, String> {
    status(cmd(
        "cargo",
        &[
            "rustc",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--bin",
            APP,
            "--features",
            "split",
            "--",
            "-Clink-arg=--emit-relocs",
        ],
    ))?;
    Ok(repo_root().join(format!("target/wasm32-unknown-unknown/release/{APP}.wasm")))
}

/// The split's name in `src/auth/sign_in_module.rs`: the module a return from the sign-in page needs first.
const SIGN_IN_SPLIT: &str = crate::inline_script::Module::SignIn.name();
/// The split's name for the partner's request form, which a request link needs first.
const REQUEST_SPLIT: &str = crate::inline_script::Module::PartnerRequest.name();

/// The stems of the files (as the splitter named them) that some pages need at once, before the app asks.
struct Early {
    on_return: Vec<String>,
    for_requests: Vec<String>,
}

/// Cuts the module; returns, for each split point's name, the stems of the files it needs.
fn split(linked: &Path, out: &Path) -> Result<HashMap<String, Vec<String>>, String> {
    println!("\n==> wasm_split_cli_support::transform {}", linked.display());
    let input = std::fs::read(linked).map_err(|e| format!("{}: {e}", linked.display()))?;
    let main = out.join("main.wasm");
    let glue = format!("./{APP}.js");
    let mut opts = wasm_split_cli_support::Options::new(&input);
    opts.output_dir = out;
    opts.main_out_path = &main;
    opts.main_module = &glue;
    let split = wasm_split_cli_support::transform(opts).map_err(|e| format!("splitting the module: {e:#}"))?;
    Ok(split.prefetch_map)
}

/// Each module's data as the splitter wrote it: the main module's, and each split's with its chunks'.
fn module_data(split_dir: &Path, needs: &HashMap<String, Vec<String>>) -> Result<Vec<ModuleData>, String> {
    let data_of = |stem: &str| data_bytes(&read_bytes(&split_dir.join(format!("{stem}.wasm")))?);
    let main = crate::inline_script::Module::Main.name();
    let mut out = vec![ModuleData { name: main.into(), data: data_of(main)? }];
    let mut names: Vec<&String> = needs.keys().collect();
    names.sort();
    for name in names {
        let mut data = Vec::new();
        for stem in &needs[name] {
            data.extend(data_of(stem)?);
        }
        out.push(ModuleData { name: name.clone(), data });
    }
    Ok(out)
}

/// The bytes of every data segment of a module, one after another.
fn data_bytes(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::DataSection(reader) = payload.map_err(|e| e.to_string())? {
            for segment in reader {
                out.extend_from_slice(segment.map_err(|e| e.to_string())?.data);
            }
        }
    }
    Ok(out)
}

/// wasm-bindgen on the main module; `--keep-lld-exports` keeps the function table the view modules import.
fn bind(main: &Path, out: &Path) -> Result<(PathBuf, PathBuf), String> {
    let (main_arg, out_arg) = (main.display().to_string(), out.display().to_string());
    status(cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-typescript",
            "--out-name",
            APP,
            "--out-dir",
            &out_arg,
            &main_arg,
        ],
    ))?;
    Ok((out.join(format!("{APP}_bg.wasm")), out.join(format!("{APP}.js"))))
}

/// Runs wasm-opt on every module, two at a time (the machines have two cores).
fn optimise_all(jobs: &[(PathBuf, PathBuf)]) -> Result<(), String> {
    for pair in jobs.chunks(2) {
        let children: Vec<_> = pair
            .iter()
            .map(|(from, to)| {
                let (f, t) = (from.display().to_string(), to.display().to_string());
                let mut args = WASM_OPT.to_vec();
                args.extend([f.as_str(), "-o", t.as_str()]);
                let mut c = cmd("wasm-opt", &args);
                println!("==> wasm-opt {f}");
                c.spawn().map_err(|e| format!("could not start wasm-opt: {e}"))
            })
            .collect::<Result<_, _>>()?;
        for mut child in children {
            let st = child.wait().map_err(|e| e.to_string())?;
            if !st.success() {
                return Err(format!("wasm-opt failed ({st})"));
            }
        }
    }
    Ok(())
}

/// The first 16 hex digits of the content's sha256: a new build's files never meet an old one's in a cache.
fn content_id(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// `text` with every `from` replaced; an error if there is none, so a change in a tool's output fails the build.
fn replace_all(text: &str, from: &str, to: &str, what: &str) -> Result<String, String> {
    if !text.contains(from) {
        return Err(format!("{what}: `{from}` not found; did wasm_split or wasm-bindgen change its output?"));
    }
    Ok(text.replace(from, to))
}

/// Each split module's files by their final names, for the journeys' sizes (`journeys`).
fn write_modules(needs: &HashMap<String, Vec<String>>, named: &HashMap<String, String>) -> Result<(), String> {
    let mut modules = std::collections::BTreeMap::new();
    for (module, stems) in needs {
        let files = stems.iter().map(|s| named.get(s).cloned().ok_or_else(|| format!("{s}.wasm was not written")));
        modules.insert(module.clone(), files.collect::<Result<Vec<_>, _>>()?);
    }
    let path = crate::journeys::file();
    std::fs::write(&path, crate::journeys::write(&modules)).map_err(|e| format!("{}: {e}", path.display()))
}

fn optimise_and_name(
    dist: &Path,
    split_dir: &Path,
    bound: &Path,
    glue: &Path,
    early: &Early,
) -> Result<(Entry, HashMap<String, String>), String> {
    let views = dist.join(VIEWS_DIR);
    std::fs::create_dir_all(&views).map_err(|e| format!("{}: {e}", views.display()))?;
    let mut stems: Vec<String> = std::fs::read_dir(split_dir)
        .map_err(|e| format!("{}: {e}", split_dir.display()))?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".wasm").map(str::to_string))
        .filter(|stem| stem != "main")
        .collect();
    stems.sort();
    let optimised = split_dir.join("optimised");
    std::fs::create_dir_all(&optimised).map_err(|e| format!("{}: {e}", optimised.display()))?;
    let mut jobs = vec![(bound.to_path_buf(), optimised.join("main.wasm"))];
    jobs.extend(stems.iter().map(|s| (split_dir.join(format!("{s}.wasm")), optimised.join(format!("{s}.wasm")))));
    optimise_all(&jobs)?;

    let mut loader = read_text(&split_dir.join(LOADER))?;
    let mut named = HashMap::new();
    for stem in &stems {
        let bytes = read_bytes(&optimised.join(format!("{stem}.wasm")))?;
        let name = format!("{stem}-{}.wasm", content_id(&[&bytes]));
        write(&views.join(&name), &bytes)?;
        let path = format!("./{VIEWS_DIR}/{name}");
        loader = replace_all(&loader, &format!("URL(\"./{stem}.wasm\""), &format!("URL(\"{path}\""), LOADER)?;
        named.insert(stem.clone(), path);
    }
    // The glue and the loader import each other, so one id names both, and the main module with them; it is
    // taken before they are minified, so the minifier and its options are part of it.
    let main = read_bytes(&optimised.join("main.wasm"))?;
    let glue_text = read_text(glue)?;
    let minifier = format!("terser {} {}", crate::bootstrap::TERSER_VERSION, TERSER.join(" "));
    let id = content_id(&[&main, glue_text.as_bytes(), loader.as_bytes(), minifier.as_bytes()]);
    let paths = |stems: &[String]| {
        stems
            .iter()
            .map(|stem| named.get(stem).cloned().ok_or_else(|| format!("{stem}.wasm was not written")))
            .collect::<Result<Vec<_>, _>>()
    };
    let entry = Entry {
        glue: format!("{APP}-{id}.js"),
        loader: format!("{APP}-{id}-views.js"),
        main: format!("{APP}-{id}_bg.wasm"),
        on_return: paths(&early.on_return)?,
        for_requests: paths(&early.for_requests)?,
    };
    // Only the imports: the glue also keys the module's imports by the loader's name, which must stay as linked.
    let glue_text =
        replace_all(&glue_text, &format!("from \"./{LOADER}\""), &format!("from \"./{}\"", entry.loader), "glue")?;
    let loader = replace_all(&loader, &format!("from \"./{APP}.js\""), &format!("from \"./{}\"", entry.glue), LOADER)?;
    write(&dist.join(&entry.main), &main)?;
    minify(&split_dir.join(format!("{APP}.js")), &glue_text, &dist.join(&entry.glue))?;
    minify(&split_dir.join(LOADER), &loader, &dist.join(&entry.loader))?;
    Ok((entry, named))
}

/// terser's options for the glue and the loader: ES modules (their exports keep their names, and only their own
/// bindings are renamed). wasm-bindgen writes its glue readable: 59.8 → 27.4 KB raw, 8.4 → 6.6 KB brotli.
const TERSER: &[&str] = &["--module", "--compress", "--mangle"];

/// `text` (kept at `source` for reading) minified by terser into `to`.
pub fn minify(source: &Path, text: &str, to: &Path) -> Result<(), String> {
    write(source, text.as_bytes())?;
    let (from, out) = (source.display().to_string(), to.display().to_string());
    let mut args = vec![from.as_str()];
    args.extend_from_slice(TERSER);
    args.extend(["--output", out.as_str()]);
    status(cmd("terser", &args))
}

/// Subresource integrity of a file in `dist`, as trunk writes it for the stylesheet.
fn integrity(dist: &Path, name: &str) -> Result<String, String> {
    let bytes = read_bytes(&dist.join(name))?;
    Ok(format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))))
}

/// The start of `index.html`'s script that fetches `config.json` early.
const CONFIG_SCRIPT: &str = "<script>window.__b2bConfig";

/// The page's scripts: the partner check's offer and the main module's loading before `</head>` (the main module
/// waits for the offer, `offer_script`), then right after `CONFIG_SCRIPT`, before the stylesheet, `language`
/// (the other languages' words and the reader's early fetch, `served_languages`) and the early preloads
/// (`preload_early`).
fn insert_entry(
    html: &str,
    entry: &Entry,
    offer: &Offer,
    offer_words: &str,
    language: &str,
    dist: &Path,
) -> Result<String, String> {
    let Entry { glue, main, .. } = entry;
    let tags = format!(
        concat!(
            "<script type=module>{offer}</script>",
            "<script type=module>await window.__b2bCheck;const{{default:init}}=await import(\"./{glue}\");",
            "await init({{module_or_path:\"./{main}\"}})</script>",
        ),
        glue = glue,
        main = main,
        offer = offer_script(offer, offer_words),
    );
    let at = html.find("</head>").ok_or("index.html from trunk has no </head>")?;
    let html = format!("{}{tags}{}", &html[..at], &html[at..]);
    // Before the stylesheet, which would hold back the requests: the language script, then the preloads.
    let html = after_config_script(&html, &preload_early(entry, &Integrity::of(dist, entry)?, offer))?;
    after_config_script(&html, language)
}

/// `html` with `script` in a script element right after the config's early fetch, before the stylesheet,
/// which would hold back a script after it.
pub fn after_config_script(html: &str, script: &str) -> Result<String, String> {
    let config = html.find(CONFIG_SCRIPT).ok_or("index.html has no early fetch of config.json")?;
    let after = config + html[config..].find("</script>").ok_or("the config script is not closed")? + "</script>".len();
    Ok(format!("{}<script>{script}</script>{}", &html[..after], &html[after..]))
}

/// The subresource integrity of the main module's three files.
struct Integrity {
    glue: String,
    loader: String,
    main: String,
}

impl Integrity {
    fn of(dist: &Path, entry: &Entry) -> Result<Integrity, String> {
        Ok(Integrity {
            glue: integrity(dist, &entry.glue)?,
            loader: integrity(dist, &entry.loader)?,
            main: integrity(dist, &entry.main)?,
        })
    }
}

/// A script that preloads what the page needs first: on a welcome or join link the partner check only (the main
/// module waits for it, `offer_script`, and the partner module comes when the app asks for it); elsewhere the
/// main module with its glue and loader, and `on_return` too when the address carries a sign-in response's
/// `code`, `for_requests` on a request link (`inline_script::partner_module`). Same mode and credentials as the
/// loader's own `fetch`, so that request is served by the preload; the main module's with its integrity, as the
/// glue fetches it.
fn preload_early(entry: &Entry, sri: &Integrity, offer: &Offer) -> String {
    let Entry { glue, loader, main, on_return, for_requests } = entry;
    let list = |files: &[String]| files.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(",");
    format!(
        concat!(
            "{{const L=(r,h,i)=>{{const l=document.createElement(\"link\");l.rel=r;l.crossOrigin=\"anonymous\";",
            "if(r===\"preload\")l.as=\"fetch\";if(i)l.integrity=i;l.href=h;document.head.append(l)}},",
            "P=f=>{{for(const h of f)L(\"preload\",h)}};",
            "if({offer_views}.includes(({view})(location.hash)[0])){{",
            "L(\"modulepreload\",\"{check_glue}\");P([\"{check_wasm}\"])}}else{{",
            "L(\"modulepreload\",\"./{glue}\",\"{glue_sri}\");L(\"modulepreload\",\"./{loader}\",\"{loader_sri}\");",
            "L(\"preload\",\"./{main}\",\"{main_sri}\");",
            "if(({sign_in})(location.search))P([{on_return}]);",
            "if(({partner})(location.hash)===\"{request_split}\")P([{for_requests}])}}}}",
        ),
        view = crate::inline_script::js_view_and_payload(),
        offer_views = crate::inline_script::js_offer_views(),
        check_glue = offer.glue,
        check_wasm = offer.wasm,
        glue = glue,
        loader = loader,
        main = main,
        glue_sri = sri.glue,
        loader_sri = sri.loader,
        main_sri = sri.main,
        sign_in = crate::inline_script::js_is_sign_in_return(),
        on_return = list(on_return),
        partner = crate::inline_script::js_partner_module(),
        request_split = REQUEST_SPLIT,
        for_requests = list(for_requests),
    )
}

fn read_text(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn read_bytes(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(p: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(p, bytes).map_err(|e| format!("{}: {e}", p.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_reference_fails_instead_of_shipping_a_broken_name() {
        let js = "import * as import1 from \"./__wasm_split.js\"";
        assert_eq!(
            replace_all(js, "from \"./__wasm_split.js\"", "from \"./app-1-views.js\"", "glue").unwrap(),
            "import * as import1 from \"./app-1-views.js\""
        );
        assert!(replace_all(js, "\"./other.js\"", "x", "glue").is_err());
    }

    const CONFIG: &str = "<script>window.__b2bConfig = fetch(\"config.json\")</script>";

    #[test]
    fn the_entry_ends_the_head_the_language_follows_the_config_and_the_early_script_asks_for_sign_in_and_partner_files()
    {
        let dir = std::env::temp_dir().join(format!("xtask-wasm-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["a.js", "a-views.js", "a_bg.wasm"] {
            std::fs::write(dir.join(f), f).unwrap();
        }
        let entry = Entry {
            glue: "a.js".into(),
            loader: "a-views.js".into(),
            main: "a_bg.wasm".into(),
            on_return: vec!["./views/t-1.wasm".into(), "./views/c-2.wasm".into()],
            for_requests: vec!["./views/r-4.wasm".into()],
        };
        let offer = Offer { glue: "./views/partner-check-5.js".into(), wasm: "./views/partner-check-5_bg.wasm".into() };
        let html = insert_entry(
            &format!("<html><head>{CONFIG}<title>x</title></head><body></body></html>"),
            &entry,
            &offer,
            r#"{"en":["{org} invites you","Accept"]}"#,
            "lang()",
            &dir,
        )
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let start = format!("<html><head>{CONFIG}<script>lang()</script><script>{{const L=");
        assert!(html.starts_with(&start), "{html}");
        assert!(html.contains("</script><title>x</title><script type=module>{const[v,p]="), "{html}");
        assert!(html.ends_with("</script></head><body></body></html>"), "{html}");
        // A welcome or join link asks for the partner check alone; any other page for the main module and what it
        // needs.
        let welcome = format!(
            r#"if(["welcome","join"].includes(({})(location.hash)[0])){{L("modulepreload","./views/partner-check-5.js");P(["./views/partner-check-5_bg.wasm"])}}else{{L("modulepreload","./a.js","sha384-"#,
            crate::inline_script::js_view_and_payload()
        );
        assert!(html.contains(&welcome), "{html}");
        let on_return = format!(
            r#"if(({})(location.search))P(["./views/t-1.wasm","./views/c-2.wasm"])"#,
            crate::inline_script::js_is_sign_in_return()
        );
        assert!(html.contains(&on_return), "{html}");
        let request = format!(
            r#"if(({})(location.hash)==="partner_request")P(["./views/r-4.wasm"])"#,
            crate::inline_script::js_partner_module()
        );
        assert!(html.contains(&request), "{html}");
        // Every inline script gets its hash into the CSP.
        let scripts = crate::csp::inline_scripts(&html);
        assert_eq!(scripts.len(), 5);
        assert_eq!(scripts[1], "lang()");
        assert!(scripts[3].contains(r#"import("./views/partner-check-5.js")"#), "{}", scripts[3]);
        assert!(scripts[3].contains(r#"const W={"en":["{org} invites you","Accept"]}"#), "{}", scripts[3]);
        assert!(scripts[4].starts_with(
            "await window.__b2bCheck;const{default:init}=await import(\"./a.js\");await init({module_or_path:\"./a_bg.wasm\"})"
        ));
    }

    #[test]
    fn names_change_with_any_part_of_the_content() {
        let a = content_id(&[b"main", b"glue"]);
        assert_eq!(a.len(), 16);
        assert_ne!(a, content_id(&[b"main", b"glue!"]));
        assert_eq!(a, content_id(&[b"main", b"glue"]));
    }
}

#[cfg(test)]
mod split_names {
    use crate::inline_script::Module;

    /// The split points' module names in `src/`: each `wasm_split(NAME, …)` attribute, and each
    /// `split_page!(view, NAME, …)` of the views' modules.
    fn names_in(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                names_in(&p, out);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for piece in squeezed.split("wasm_split::wasm_split(").skip(1) {
                out.extend(piece.split([',', ')']).next().map(|n| n.trim().to_string()));
            }
            for piece in squeezed.split("split_page!(").skip(1) {
                out.extend(piece.split(',').nth(1).map(|n| n.trim().to_string()));
            }
        }
    }

    #[test]
    fn the_split_points_name_exactly_the_modules_the_build_knows() {
        let mut found = Vec::new();
        names_in(&crate::run::repo_root().join("src"), &mut found);
        found.retain(|n| n != "$module");
        found.sort();
        found.dedup();
        let mut known: Vec<String> =
            Module::ALL.iter().filter(|m| **m != Module::Main).map(|m| m.name().to_string()).collect();
        known.sort();
        assert_eq!(found, known);
    }
}
