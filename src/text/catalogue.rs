//! The words in the chosen language. `build.rs` generates, from `i18n/en.json`, the `Lang` enum, the default
//! catalogue (compiled in) and `words`, one typed accessor per key; the other languages' catalogues are
//! fetched only by those who choose them, checked against the keys this build was made with, and kept for
//! the page's life.
//!
//! The accessors read the current catalogue, which the language switch replaces before it re-renders the
//! page; `with_catalogue` lends another one for a text in someone else's language (a partner's mail).

use super::intl;
use super::locale_file::{pack, pieces, Piece, Served, FORM_SEPARATOR};
use std::cell::{Cell, RefCell};
use std::fmt::Display;

/// Why a language could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadProblem {
    Network(String),
    Status(u16),
    Catalogue(CatalogueProblem),
    /// This page names no file with the language's words (`index.html` was edited, or is not this build's).
    NotServed,
}

pub use crate::lang::Lang;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A language's words, ready to read, and the order of its plural categories (a count's forms are joined in
/// that order). The compiled-in language has no table: each accessor carries its own text, so the words of a
/// view ship in the view's module and a first visit downloads only the words it shows. A fetched language
/// arrives the same way, in parts, one per module (`ui_language` fetches a module's part with its code).
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    pub lang: Lang,
    fetched: Option<&'static Fetched>,
    plurals: &'static [&'static str],
}

/// A fetched language's words so far: one slot per entry, filled as its parts arrive.
#[derive(Debug)]
struct Fetched {
    slots: RefCell<Vec<Option<&'static str>>>,
}

/// Why a fetched catalogue cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogueProblem {
    Unreadable(String),
    /// Another build's catalogue (an old copy in a cache): its keys differ from this build's.
    OtherVersion,
    WrongLanguage(String),
}

impl Catalogue {
    pub fn compiled_in() -> Catalogue {
        Catalogue { lang: Lang::DEFAULT, fetched: None, plurals: DEFAULT_PLURALS }
    }

    /// Starts a fetched language from its first part (in its served form, `locale_file::served_part`);
    /// its words live as long as the page (a language is loaded once).
    pub fn from_part(lang: Lang, json: &str) -> Result<Catalogue, CatalogueProblem> {
        let served = Self::check(lang, json)?;
        let plurals: Vec<&'static str> =
            served.language.plural.iter().map(|c| &*Box::leak(c.clone().into_boxed_str())).collect();
        let fetched: &'static Fetched = Box::leak(Box::new(Fetched { slots: RefCell::new(vec![None; ENTRIES]) }));
        let c = Catalogue { lang, fetched: Some(fetched), plurals: Box::leak(plurals.into_boxed_slice()) };
        c.fill(&served);
        Ok(c)
    }

    /// Adds another part of the same language.
    pub fn add_part(self, json: &str) -> Result<(), CatalogueProblem> {
        let served = Self::check(self.lang, json)?;
        self.fill(&served);
        Ok(())
    }

    /// A part this build can use: readable, of `lang`, written with this build's keys, every text in range.
    fn check(lang: Lang, json: &str) -> Result<Served, CatalogueProblem> {
        let served = Served::parse(json).map_err(|e| CatalogueProblem::Unreadable(e.into()))?;
        if served.language.tag != lang.tag() {
            return Err(CatalogueProblem::WrongLanguage(served.language.tag));
        }
        let in_range = served.entries.iter().all(|&i| i < ENTRIES);
        if !in_range || u64::from_str_radix(&served.keys, 16) != Ok(KEYS_HASH) {
            return Err(CatalogueProblem::OtherVersion);
        }
        Ok(served)
    }

    fn fill(self, served: &Served) {
        let Some(fetched) = self.fetched else { return };
        let (text, ends) = pack(&served.texts);
        let text: &'static str = Box::leak(text.into_boxed_str());
        let mut slots = fetched.slots.borrow_mut();
        let mut start = 0;
        for (&i, end) in served.entries.iter().zip(ends) {
            if let Some(slot) = slots.get_mut(i) {
                *slot = text.get(start..end as usize);
            }
            start = end as usize;
        }
    }

