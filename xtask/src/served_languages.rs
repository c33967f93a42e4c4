//! The languages other than the compiled-in one, as the page gets them: each catalogue cut into parts, one per
//! module of the app (the words that module shows, `locale_file::served_part`), in `dist/translations/`;
//! the list of those files that `index.html` gives the app (`window.__b2bWords`); and the script in `index.html`
//! that starts fetching the reader's first part while the module downloads, instead of after it has run.
//!
//! Which words each part holds comes from the cut modules themselves: every English text is a literal in the
//! accessor that shows it (build.rs), and the splitter puts a literal in the module of the code that uses it,
//! so the module whose data holds an entry's English text is the module that shows it. A search can find a
//! short text inside a longer one elsewhere as well, which only adds that entry to one more part. The main
//! part holds the main module's words and the sign-in module's (fetched on every admin visit); each other
//! part holds what its module (with the chunks it needs) shows beyond the main part. A reader of Traditional
//! Chinese so fetches about a third of the catalogue before the page works, and the rest with the views.
//!
//! The script decides as the app does, with JavaScript written from the app's own rules
//! (`src/rules/inline_script.rs`: the language, its storage key, the partner's pages, the modules' names; a
//! native test runs it under node against the app's decisions) and, for a language that is not compiled in,
//! adds a preload of its main part (and, on a partner's page, its partner part) with the mode and credentials
//! of the app's own request, which the browser then serves from the preload.

#[path = "../../src/text/locale_file.rs"]
#[allow(dead_code)]
mod locale_file;

use crate::run::repo_root;
use crate::wasm_build::ModuleData;
use locale_file::{part_path, served_part, LocaleFile};
use std::path::Path;

use crate::inline_script::{js_language, js_partner_module, Module, LANGUAGE_KEY};

/// The part with the main module's words (`ui_language::WordsPart::Main`).
const MAIN: &str = Module::Main.name();
/// Modules whose words go in the main part: the sign-in module is fetched on every admin visit.
const IN_MAIN: &[&str] = &[Module::SignIn.name()];

/// A language the app speaks: its tag, the lower-case tags a browser may send for it, and its catalogue
/// (`None` for the compiled-in default).
pub struct Language {
    tag: String,
    browser_tags: Vec<String>,
    file: Option<LocaleFile>,
}

/// The app's languages and the default catalogue, whose texts are searched for in the modules.
pub struct Languages {
    english: LocaleFile,
    all: Vec<Language>,
}

/// Where each fetched language's parts are served: language → part → path.
pub type Manifest = Vec<(String, Vec<(String, String)>)>;

fn read_file(path: &Path) -> Result<LocaleFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    LocaleFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn language(file: &LocaleFile) -> Language {
    let tags = std::iter::once(&file.language.tag).chain(&file.language.also);
    Language {
        tag: file.language.tag.clone(),
        browser_tags: tags.map(|t| t.to_ascii_lowercase()).collect(),
        file: None,
    }
}

/// The languages in this checkout's `i18n/`, in the app's order: the default first, then
/// `i18n/translations/*.json` by file name.
pub fn read() -> Result<Languages, String> {
    let i18n = repo_root().join("i18n");
    let english = read_file(&i18n.join("en.json"))?;
    let mut all = vec![language(&english)];
    let dir = i18n.join("translations");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let file = read_file(&path)?;
        all.push(Language { file: Some(file.clone()), ..language(&file) });
    }
    Ok(Languages { english, all })
}

