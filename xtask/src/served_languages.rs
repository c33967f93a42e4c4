//! The languages other than the compiled-in one, as the page gets them: each catalogue in its served form
//! (`locale_file::served_json`: the texts without their key names) in `dist/translations/`, and the script in
//! `index.html` that starts fetching the reader's catalogue while the module downloads, instead of after it has run
//! (a reader of Traditional Chinese otherwise waits one more round trip for the page's words).
//!
//! The script reads the language as `src/ui_language.rs` does (a partner link's own language, then the choice
//! stored in this browser, then the first of the browser's languages the app speaks) and, for a language that is
//! not compiled in, adds a preload of its catalogue with the mode and credentials of the app's own request, which
//! the browser then serves from the preload. The languages, their tags, their served form and their paths come
//! from the same files and functions as the app's (`i18n/`, `src/text/locale_file.rs`); a script that guessed
//! otherwise than the app costs one unused request.

#[path = "../../src/text/locale_file.rs"]
#[allow(dead_code)]
mod locale_file;

use crate::run::repo_root;
use locale_file::{served_json, served_path, LocaleFile};
use std::path::Path;

/// `ui_language::STORAGE_KEY`.
const STORAGE_KEY: &str = "b2b-portal.language";

/// A language the app speaks: its tag, the lower-case tags a browser may send for it, and its served catalogue
/// (`None` for the compiled-in default).
pub struct Language {
    tag: String,
    browser_tags: Vec<String>,
    served: Option<Served>,
}

/// A catalogue as the page fetches it: the file name, the path with its version, and the content.
struct Served {
    file_name: String,
    path: String,
    json: String,
}

fn read_file(path: &Path) -> Result<LocaleFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    LocaleFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn language(file: &LocaleFile, served: Option<Served>) -> Language {
    let tags = std::iter::once(&file.language.tag).chain(&file.language.also);
    Language { tag: file.language.tag.clone(), browser_tags: tags.map(|t| t.to_ascii_lowercase()).collect(), served }
}

/// The languages in this checkout's `i18n/`, in the app's order: the default first, then
/// `i18n/translations/*.json` by file name.
pub fn read() -> Result<Vec<Language>, String> {
    let i18n = repo_root().join("i18n");
    let default = read_file(&i18n.join("en.json"))?;
    let mut out = vec![language(&default, None)];
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
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let json = served_json(&file);
        let served = Served { path: served_path(&file_name, &json), file_name, json };
        out.push(language(&file, Some(served)));
    }
    Ok(out)
}

fn json(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The script for these languages; every step that may throw (a corrupt link, storage the browser refuses) falls
/// through to the next, as the app's reading does.
pub fn script(langs: &[Language]) -> String {
    let paths = langs
        .iter()
        .filter_map(|l| Some(format!("{}:{}", json(&l.tag), json(&l.served.as_ref()?.path))))
        .collect::<Vec<_>>()
        .join(",");
    let tags = langs
        .iter()
        .flat_map(|l| l.browser_tags.iter().map(move |t| format!("[{},{}]", json(t), json(&l.tag))))
        .collect::<Vec<_>>()
        .join(",");
    // P: tag → catalogue path; T: browser tag → tag; X: a tag the app speaks, exactly (links, the stored choice);
    // B: `Lang::from_tag` (a browser's tag or one of its subtags); G: a step that throws counts as no answer.
    format!(
        concat!(
            "(()=>{{const P={{{paths}}},T=[{tags}],",
            "X=t=>T.some(e=>e[1]===t)?t:null,",
            "B=t=>{{t=String(t).trim().toLowerCase();const e=T.find(([p])=>t===p||t.startsWith(p+\"-\"));return e?e[1]:null}},",
            "G=f=>{{try{{return f()}}catch(e){{return null}}}},",
            "l=G(()=>{{const m=/^#\\/welcome\\/([^?]*)/.exec(location.hash);",
            "return m&&X(JSON.parse(atob(m[1].replace(/\\/+$/,\"\").replace(/-/g,\"+\").replace(/_/g,\"/\"))).lang)}})",
            "||G(()=>X(localStorage.getItem({key})))",
            "||G(()=>{{for(const t of navigator.languages){{const l=B(t);if(l)return l}}return null}});",
            "if(l&&P[l]){{const k=document.createElement(\"link\");k.rel=\"preload\";k.as=\"fetch\";",
            "k.crossOrigin=\"anonymous\";k.href=P[l];document.head.append(k)}}}})()",
        ),
        paths = paths,
        tags = tags,
        key = json(STORAGE_KEY),
    )
}

/// Writes every other language's served catalogue into `dist/translations/`.
pub fn write_catalogues(dist: &Path, langs: &[Language]) -> Result<(), String> {
    let dir = dist.join(crate::dist::TRANSLATIONS);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for served in langs.iter().filter_map(|l| l.served.as_ref()) {
        let path = dir.join(&served.file_name);
        std::fs::write(&path, &served.json).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_knows_every_tag_and_fetches_only_what_is_not_compiled_in() {
        let langs = read().unwrap();
        let s = script(&langs);
        assert!(s.starts_with(r#"(()=>{const P={"zh-TW":"translations/zh-TW.json?v="#), "{s}");
        assert!(!s.contains(r#""en":"#), "the compiled-in language is never fetched: {s}");
        assert!(s.contains(r#"T=[["en","en"],["zh-tw","zh-TW"],["zh-hant","zh-TW"]"#), "{s}");
        assert!(s.contains(r#"localStorage.getItem("b2b-portal.language")"#), "{s}");
        assert!(s.ends_with(r#"k.crossOrigin="anonymous";k.href=P[l];document.head.append(k)}})()"#), "{s}");
        // The script's `</` could end the element early.
        assert!(!s.contains("</"), "{s}");
    }
}
