//! Checks the word catalogues and generates their typed accessors, so that a missing or extra key, a
//! misspelt placeholder or a missing plural form is a build error rather than a blank at run time.
//!
//! `i18n/en.json` is the default catalogue: compiled in, and the source of every key and its signature.
//! Each `i18n/translations/*.json` is another language, fetched only by those who choose it: it must have
//! the same keys in the same order, the same placeholders, and exactly its declared plural forms.

#[path = "src/text/locale_file.rs"]
#[allow(dead_code)]
mod locale_file;

use locale_file::{keys_hash, pieces, LocaleFile, Piece, Text, FIELD_SEPARATOR, FORM_SEPARATOR};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const DEFAULT: &str = "i18n/en.json";
const TRANSLATIONS: &str = "i18n/translations";

fn main() {
    println!("cargo:rerun-if-changed={DEFAULT}");
    println!("cargo:rerun-if-changed={TRANSLATIONS}");
    if let Err(problems) = run() {
        for p in &problems {
            println!("cargo:warning={p}");
        }
        panic!("the word catalogues have {} problem(s):\n{}", problems.len(), problems.join("\n"));
    }
}

fn read(path: &Path) -> Result<LocaleFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    LocaleFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), Vec<String>> {
    let default = read(Path::new(DEFAULT)).map_err(|e| vec![e])?;
    let mut problems = check_default(&default);
    let mut others: Vec<LocaleFile> = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(TRANSLATIONS)
        .map_err(|e| vec![format!("{TRANSLATIONS}: {e}")])?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| vec![format!("{}: {e}", path.display())])?;
        match LocaleFile::parse(&text) {
            Ok(file) => {
                problems.extend(check_translation(&default, &file, &path));
                others.push(file);
            }
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| vec![e.to_string()])?).join("catalogue.rs");
    let (lang, catalogue) = generate(&default, &others);
    let lang_out = out.with_file_name("lang.rs");
    std::fs::write(&lang_out, lang).map_err(|e| vec![format!("{}: {e}", lang_out.display())])?;
    std::fs::write(&out, catalogue).map_err(|e| vec![format!("{}: {e}", out.display())])
}

fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for piece in pieces(text).map_err(|e| format!("{e} in {text:?}"))? {
        if let Piece::Placeholder(name) = piece {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    Ok(names)
}

/// All placeholders of an entry, `count` first for a plural one.
fn signature(text: &Text) -> Result<Vec<String>, String> {
    match text {
        Text::Plain(t) => placeholders(t),
        Text::Plural(forms) => {
            let mut names = vec!["count".to_string()];
            for (_, form) in forms {
                for n in placeholders(form)? {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            Ok(names)
        }
    }
}

fn is_ident(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "as", "fn", "in", "if", "mod", "type", "use", "move", "ref", "self", "super", "loop", "match", "return",
        "static", "const", "crate", "where", "impl", "trait", "struct", "enum", "let", "mut", "pub", "true", "false",
        "for", "while", "break", "continue", "else", "extern", "unsafe", "dyn", "box", "async", "await",
    ];
    s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !RESERVED.contains(&s)
}

fn check_forms(file: &LocaleFile, key: &str, forms: &[(String, String)], problems: &mut Vec<String>, tag: &str) {
    let have: Vec<&str> = forms.iter().map(|(c, _)| c.as_str()).collect();
    let want: Vec<&str> = file.language.plural.iter().map(String::as_str).collect();
    if have != want {
        problems.push(format!("{tag}: \"{key}\" has the plural forms {have:?}; this language declares {want:?}"));
    }
}

fn check_default(file: &LocaleFile) -> Vec<String> {
    let mut problems = Vec::new();
    let tag = &file.language.tag;
    let mut seen = BTreeSet::new();
    let mut sections = BTreeSet::new();
    for (key, text) in &file.entries {
        if !seen.insert(key.as_str()) {
            problems.push(format!("{tag}: \"{key}\" appears twice"));
        }
        let parts: Vec<&str> = key.split('.').collect();
        if parts.len() < 2 || !parts.iter().all(|p| is_ident(p)) {
            problems.push(format!("{tag}: \"{key}\" must be section.name in lower-case Rust identifiers"));
        }
        sections.insert(parts[..parts.len() - 1].join("."));
        match signature(text) {
            Ok(names) => {
                if let Some(bad) = names.iter().find(|n| !is_ident(n)) {
                    problems.push(format!("{tag}: \"{key}\": the placeholder \"{bad}\" is not a Rust identifier"));
                }
            }
            Err(e) => problems.push(format!("{tag}: \"{key}\": {e}")),
        }
        if let Text::Plural(forms) = text {
            check_forms(file, key, forms, &mut problems, tag);
        }
        if contains_separator(text) {
            problems.push(format!("{tag}: \"{key}\" contains the control character U+001E or U+001F"));
        }
    }
    // A key may not also be a section ("a.b" and "a.b.c"): it would be a function and a module at once.
    for (key, _) in &file.entries {
        if sections.contains(key.as_str()) {
            problems.push(format!("{tag}: \"{key}\" is both an entry and a section"));
        }
    }
    problems
}

fn check_translation(default: &LocaleFile, file: &LocaleFile, path: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let tag = format!("{} ({})", file.language.tag, path.display());
    let valid_tag = file.language.tag.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !valid_tag || file.language.name.trim().is_empty() {
        problems.push(format!("{tag}: $language needs a BCP 47 \"tag\" and the language's own \"name\""));
    }
    if !file.language.plural.iter().any(|c| c == "other") {
        problems.push(format!("{tag}: \"plural\" must include \"other\""));
    }
    for (at, (key, _)) in default.entries.iter().enumerate() {
        match file.entries.get(at) {
            Some((k, _)) if k == key => {}
            Some((k, _)) => {
                problems.push(format!("{tag}: entry {} is \"{k}\"; the default catalogue has \"{key}\" there", at + 1));
                return problems;
            }
            None => {
                problems.push(format!("{tag}: \"{key}\" is missing"));
                return problems;
            }
        }
    }
    for (key, _) in file.entries.iter().skip(default.entries.len()) {
        problems.push(format!("{tag}: \"{key}\" is not in the default catalogue"));
    }
    for ((key, want), (_, have)) in default.entries.iter().zip(&file.entries) {
        match (want, have) {
            (Text::Plain(_), Text::Plural(_)) | (Text::Plural(_), Text::Plain(_)) => {
                problems.push(format!("{tag}: \"{key}\" must be a {} like the default", kind(want)));
                continue;
            }
            (_, Text::Plural(forms)) => check_forms(file, key, forms, &mut problems, &tag),
            _ => {}
        }
        if contains_separator(have) {
            problems.push(format!("{tag}: \"{key}\" contains the control character U+001E or U+001F"));
        }
        let sets = |t: &Text| signature(t).map(|v| v.into_iter().collect::<BTreeSet<_>>());
        match (sets(want), sets(have)) {
            (Ok(w), Ok(h)) if w != h => {
                problems.push(format!("{tag}: \"{key}\" has the placeholders {h:?}; the default has {w:?}"));
            }
            (_, Err(e)) => problems.push(format!("{tag}: \"{key}\": {e}")),
            _ => {}
        }
    }
    problems
}

/// The served form's separators may appear in no text (`locale_file::served_part`).
fn contains_separator(t: &Text) -> bool {
    let bad = |s: &str| s.contains([FORM_SEPARATOR, FIELD_SEPARATOR]);
    match t {
        Text::Plain(t) => bad(t),
        Text::Plural(forms) => forms.iter().any(|(_, f)| bad(f)),
    }
}

fn kind(t: &Text) -> &'static str {
    match t {
        Text::Plain(_) => "plain text",
        Text::Plural(_) => "set of plural forms",
    }
}

fn variant(tag: &str) -> String {
    tag.split('-')
        .map(|p| {
            let lower = p.to_ascii_lowercase();
            let mut c = lower.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Tag and own name. (Where a fetched language's parts are is known only once the modules are cut: `index.html`
/// says, as `cargo xtask dist` writes it.)
type LangRow<'a> = (&'a str, &'a str);

/// The `Lang` enum (for `src/lang.rs`) and the catalogue's code (for `src/text/catalogue.rs`).
fn generate(default: &LocaleFile, others: &[LocaleFile]) -> (String, String) {
    let mut s = String::from("// Generated by build.rs from i18n/*.json; edit the catalogues, not this file.\n\n");
    let files: Vec<&LocaleFile> = std::iter::once(default).chain(others).collect();
    let langs: Vec<LangRow> = files.iter().map(|f| (f.language.tag.as_str(), f.language.name.as_str())).collect();
    let _ = writeln!(s, "/// The languages the app speaks; the first is compiled in.\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Lang {{");
    for (tag, _) in &langs {
        let _ = writeln!(s, "    {},", variant(tag));
    }
    s.push_str("}\n\nimpl Lang {\n");
    let _ = writeln!(
        s,
        "    pub const ALL: [Lang; {}] = [{}];",
        langs.len(),
        langs.iter().map(|(t, _)| format!("Lang::{}", variant(t))).collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(s, "    pub const DEFAULT: Lang = Lang::{};", variant(langs[0].0));
    let arms = |f: &dyn Fn(&LangRow) -> String| {
        langs.iter().map(|l| format!("            Lang::{} => {},\n", variant(l.0), f(l))).collect::<String>()
    };
    let _ = write!(s, "    /// The BCP 47 tag, for `<html lang>`, `Intl` and links.\n    pub fn tag(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}\n", arms(&|l| format!("{:?}", l.0)));
    let _ = write!(s, "    /// The language's name in itself, for the switch.\n    pub fn name(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}\n", arms(&|l| format!("{:?}", l.1)));
    s.push_str("    /// The tags a browser may send for the language, its own first, lower-case.\n    pub fn tags(self) -> &'static [&'static str] {\n        match self {\n");
    for f in &files {
        let tags: Vec<String> = std::iter::once(&f.language.tag)
            .chain(&f.language.also)
            .map(|t| format!("{:?}", t.to_ascii_lowercase()))
            .collect();
        let _ = writeln!(s, "            Lang::{} => &[{}],", variant(&f.language.tag), tags.join(", "));
    }
    s.push_str("        }\n    }\n}\n\n");
    let lang = std::mem::replace(
        &mut s,
        String::from("// Generated by build.rs from i18n/*.json; edit the catalogues, not this file.\n\n"),
    );
    let _ = writeln!(s, "pub const KEYS_HASH: u64 = {};", keys_hash(default.entries.iter().map(|(k, _)| k.as_str())));
    let _ = writeln!(s, "pub const ENTRIES: usize = {};\n", default.entries.len());
    let _ = writeln!(s, "pub static DEFAULT_PLURALS: &[&str] = &{:?};", default.language.plural);
    s.push_str("\n/// One accessor per key, grouped in modules by the key's sections.\npub mod words {\n");
    write_modules(&mut s, default, &[], 1);
    s.push_str("}\n");
    (lang, s)
}

fn write_modules(s: &mut String, file: &LocaleFile, prefix: &[&str], depth: usize) {
    let indent = "    ".repeat(depth);
    let mut children: Vec<&str> = Vec::new();
    for (index, (key, text)) in file.entries.iter().enumerate() {
        let parts: Vec<&str> = key.split('.').collect();
        if parts.len() > prefix.len() && parts[..prefix.len()] == *prefix {
            if parts.len() == prefix.len() + 1 {
                write_accessor(s, &indent, parts[prefix.len()], index, text);
            } else if !children.contains(&parts[prefix.len()]) {
                children.push(parts[prefix.len()]);
            }
        }
    }
    for child in children {
        let _ = writeln!(s, "{indent}pub mod {child} {{");
        let mut next = prefix.to_vec();
        next.push(child);
        write_modules(s, file, &next, depth + 1);
        let _ = writeln!(s, "{indent}}}");
    }
}

fn write_accessor(s: &mut String, indent: &str, name: &str, index: usize, text: &Text) {
    let root = "crate::text::catalogue";
    let doc = match text {
        Text::Plain(t) => t.clone(),
        Text::Plural(forms) => forms.iter().map(|(c, f)| format!("{c}: {f}")).collect::<Vec<_>>().join(" | "),
    };
    let doc = doc.replace('\n', " ");
    // A text of only spaces (a separator) is shown quoted, so the comment is not empty.
    let doc = if doc.trim().is_empty() { format!("{doc:?}") } else { doc };
    let _ = writeln!(s, "{indent}/// {doc}");
    // The default text is a literal in the accessor, so it ships in the module of the code that shows it.
    let default = format!("{:?}", text.joined());
    let names = signature(text).unwrap_or_default();
    let others: Vec<&String> = names.iter().filter(|n| !(matches!(text, Text::Plural(_)) && *n == "count")).collect();
    let args = others.iter().map(|n| format!("{n}: impl core::fmt::Display")).collect::<Vec<_>>();
    let pairs = others.iter().map(|n| format!("(\"{n}\", &{n})")).collect::<Vec<_>>().join(", ");
    match text {
        Text::Plural(_) => {
            let mut params = vec!["count: u64".to_string()];
            params.extend(args);
            let _ = writeln!(s, "{indent}#[allow(clippy::too_many_arguments)]\n{indent}pub fn {name}({}) -> String {{\n{indent}    {root}::count({index}, {default}, count, &[{pairs}])\n{indent}}}", params.join(", "));
        }
        Text::Plain(_) if names.is_empty() => {
            let _ = writeln!(
                s,
                "{indent}pub fn {name}() -> &'static str {{\n{indent}    {root}::text({index}, {default})\n{indent}}}"
            );
        }
        Text::Plain(_) => {
            let _ = writeln!(s, "{indent}#[allow(clippy::too_many_arguments)]\n{indent}pub fn {name}({}) -> String {{\n{indent}    {root}::fill({index}, {default}, &[{pairs}])\n{indent}}}", args.join(", "));
        }
    }
}