/// Which entries each part holds, by part name, the main part first (see the module's comment). An entry that
/// no module shows is an error: its key is left over, and the catalogues should lose it.
pub fn partition(english: &LocaleFile, modules: &[ModuleData]) -> Result<Vec<(String, Vec<usize>)>, String> {
    // Lossy text keeps every valid UTF-8 run as it is, and std's search is fast even in a debug build.
    let texts: Vec<(&str, String)> =
        modules.iter().map(|m| (m.name.as_str(), String::from_utf8_lossy(&m.data).into_owned())).collect();
    let words: Vec<String> = english.entries.iter().map(|(_, t)| t.joined()).collect();
    let shown_by =
        |name: &str, entry: usize| texts.iter().any(|(n, t)| *n == name && t.contains(words[entry].as_str()));
    let main: Vec<usize> = (0..words.len())
        .filter(|&i| std::iter::once(MAIN).chain(IN_MAIN.iter().copied()).any(|m| shown_by(m, i)))
        .collect();
    let mut parts = vec![(MAIN.to_string(), main.clone())];
    for (name, _) in texts.iter().filter(|(n, _)| *n != MAIN && !IN_MAIN.contains(n)) {
        let own: Vec<usize> = (0..words.len()).filter(|i| !main.contains(i) && shown_by(name, *i)).collect();
        if !own.is_empty() {
            parts.push((name.to_string(), own));
        }
    }
    let unused: Vec<&str> = english
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !parts.iter().any(|(_, at)| at.contains(i)))
        .map(|(_, (key, _))| key.as_str())
        .collect();
    match unused.is_empty() {
        true => Ok(parts),
        false => Err(format!("i18n: no module shows {unused:?}; remove them from every catalogue")),
    }
}

/// Writes each other language's parts into `dist/translations/`, named by content, and says where they are.
pub fn write_parts(dist: &Path, langs: &Languages, modules: &[ModuleData]) -> Result<Manifest, String> {
    write(dist, langs, &partition(&langs.english, modules)?)
}

/// For the unsplit development build: each other language whole, as its one main part, into `dir/translations/`.
pub fn write_whole(dir: &Path, langs: &Languages) -> Result<Manifest, String> {
    let every: Vec<usize> = (0..langs.english.entries.len()).collect();
    write(dir, langs, &[(MAIN.to_string(), every)])
}

/// Writes each other language's `parts` (part name → its entries) into `dir/translations/`.
fn write(dir: &Path, langs: &Languages, parts: &[(String, Vec<usize>)]) -> Result<Manifest, String> {
    let out = dir.join(crate::dist::TRANSLATIONS);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut manifest = Vec::new();
    for l in &langs.all {
        let Some(file) = &l.file else { continue };
        let mut paths = Vec::new();
        for (part, entries) in parts {
            let served = served_part(file, entries);
            let path = part_path(&l.tag, part, &served);
            let target = dir.join(&path);
            std::fs::write(&target, &served).map_err(|e| format!("{}: {e}", target.display()))?;
            paths.push((part.clone(), path));
        }
        manifest.push((l.tag.clone(), paths));
    }
    Ok(manifest)
}

