//! The format of a catalogue file, shared by the build script (which checks every file and generates the
//! typed accessors from the default one) and the app (which reads a catalogue it fetched):
//!
//! ```json
//! { "$language": { "tag": "en", "name": "English", "plural": ["one", "other"], "also": [] },
//!   "account.sign_in": "Sign in",
//!   "guests.count": { "one": "{count} guest", "other": "{count} guests" } }
//! ```
//!
//! Members are read in the order they are written (the build script requires every catalogue to follow the
//! default one's order, so the app needs no key names at run time). `{name}` is a placeholder, `{{` and `}}`
//! are literal braces; a count's forms are the CLDR plural categories the language declares.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One entry's words.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Plain(String),
    /// CLDR category (`one`, `other`, …) and its form, in file order.
    Plural(Vec<(String, String)>),
}

/// The `$language` member: the BCP 47 tag, the language's own name for the switch, its plural categories,
/// and other tags a browser may send for it (`zh-Hant` for `zh-TW`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Language {
    pub tag: String,
    pub name: String,
    pub plural: Vec<String>,
    pub also: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LocaleFile {
    pub language: Language,
    pub entries: Vec<(String, Text)>,
}

impl LocaleFile {
    pub fn parse(json: &str) -> Result<LocaleFile, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }
}

/// Separates a count's forms in a packed catalogue (a control character no text may contain).
pub const FORM_SEPARATOR: char = '\u{1f}';

impl Text {
    /// The words as packed and served: a count's forms joined with `FORM_SEPARATOR`, in the order the language
    /// declares its plural categories (build.rs requires each count to follow it).
    pub fn joined(&self) -> String {
        match self {
            Text::Plain(words) => words.clone(),
            Text::Plural(forms) => {
                forms.iter().map(|(_, form)| form.as_str()).collect::<Vec<_>>().join(&FORM_SEPARATOR.to_string())
            }
        }
    }
}

/// All texts (each `Text::joined`) in one string, with the end of each: a compact table for the app to slice.
pub fn pack(texts: impl IntoIterator<Item = impl AsRef<str>>) -> (String, Vec<u32>) {
    let mut packed = String::new();
    let mut ends = Vec::new();
    for text in texts {
        packed.push_str(text.as_ref());
        ends.push(packed.len() as u32);
    }
    (packed, ends)
}

/// Separates the fields of a served part (a control character no text may contain, like `FORM_SEPARATOR`).
pub const FIELD_SEPARATOR: char = '\u{1e}';

/// Where the page fetches one part of a translation (relative to the page; `cargo xtask dist` writes each part
/// there), named by its content so that a new build's words never meet an old build's cache.
pub fn part_path(tag: &str, part: &str, served: &str) -> String {
    format!("translations/{tag}.{part}.{:016x}.txt", keys_hash([served]))
}

/// The part of a translation that one module shows (`cargo xtask dist` finds which entries that is), as the
/// page fetches it: fields separated by `FIELD_SEPARATOR`, which the app splits without a JSON parser. First
/// the language (tag, own name, plural categories and other tags, each list space-separated), the hash of all
/// its keys (hex), where its texts go (runs of consecutive entries, each as its first index and its length,
/// comma-separated), then the texts, a count's forms joined by `FORM_SEPARATOR`. No key names: the app needs
/// none at run time, and they were over a quarter of the download.
pub fn served_part(file: &LocaleFile, entries: &[usize]) -> String {
    let l = &file.language;
    let keys = format!("{:016x}", keys_hash(file.entries.iter().map(|(k, _)| k.as_str())));
    let at = runs(entries).iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let head = [l.tag.clone(), l.name.clone(), l.plural.join(" "), l.also.join(" "), keys, at];
    let texts = entries.iter().filter_map(|&i| file.entries.get(i)).map(|(_, t)| t.joined());
    head.into_iter().chain(texts).collect::<Vec<_>>().join(&FIELD_SEPARATOR.to_string())
}

/// Every entry of a translation as one part (tests, and a language served whole).
pub fn served_whole(file: &LocaleFile) -> String {
    served_part(file, &(0..file.entries.len()).collect::<Vec<_>>())
}

/// Ascending entry indices as runs, flattened: `[0, 1, 2, 7]` → `[0, 3, 7, 1]`.
pub fn runs(entries: &[usize]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for &i in entries {
        let i = i as u32;
        match out.len() {
            n if n >= 2 && out[n - 2] + out[n - 1] == i => out[n - 1] += 1,
            _ => out.extend([i, 1]),
        }
    }
    out
}

/// A served part, read back (`served_part`'s form).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Served {
    pub language: Language,
    /// `keys_hash` of the keys it was written with, in hex.
    pub keys: String,
    /// The entry of each text, in order.
    pub entries: Vec<usize>,
    pub texts: Vec<String>,
}