    /// Entry `index`'s words (a count's forms still joined); `default` is the compiled-in language's. A text
    /// whose part has not arrived shows in that language: views wait for their module's part, so only a bug
    /// would show it.
    fn entry(self, index: usize, default: &'static str) -> &'static str {
        let Some(fetched) = self.fetched else { return default };
        fetched.slots.borrow().get(index).copied().flatten().unwrap_or(default)
    }

    /// The form of a count entry for `category`, else its `other` form (the last, by CLDR's order).
    fn form(self, index: usize, default: &'static str, category: &str) -> &'static str {
        let mut forms = self.entry(index, default).split(FORM_SEPARATOR);
        let at = self
            .plurals
            .iter()
            .position(|c| *c == category)
            .or_else(|| self.plurals.iter().position(|c| *c == "other"));
        at.and_then(|i| forms.nth(i)).unwrap_or_default()
    }
}

thread_local! {
    static CURRENT: Cell<Catalogue> = Cell::new(Catalogue::compiled_in());
    static LOADED: RefCell<Vec<Catalogue>> = const { RefCell::new(Vec::new()) };
}

pub fn current() -> Catalogue {
    CURRENT.with(Cell::get)
}

pub fn lang() -> Lang {
    current().lang
}

/// Makes `c` the language every accessor answers in (the caller re-renders what shows words).
pub fn set_current(c: Catalogue) {
    CURRENT.with(|cur| cur.set(c));
}

/// Runs `f` with `c`'s words, then puts the current catalogue back.
pub fn with_catalogue<R>(c: Catalogue, f: impl FnOnce() -> R) -> R {
    let before = CURRENT.with(|cur| cur.replace(c));
    let result = f();
    CURRENT.with(|cur| cur.set(before));
    result
}

/// A catalogue already in memory: the compiled-in one, or one fetched earlier.
pub fn ready(lang: Lang) -> Option<Catalogue> {
    if lang == Lang::DEFAULT {
        return Some(Catalogue::compiled_in());
    }
    LOADED.with(|l| l.borrow().iter().find(|c| c.lang == lang).copied())
}

/// Keeps a fetched catalogue for the page's life.
pub fn keep(c: Catalogue) {
    LOADED.with(|l| l.borrow_mut().push(c));
}

/// Generated accessors: a text without placeholders (`default` in the compiled-in language).
pub fn text(index: usize, default: &'static str) -> &'static str {
    current().entry(index, default)
}

/// Generated accessors: a text with its placeholders filled in.
pub fn fill(index: usize, default: &'static str, args: &[(&str, &dyn Display)]) -> String {
    render(text(index, default), args)
}

/// Generated accessors: the plural form for `n` in the current language, `{count}` written as it counts.
pub fn count(index: usize, default: &'static str, n: u64, args: &[(&str, &dyn Display)]) -> String {
    let c = current();
    let words = c.form(index, default, intl::plural_category(c.lang.tag(), n));
    let number = intl::number(c.lang.tag(), n);
    let mut all: Vec<(&str, &dyn Display)> = vec![("count", &number)];
    all.extend_from_slice(args);
    render(words, &all)
}

fn render(text: &str, args: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 16);
    // The build checked every text; one that still cannot be read is shown as written.
    let Ok(parts) = pieces(text) else { return text.to_string() };
    for part in parts {
        match part {
            Piece::Words(w) => out.push_str(w),
            Piece::Brace(b) => out.push(b),
            Piece::Placeholder(name) => match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => {
                    let _ = write!(out, "{value}");
                }
                None => {
                    let _ = write!(out, "{{{name}}}");
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::locale_file::{served_whole, LocaleFile};

    #[test]
    fn placeholders_are_filled_by_name_and_braces_kept() {
        assert_eq!(render("{b} then {a}, {{literal}}", &[("a", &1), ("b", &"two")]), "two then 1, {literal}");
        assert_eq!(render("no {missing}", &[]), "no {missing}");
    }

    #[test]
    fn browser_tags_choose_traditional_chinese_only_for_its_own_tags() {
        let zh = Lang::from_tag("zh-TW");
        assert!(zh.is_some());
        assert_ne!(zh, Some(Lang::DEFAULT));
        for tag in ["zh-tw", "zh-Hant", "zh-Hant-TW", "zh-HK", "zh-MO"] {
            assert_eq!(Lang::from_tag(tag), zh, "{tag}");
        }
        for tag in ["zh", "zh-CN", "zh-Hans", "zh-Hans-HK", "de", "zht", ""] {
            assert_eq!(Lang::from_tag(tag), None, "{tag}");
        }
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::DEFAULT));
        assert_eq!(Lang::from_tags(["de", "zh-TW", "en"]), zh);
        assert_eq!(Lang::from_tags(["de", "fr"]), None);
        assert_eq!(Lang::from_exact_tag("zh-Hant"), None);
    }

    /// zh-TW as the page fetches it.
    fn zh_tw() -> Catalogue {
        let file = LocaleFile::parse(include_str!("../../i18n/translations/zh-TW.json")).unwrap();
        Catalogue::from_part(Lang::from_exact_tag("zh-TW").unwrap(), &served_whole(&file)).unwrap()
    }

    /// Texts that are the same in both languages on purpose: file names, a dash, a heading with only a
    /// user's name, and names Microsoft does not translate.
    const SAME_IN_BOTH: &[&str] = &[
        "app.none",
        "bulk.export_file_name",
        "guests.export_file_name",
        "guests.delete_export_file_name",
        "writes.export_file_name",
        "convert.facts_title",
    ];

    #[test]
    fn every_text_is_translated_not_left_in_english() {
        let zh = zh_tw();
        let en = LocaleFile::parse(include_str!("../../i18n/en.json")).unwrap();
        let mut untranslated = Vec::new();
        for (index, (key, _)) in en.entries.iter().enumerate() {
            let same = zh.entry(index, "") == en.entries[index].1.joined();
            if same != SAME_IN_BOTH.contains(&key.as_str()) {
                untranslated.push(key.clone());
            }
        }
        assert!(untranslated.is_empty(), "left in English (or listed as the same but translated): {untranslated:?}");
    }

    #[test]
    fn accessors_answer_in_the_current_catalogue_and_count_per_language() {
        use super::words::{account, guests};
        let zh = zh_tw();
        assert_eq!(account::sign_in(), "Sign in");
        assert_eq!(guests::days(1), "1 day");
        assert_eq!(guests::days(2), "2 days");
        with_catalogue(zh, || {
            assert_eq!(account::sign_in(), "登入");
            assert_eq!(guests::days(1), "1 天");
            assert_eq!(guests::overdue("45 天", 30), "45 天，超過 30 天");
        });
        // Lent, then given back.
        assert_eq!(account::sign_in(), "Sign in");
    }

    #[test]
    fn a_stale_or_foreign_catalogue_is_refused() {
        let zh = Lang::from_tag("zh-TW").unwrap();
        let short = r#"{"$language": {"tag": "zh-TW", "name": "x", "plural": ["other"]}, "a.b": "c"}"#;
        let short = served_whole(&LocaleFile::parse(short).unwrap());
        assert_eq!(Catalogue::from_part(zh, &short).err(), Some(CatalogueProblem::OtherVersion));
        // Every entry there, but one key renamed: another build's keys.
        let mut renamed = english_as_chinese();
        renamed.entries[3].0.push('x');
        assert_eq!(Catalogue::from_part(zh, &served_whole(&renamed)).err(), Some(CatalogueProblem::OtherVersion));
        let other = r#"{"$language": {"tag": "fr", "name": "x", "plural": ["other"]}}"#;
        let other = served_whole(&LocaleFile::parse(other).unwrap());
        assert_eq!(Catalogue::from_part(zh, &other).err(), Some(CatalogueProblem::WrongLanguage("fr".into())));
        assert!(matches!(Catalogue::from_part(zh, "<html>"), Err(CatalogueProblem::Unreadable(_))));
        // The authored form, keys and all, is not what the page fetches.
        let authored = include_str!("../../i18n/translations/zh-TW.json");
        assert!(matches!(Catalogue::from_part(zh, authored), Err(CatalogueProblem::Unreadable(_))));
    }

    /// English's file under zh-TW's tag: its counts have two forms each.
    fn english_as_chinese() -> LocaleFile {
        let mut file = LocaleFile::parse(include_str!("../../i18n/en.json")).unwrap();
        file.language.tag = "zh-TW".into();
        file
    }

    #[test]
    fn the_served_form_keeps_every_text_and_each_count_form_in_order() {
        let file = english_as_chinese();
        let served = served_whole(&file);
        assert!(!served.contains("account.sign_in"), "no key names are served");
        let loaded = Catalogue::from_part(Lang::from_exact_tag("zh-TW").unwrap(), &served).unwrap();
        let at = |key: &str| file.entries.iter().position(|(k, _)| k == key).unwrap();
        assert_eq!(loaded.entry(at("account.sign_in"), ""), "Sign in");
        assert_eq!(loaded.form(at("guests.days"), "", "one"), "{count} day");
        assert_eq!(loaded.form(at("guests.days"), "", "other"), "{count} days");
        let after = at("not_found.after");
        assert_eq!(loaded.entry(after, ""), file.entries[after].1.joined());
    }
}