fn json(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The keys of the words the early offer shows: a welcome link's title (with `{org}`) and button, then a join
/// link's.
const OFFER_KEYS: [&str; 4] = ["partner.title", "partner.accept", "join.title", "join.go"];

/// The early offer's words by language tag, the default language first, as a JavaScript object literal.
pub fn offer_words(langs: &Languages) -> Result<String, String> {
    let of = |file: &LocaleFile| -> Result<String, String> {
        let texts = OFFER_KEYS.iter().map(|key| {
            let (_, text) = file.entries.iter().find(|(k, _)| k == key).ok_or_else(|| format!("i18n: no {key}"))?;
            Ok(json(&text.joined()))
        });
        Ok(format!("{}:[{}]", json(&file.language.tag), texts.collect::<Result<Vec<_>, String>>()?.join(",")))
    };
    let mut entries = vec![of(&langs.english)?];
    for file in langs.all.iter().filter_map(|l| l.file.as_ref()) {
        entries.push(of(file)?);
    }
    Ok(format!("{{{}}}", entries.join(",")))
}

/// The parts' list for the app (`window.__b2bWords`), then the preload; every step of the preload that may
/// throw (a corrupt link, storage the browser refuses) falls through to the next, as the app's reading does.
pub fn script(langs: &Languages, manifest: &Manifest) -> String {
    let words = manifest
        .iter()
        .map(|(tag, parts)| {
            let parts = parts.iter().map(|(p, path)| format!("{}:{}", json(p), json(path))).collect::<Vec<_>>();
            format!("{}:{{{}}}", json(tag), parts.join(","))
        })
        .collect::<Vec<_>>()
        .join(",");
    let tags: Vec<(String, String)> =
        langs.all.iter().flat_map(|l| l.browser_tags.iter().map(move |t| (t.clone(), l.tag.clone()))).collect();
    // W: tag → part → path; F: preloads one file. The decisions are `inline_script`'s, as the app makes them.
    format!(
        concat!(
            "window.__b2bWords={{{words}}};",
            "(()=>{{const W=window.__b2bWords,",
            "F=h=>{{if(!h)return;const k=document.createElement(\"link\");k.rel=\"preload\";k.as=\"fetch\";",
            "k.crossOrigin=\"anonymous\";k.href=h;document.head.append(k)}},",
            "l=({language})(location.hash,()=>localStorage.getItem({key}),()=>navigator.languages);window.__b2bLang=l;",
            "if(l&&W[l]){{F(W[l][{main}]);const m=({partner_module})(location.hash);if(m)F(W[l][m])}}}})()",
        ),
        words = words,
        language = js_language(&tags),
        key = json(LANGUAGE_KEY),
        main = json(MAIN),
        partner_module = js_partner_module(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(name: &str, texts: &[&str]) -> ModuleData {
        let mut data = b"\x00\x01 other data ".to_vec();
        for t in texts {
            data.extend_from_slice(t.as_bytes());
        }
        ModuleData { name: name.into(), data }
    }

    fn english() -> LocaleFile {
        LocaleFile::parse(
            r#"{"$language": {"tag": "en", "name": "English", "plural": ["one", "other"]},
                "a.sign_in": "Sign in", "a.title": "Invite a partner", "a.count": {"one": "{count} guest", "other": "{count} guests"},
                "a.shared": "Copy link", "a.welcome": "Welcome, partner"}"#,
        )
        .unwrap()
    }

    #[test]
    fn each_part_holds_what_its_module_shows_beyond_the_main_part() {
        let modules = [
            module("main", &["Sign in"]),
            module("sign_in", &["Copy link"]),
            module("admin", &["Invite a partner", "{count} guest\u{1f}{count} guests", "Sign in"]),
            module("partner", &["Welcome, partner"]),
        ];
        let parts = partition(&english(), &modules).unwrap();
        assert_eq!(
            parts,
            vec![("main".into(), vec![0, 3]), ("admin".into(), vec![1, 2]), ("partner".into(), vec![4])],
            "the sign-in module's words are in the main part; a word in main is in no other part"
        );
    }

    #[test]
    fn an_entry_no_module_shows_is_refused_by_name() {
        let modules = [module("main", &["Sign in", "Copy link"]), module("admin", &["Invite a partner"])];
        let e = partition(&english(), &modules).unwrap_err();
        assert!(e.contains(r#"["a.count", "a.welcome"]"#), "{e}");
    }

    #[test]
    fn the_script_lists_the_parts_and_preloads_only_what_is_not_compiled_in() {
        let langs = read().unwrap();
        let manifest: Manifest = vec![(
            "zh-TW".into(),
            vec![("main".into(), "translations/zh-TW.main.1.json".into()), ("partner".into(), "p.json".into())],
        )];
        let s = script(&langs, &manifest);
        assert!(
            s.starts_with(
                r#"window.__b2bWords={"zh-TW":{"main":"translations/zh-TW.main.1.json","partner":"p.json"}};"#
            ),
            "{s}"
        );
        assert!(!s.contains(r#""en":{"#), "the compiled-in language is never fetched: {s}");
        assert!(s.contains(r#"T=[["en","en"],["zh-tw","zh-TW"],["zh-hant","zh-TW"]"#), "{s}");
        assert!(s.contains(r#"()=>localStorage.getItem("b2b-portal.language")"#), "{s}");
        let partner = format!(r#"const m=({})(location.hash);if(m)F(W[l][m])}}}})()"#, js_partner_module());
        assert!(s.ends_with(&partner), "{s}");
        // The script's `</` could end the element early.
        assert!(!s.contains("</"), "{s}");
    }
}