impl Served {
    pub fn parse(text: &str) -> Result<Served, &'static str> {
        let mut fields = text.split(FIELD_SEPARATOR);
        let mut next = || fields.next().ok_or("the file ends early");
        let list = |s: &str| s.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>();
        let (tag, name, plural, also) = (next()?, next()?, next()?, next()?);
        let language = Language { tag: tag.into(), name: name.into(), plural: list(plural), also: list(also) };
        let keys = next()?.to_string();
        let at: Vec<usize> = match next()? {
            "" => Vec::new(),
            runs => runs.split(',').map(str::parse).collect::<Result<_, _>>().map_err(|_| "unreadable runs")?,
        };
        let mut entries = Vec::new();
        for run in at.chunks(2) {
            let [first, len] = run else { return Err("unreadable runs") };
            entries.extend((*first..).take(*len));
        }
        let texts: Vec<String> = fields.map(str::to_string).collect();
        if entries.len() != texts.len() || language.tag.is_empty() {
            return Err("the texts do not match their places");
        }
        Ok(Served { language, keys, entries, texts })
    }
}

/// FNV-1a over the keys in order: the build bakes it in, the app compares a fetched file against it.
pub fn keys_hash<'a>(keys: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for key in keys {
        for b in key.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A piece of a text: literal words or a placeholder's name.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    Words(&'a str),
    Brace(char),
    Placeholder(&'a str),
}

/// What is malformed in a text (build.rs words it; the app only needs to know that it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PieceProblem<'a> {
    LoneClosingBrace,
    Unclosed,
    NotAPlaceholder(&'a str),
}

impl fmt::Display for PieceProblem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            PieceProblem::LoneClosingBrace => f.write_str("a lone \"}\" (write \"}}\" for a brace)"),
            PieceProblem::Unclosed => f.write_str("an unclosed \"{\""),
            PieceProblem::NotAPlaceholder(name) => {
                write!(f, "\"{{{name}}}\" is not a placeholder (lower-case letters, digits and _)")
            }
        }
    }
}

/// Splits a text into words and placeholders; `Err` says what is malformed.
pub fn pieces(text: &str) -> Result<Vec<Piece<'_>>, PieceProblem<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        if at > 0 {
            out.push(Piece::Words(&rest[..at]));
        }
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push(Piece::Brace(if tail.starts_with('{') { '{' } else { '}' }));
            rest = &tail[2..];
        } else if tail.starts_with('}') {
            return Err(PieceProblem::LoneClosingBrace);
        } else {
            let close = tail.find('}').ok_or(PieceProblem::Unclosed)?;
            let name = &tail[1..close];
            let valid =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit());
            if !valid {
                return Err(PieceProblem::NotAPlaceholder(name));
            }
            out.push(Piece::Placeholder(name));
            rest = &tail[close + 1..];
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Words(rest));
    }
    Ok(out)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, or an object of plural forms")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::Plain(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text::Plain(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        let mut forms = Vec::new();
        while let Some((category, form)) = map.next_entry::<String, String>()? {
            forms.push((category, form));
        }
        Ok(Text::Plural(forms))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct Strings(Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Strings, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Strings(out))
            }
        }
        d.deserialize_seq(V)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Language;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("{\"tag\", \"name\", \"plural\", \"also\"}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Language, A::Error> {
                let mut language = Language::default();
                while let Some(field) = map.next_key::<String>()? {
                    match field.as_str() {
                        "tag" => language.tag = map.next_value()?,
                        "name" => language.name = map.next_value()?,
                        "plural" => language.plural = map.next_value::<Strings>()?.0,
                        "also" => language.also = map.next_value::<Strings>()?.0,
                        other => return Err(de::Error::custom(format!("unknown field \"{other}\" in $language"))),
                    }
                }
                Ok(language)
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for LocaleFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LocaleFile, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LocaleFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a catalogue object starting with \"$language\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LocaleFile, A::Error> {
                match map.next_key::<String>()? {
                    Some(k) if k == "$language" => {}
                    _ => return Err(de::Error::custom("the first member must be \"$language\"")),
                }
                let language = map.next_value::<Language>()?;
                let mut entries = Vec::new();
                while let Some((key, text)) = map.next_entry::<String, Text>()? {
                    entries.push((key, text));
                }
                Ok(LocaleFile { language, entries })
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_text_says_what_is_wrong() {
        assert_eq!(pieces("a } b"), Err(PieceProblem::LoneClosingBrace));
        assert_eq!(pieces("a {name"), Err(PieceProblem::Unclosed));
        assert_eq!(pieces("a {Name} b"), Err(PieceProblem::NotAPlaceholder("Name")));
        assert_eq!(
            PieceProblem::NotAPlaceholder("Name").to_string(),
            "\"{Name}\" is not a placeholder (lower-case letters, digits and _)"
        );
        assert_eq!(
            pieces("{{x}} {n}"),
            Ok(vec![
                Piece::Brace('{'),
                Piece::Words("x"),
                Piece::Brace('}'),
                Piece::Words(" "),
                Piece::Placeholder("n")
            ])
        );
    }
}
