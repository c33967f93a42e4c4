//! The language the app speaks to this reader: chosen from a partner link, the remembered choice or the
//! browser's languages; its catalogue fetched when it is not compiled in; `<html lang>` kept in step; and
//! the switch in the header, which re-renders the page in the new language.

use crate::onboarding::partner_link::PartnerLink;
use crate::routing::Route;
use crate::text::catalogue::{self, Catalogue, CatalogueProblem, Lang};
use leptos::prelude::*;

/// localStorage key of the reader's choice: a preference, not a secret.
pub const STORAGE_KEY: &str = "b2b-portal.language";

/// The language to open in: a partner link's own language first (its sender chose it for this reader),
/// then the choice remembered in this browser, then the first of the browser's languages the app speaks.
pub fn initial(link: Option<Lang>, remembered: Option<&str>, browser: &[String]) -> Lang {
    link.or_else(|| remembered.and_then(Lang::from_exact_tag))
        .or_else(|| Lang::from_tags(browser.iter().map(String::as_str)))
        .unwrap_or(Lang::DEFAULT)
}

/// The language a partner link asks for, when the address is one.
pub fn of_route(route: &Route) -> Option<Lang> {
    match route {
        Route::PartnerWelcome { payload } => {
            PartnerLink::decode(payload).ok()?.lang.as_deref().and_then(Lang::from_exact_tag)
        }
        _ => None,
    }
}

/// Why a language could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadProblem {
    Network(String),
    Status(u16),
    Catalogue(CatalogueProblem),
}

/// The language's catalogue: at once when compiled in or fetched before, else fetched (once).
pub async fn load(lang: Lang) -> Result<Catalogue, LoadProblem> {
    if let Some(ready) = catalogue::ready(lang) {
        return Ok(ready);
    }
    let Some(path) = lang.catalogue_path() else { return Ok(Catalogue::compiled_in()) };
    let response = gloo_net::http::Request::get(path).send().await.map_err(|e| LoadProblem::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadProblem::Status(response.status()));
    }
    let text = response.text().await.map_err(|e| LoadProblem::Network(e.to_string()))?;
    let loaded = Catalogue::from_json(lang, &text).map_err(LoadProblem::Catalogue)?;
    catalogue::keep(loaded);
    Ok(loaded)
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
/// switch then offers it again).
pub async fn start(route: &Route) {
    let wanted = initial(of_route(route), remembered().as_deref(), &browser_languages());
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
        assert_eq!(of_route(&Route::PartnerWelcome { payload: with.encode() }), Some(zh()));
        let without = PartnerLink::new("https://login.microsoftonline.com/redeem", None);
        assert_eq!(of_route(&Route::PartnerWelcome { payload: without.encode() }), None);
        assert_eq!(of_route(&Route::Home), None);
    }
}
