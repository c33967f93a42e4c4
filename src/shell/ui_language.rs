//! The language the app speaks to this reader: chosen from a partner link, the remembered choice or the
//! browser's languages; its catalogue fetched when it is not compiled in; `<html lang>` kept in step; and
//! the switch in the header, which re-renders the page in the new language.

use crate::rules::inline_script::Module;
use crate::rules::partner_link::PartnerLink;
use crate::text::catalogue::{self, Catalogue, Lang, LoadProblem};
use leptos::prelude::*;
use std::cell::RefCell;

/// localStorage key of the reader's choice (`index.html`'s language script reads it too).
pub use crate::rules::inline_script::LANGUAGE_KEY as STORAGE_KEY;

/// The language to open in: a partner link's own language first (its sender chose it for this reader),
/// then the choice remembered in this browser, then the first of the browser's languages the app speaks.
pub fn initial(link: Option<Lang>, remembered: Option<&str>, browser: &[String]) -> Lang {
    link.or_else(|| remembered.and_then(Lang::from_exact_tag))
        .or_else(|| Lang::from_tags(browser.iter().map(String::as_str)))
        .unwrap_or(Lang::DEFAULT)
}

/// The language a partner's welcome link asks for. Only the partner module calls it (`view_modules`): the
/// link's decoder is the partner page's, and the main module need not carry it.
pub fn link_language(payload: &str) -> Option<Lang> {
    PartnerLink::decode(payload).ok()?.lang.as_deref().and_then(Lang::from_exact_tag)
}

/// A module whose words a fetched language serves apart: the main module's (the shell, the start page, and
/// the sign-in module's few), then each group of views `view_modules` loads. The names are the release
/// build's module names, which `cargo xtask dist` uses for the parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordsPart {
    Main,
    Invite,
    Admin,
    Partner,
    PartnerRequest,
    SignedInHome,
}

impl WordsPart {
    pub fn name(self) -> &'static str {
        match self {
            WordsPart::Main => Module::Main.name(),
            WordsPart::Invite => Module::Invite.name(),
            WordsPart::Admin => Module::Admin.name(),
            WordsPart::Partner => Module::Partner.name(),
            WordsPart::PartnerRequest => Module::PartnerRequest.name(),
            WordsPart::SignedInHome => Module::SignedInHome.name(),
        }
    }
}

thread_local! {
    // The parts every language needs now: the main module's, then those of the modules loaded since.
    static NEEDED: RefCell<Vec<WordsPart>> = RefCell::new(vec![WordsPart::Main]);
    // The parts of fetched languages that are here.
    static ARRIVED: RefCell<Vec<(Lang, WordsPart)>> = const { RefCell::new(Vec::new()) };
}

/// Where this build serves one part of `lang`'s words. `index.html` names the files (`window.__b2bWords`,
/// language → part → path), because which words each part holds is known only once the build has cut the
/// modules. `None`: no such part, as that module shows no words the main part lacks.
fn part_path(lang: Lang, part: WordsPart) -> Option<String> {
    let window: wasm_bindgen::JsValue = web_sys::window()?.into();
    let all = js_sys::Reflect::get(&window, &"__b2bWords".into()).ok()?;
    let of_lang = js_sys::Reflect::get(&all, &lang.tag().into()).ok()?;
    js_sys::Reflect::get(&of_lang, &part.name().into()).ok()?.as_string()
}

/// Starts fetching a file; the request leaves at once, so several started together travel together.
fn start_fetch(path: &str) -> Option<js_sys::Promise> {
    Some(web_sys::window()?.fetch_with_str(path))
}

