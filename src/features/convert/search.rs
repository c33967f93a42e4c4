//! Find the user: a debounced, paged `$search`. Every search it spawns stops when the view goes away or a
//! newer keystroke supersedes it, before it touches a signal.

use crate::cancel::{Cancellation, Latest};
use crate::components::error_panel::ErrorPanel;
use crate::context::use_graph;
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::page::{self, Page};
use crate::graph::users::{self, DirectoryUser, SearchPage};
use crate::text::{ui::convert as t, Explain};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Wait this long after the last keystroke before searching.
const DEBOUNCE_MS: u32 = 300;
/// Searches start at this many characters.
const MIN_CHARS: usize = 2;

type Found = Option<Result<Page<DirectoryUser>, GraphError>>;

#[derive(Clone)]
struct Searcher {
    graph: GraphClient,
    cancel: Cancellation,
    latest: Latest,
    found: RwSignal<Found>,
    searching: RwSignal<bool>,
}

impl Searcher {
    fn stale(&self, ticket: u32) -> bool {
        self.cancel.is_cancelled() || !self.latest.is_current(ticket)
    }

    fn start(&self, page: SearchPage) {
        let (me, ticket) = (self.clone(), self.latest.begin());
        spawn_local(async move {
            if matches!(page, SearchPage::First { .. }) {
                gloo_timers::future::TimeoutFuture::new(DEBOUNCE_MS).await;
            }
            if me.stale(ticket) {
                return;
            }
            me.searching.try_set(true);
            let result = users::search(&me.graph, &page).await;
            if me.stale(ticket) {
                return;
            }
            me.searching.try_set(false);
            match (page, result) {
                (SearchPage::Next(_), Ok(more)) => {
                    me.found.try_update(|f| {
                        if let Some(Ok(loaded)) = f {
                            page::append(loaded, more);
                        }
                    });
                }
                (_, result) => {
                    me.found.try_set(Some(result));
                }
            }
        });
    }

    fn clear(&self) {
        self.latest.begin();
        self.found.set(None);
        self.searching.set(false);
    }
}

#[component]
pub fn UserSearch(on_pick: Callback<DirectoryUser>) -> impl IntoView {
    let searcher = Searcher {
        graph: use_graph(),
        cancel: Cancellation::for_this_view(),
        latest: Latest::default(),
        found: RwSignal::new(None),
        searching: RwSignal::new(false),
    };
    let (found, searching) = (searcher.found, searcher.searching);
    // Views hold only `Send` handles; the searcher (with its Graph client) stays in local storage.
    let searcher = StoredValue::new_local(searcher);
    let query = RwSignal::new(String::new());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        query.set(text.clone());
        let enough = text.trim().chars().count() >= MIN_CHARS;
        searcher.try_with_value(|s| if enough { s.start(SearchPage::First { text }) } else { s.clear() });
    };
    let more = Callback::new(move |page: SearchPage| {
        searcher.try_with_value(|s| s.start(page));
    });
    view! {
        <section aria-labelledby="find-title">
            <h2 id="find-title">{t::FIND}</h2>
            <label for="user-search">{t::SEARCH}</label>
            <p class="hint" id="user-search-hint">{t::SEARCH_HINT}</p>
            <input
                id="user-search"
                type="search"
                autocomplete="off"
                aria-describedby="user-search-hint"
                prop:value=move || query.get()
                on:input=on_input
            />
            {move || searching.get().then(|| view! { <p role="status">{t::SEARCHING}</p> })}
            {move || found.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                Ok(page) => view! { <Results page=page on_pick=on_pick more=more/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Results(page: Page<DirectoryUser>, on_pick: Callback<DirectoryUser>, more: Callback<SearchPage>) -> impl IntoView {
    if page.value.is_empty() {
        return view! { <p role="status">{t::NO_MATCH}</p> }.into_any();
    }
    let next = page.next_link.clone();
    view! {
        <ul class="user-results">
            {page
                .value
                .into_iter()
                .map(|u| {
                    let label = t::choose(
                        u.display_name.as_deref().unwrap_or_default(),
                        u.user_principal_name.as_deref().unwrap_or_default(),
                    );
                    view! {
                        <li>
                            <button type="button" class="secondary" on:click=move |_| on_pick.run(u.clone())>
                                {label}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {next.map(|link| view! {
            <button type="button" class="secondary" on:click=move |_| more.run(SearchPage::Next(link.clone()))>
                {t::SHOW_MORE}
            </button>
        })}
    }
    .into_any()
}
