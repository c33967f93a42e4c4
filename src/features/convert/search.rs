//! Find the user: a debounced, paged `$search` (a [`PagedList`]: every search stops when the view goes away
//! or a newer keystroke supersedes it, before it touches a signal).

use crate::components::error_panel::ErrorPanel;
use crate::components::paged_list::PagedList;
use crate::graph::page::{Page, PageRequest};
use crate::graph::users::{self, DirectoryUser};
use crate::shell::context::use_graph;
use crate::text::{ui::convert as t, Explain};
use leptos::prelude::*;

/// Searches start at this many characters.
const MIN_CHARS: usize = 2;
/// Users per page of results.
const PAGE_SIZE: u32 = 10;

#[component]
pub fn UserSearch(on_pick: Callback<DirectoryUser>) -> impl IntoView {
    let searcher = PagedList::<DirectoryUser>::new(use_graph());
    let (found, searching) = (searcher.loaded, searcher.loading);
    // Views hold only `Send` handles; the list (with its Graph client) stays in local storage.
    let searcher = StoredValue::new_local(searcher);
    let query = RwSignal::new(String::new());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        query.set(text.clone());
        let enough = text.trim().chars().count() >= MIN_CHARS;
        searcher.try_with_value(|s| {
            if enough {
                s.start(PageRequest::First(users::search_path(&text, PAGE_SIZE)))
            } else {
                s.clear()
            }
        });
    };
    let more = Callback::new(move |page: PageRequest| {
        searcher.try_with_value(|s| s.start(page));
    });
    view! {
        <section aria-labelledby="find-title">
            <h2 id="find-title">{t::find()}</h2>
            <label for="user-search">{t::search()}</label>
            <p class="hint" id="user-search-hint">{t::search_hint()}</p>
            <input
                id="user-search"
                type="search"
                autocomplete="off"
                aria-describedby="user-search-hint"
                prop:value=move || query.get()
                on:input=on_input
            />
            {move || searching.get().then(|| view! { <p role="status">{t::searching()}</p> })}
            {move || found.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                Ok(page) => view! { <Results page=page on_pick=on_pick more=more/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Results(page: Page<DirectoryUser>, on_pick: Callback<DirectoryUser>, more: Callback<PageRequest>) -> impl IntoView {
    if page.value.is_empty() {
        return view! { <p role="status">{t::no_match()}</p> }.into_any();
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
            <button type="button" class="secondary" on:click=move |_| more.run(PageRequest::Next(link.clone()))>
                {t::show_more()}
            </button>
        })}
    }
    .into_any()
}