/// The text of a fetch started by [`start_fetch`].
async fn text_of(request: Option<js_sys::Promise>) -> Result<String, LoadProblem> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let network = |e: wasm_bindgen::JsValue| LoadProblem::Network(crate::web::browser::js_error_text(&e));
    let request = request.ok_or(LoadProblem::NotServed)?;
    let response: web_sys::Response = JsFuture::from(request).await.map_err(network)?.dyn_into().map_err(network)?;
    if !response.ok() {
        return Err(LoadProblem::Status(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(network)?).await.map_err(network)?;
    text.as_string().ok_or_else(|| LoadProblem::Network(String::new()))
}

/// The language's catalogue with every part needed now: at once when compiled in or already here, else its
/// missing parts fetched together. The requests leave when this is called, before the future is awaited, so
/// a caller can wait for something else meanwhile.
pub fn load(lang: Lang) -> impl std::future::Future<Output = Result<Catalogue, LoadProblem>> {
    let requests = start_missing_parts(lang);
    async move {
        // The main part first (NEEDED starts with it): it starts the catalogue.
        for (part, request) in requests? {
            let text = text_of(request).await?;
            // After the wait: a load that finished meanwhile may have started the catalogue already.
            match catalogue::ready(lang) {
                Some(c) => c.add_part(&text).map_err(LoadProblem::Catalogue)?,
                None => catalogue::keep(Catalogue::from_part(lang, &text).map_err(LoadProblem::Catalogue)?),
            }
            ARRIVED.with(|a| a.borrow_mut().push((lang, part)));
        }
        catalogue::ready(lang).ok_or(LoadProblem::NotServed)
    }
}

type Requests = Vec<(WordsPart, Option<js_sys::Promise>)>;

/// Requests the parts of `lang` needed now that are not here yet (none for the compiled-in language).
fn start_missing_parts(lang: Lang) -> Result<Requests, LoadProblem> {
    if lang == Lang::DEFAULT {
        return Ok(Vec::new());
    }
    let arrived = |part: &WordsPart| ARRIVED.with(|a| a.borrow().contains(&(lang, *part)));
    let needed: Vec<WordsPart> = NEEDED.with(|n| n.borrow().iter().copied().filter(|p| !arrived(p)).collect());
    let mut requests = Vec::new();
    for part in needed {
        match part_path(lang, part) {
            Some(path) => requests.push((part, start_fetch(&path))),
            None if part == WordsPart::Main => return Err(LoadProblem::NotServed),
            None => {}
        }
    }
    Ok(requests)
}

/// A module's views are here: from now on every language loads their words too. The current language's
/// requests leave at once; the future returns once they are in (a language lent for a partner's mail loads
/// them when it is lent).
pub fn load_words_of(part: WordsPart) -> impl std::future::Future<Output = Result<(), LoadProblem>> {
    NEEDED.with(|n| {
        let mut n = n.borrow_mut();
        if !n.contains(&part) {
            n.push(part);
        }
    });
    let loading = load(catalogue::lang());
    async move { loading.await.map(|_| ()) }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn remembered() -> Option<String> {
    local_storage()?.get_item(STORAGE_KEY).ok().flatten()
}

fn remember(lang: Lang) {
    // A browser that refuses storage just forgets the choice at the next visit.
    if let Some(s) = local_storage() {
        let _ = s.set_item(STORAGE_KEY, lang.tag());
    }
}

pub fn browser_languages() -> Vec<String> {
    let Some(w) = web_sys::window() else { return Vec::new() };
    w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()
}

/// `<html lang>`, so that screen readers pronounce the page and browsers pick fonts for its language.
fn mark_document(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// Makes `c` the language of every word from now on.
pub fn apply(c: Catalogue) {
    catalogue::set_current(c);
    mark_document(c.lang);
}

/// Opens the page in its language, loaded; in the default one when the chosen one cannot be fetched (the
/// switch then offers it again). `link` is the language a partner's welcome link asks for (the shell reads it
/// with the partner module's decoder).
pub async fn start(link: Option<Lang>) {
    let wanted = initial(link, remembered().as_deref(), &browser_languages());
    apply(load(wanted).await.unwrap_or_else(|_| Catalogue::compiled_in()));
}

/// The reader's language in context. The words themselves live in `catalogue`; this says when they
/// changed, so that the shell builds what it shows again.
#[derive(Clone, Copy)]
pub struct UiLanguage {
    pub changed: Trigger,
    /// Why the last switch failed, in the words of the language the page stayed in.
    pub problem: RwSignal<Option<String>>,
}

thread_local! {
    // The switch's button to focus once the page is built again in its language.
    static FOCUS_AFTER_SWITCH: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
    // The language the reader asked for last: a slower fetch for an earlier click must not override it.
    static REQUESTED: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The language whose button should get the focus back, once (after a switch re-rendered the page).
pub fn take_focus_after_switch() -> Option<Lang> {
    FOCUS_AFTER_SWITCH.with(|f| f.take())
}

impl UiLanguage {
    /// Loads `to` and re-renders in it; on failure the page stays as it is and says why.
    pub fn switch(self, to: Lang) {
        REQUESTED.with(|r| r.set(Some(to)));
        if catalogue::lang() == to {
            return;
        }
        self.problem.set(None);
        leptos::task::spawn_local(async move {
            let loaded = load(to).await;
            if REQUESTED.with(|r| r.get()) != Some(to) {
                return;
            }
            match loaded {
                Ok(c) => {
                    apply(c);
                    remember(to);
                    FOCUS_AFTER_SWITCH.with(|f| f.set(Some(to)));
                    self.changed.notify();
                }
                Err(e) => {
                    let why = crate::text::ui::language::load_failed(to.name(), crate::text::rules::load_problem(&e));
                    // The shell outlives every page, but be safe if it was torn down meanwhile.
                    let _ = self.problem.try_set(Some(why));
                }
            }
        });
    }
}

pub fn provide() -> UiLanguage {
    let ui = UiLanguage { changed: Trigger::new(), problem: RwSignal::new(None) };
    provide_context(ui);
    ui
}

pub fn use_ui_language() -> Option<UiLanguage> {
    use_context::<UiLanguage>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh() -> Lang {
        Lang::from_exact_tag("zh-TW").unwrap()
    }

    #[test]
    fn a_link_wins_then_the_remembered_choice_then_the_browser() {
        let browser = vec!["de-DE".to_string(), "zh-TW".to_string()];
        assert_eq!(initial(Some(Lang::DEFAULT), Some("zh-TW"), &browser), Lang::DEFAULT);
        assert_eq!(initial(None, Some("en"), &browser), Lang::DEFAULT);
        assert_eq!(initial(None, None, &browser), zh());
        assert_eq!(initial(None, Some("klingon"), &["zh-Hant-HK".to_string()]), zh());
        assert_eq!(initial(None, None, &["de".to_string()]), Lang::DEFAULT);
        assert_eq!(initial(None, None, &[]), Lang::DEFAULT);
    }

    #[test]
    fn a_partner_link_carries_its_language() {
        let with = PartnerLink::new("https://login.microsoftonline.com/redeem", None).in_language(Some(zh()));
        assert_eq!(link_language(&with.encode()), Some(zh()));
        let without = PartnerLink::new("https://login.microsoftonline.com/redeem", None);
        assert_eq!(link_language(&without.encode()), None);
        assert_eq!(link_language("not-a-link"), None);
    }
}
