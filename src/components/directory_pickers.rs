//! The group picker and the people picker of the invite form: a debounced `$search` each (a [`PagedList`], so
//! a search stops when the view goes away or a newer keystroke supersedes it), the results with what decides
//! whether one may be chosen, and the chosen ones with a Remove button each. The bulk run and the entitlement
//! management set-up can take the same pickers.

use crate::components::error_panel::ErrorPanel;
use crate::components::paged_list::PagedList;
use crate::graph::groups::{self, Group};
use crate::graph::page::{Page, PageRequest};
use crate::graph::users::{self, DirectoryUser};
use crate::rules::follow_up::{
    kind, refusal, with_added, without, Chosen, ChosenGroup, RoleAssignableGroups, MAX_GROUPS, MAX_SPONSORS,
};
use crate::rules::invitation_draft::ChosenPerson;
use crate::shell::context::use_graph;
use crate::text::{ui::access as t, Explain};
use leptos::prelude::*;
use serde::de::DeserializeOwned;

/// Searches start at this many characters.
const MIN_CHARS: usize = 2;
/// Results per search.
const PAGE_SIZE: u32 = 8;

/// A picker's list: what is chosen, who hears of a change, and how many it may hold.
struct Choice<T: Send + Sync + 'static> {
    chosen: Signal<Vec<T>>,
    on_change: Callback<Vec<T>>,
    max: usize,
}

impl<T: Send + Sync + 'static> Clone for Choice<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Choice<T> {}

impl<T: Chosen + Clone + Send + Sync + 'static> Choice<T> {
    fn full(self) -> bool {
        self.chosen.with(|c| c.len() >= self.max)
    }

    fn has(self, id: &str) -> bool {
        self.chosen.with(|c| c.iter().any(|x| x.id() == id))
    }

    fn add(self, item: T) {
        if let Some(all) = self.chosen.with_untracked(|c| with_added(c, item, self.max)) {
            self.on_change.run(all);
        }
    }

    fn remove(self, id: &str) {
        self.on_change.run(self.chosen.with_untracked(|c| without(c, id)));
    }
}

/// A search box over a [`PagedList`]: label, hint, the input, and "Searching…".
#[component]
fn SearchField<T: DeserializeOwned + Send + Sync + 'static>(
    id: String,
    label: &'static str,
    hint: &'static str,
    list: StoredValue<PagedList<T>, LocalStorage>,
    path: fn(&str, u32) -> String,
    disabled: Signal<bool>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let searching = list.with_value(|l| l.loading);
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        query.set(text.clone());
        let enough = text.trim().chars().count() >= MIN_CHARS;
        list.try_with_value(|l| match enough {
            true => l.start(PageRequest::First(path(&text, PAGE_SIZE))),
            false => l.clear(),
        });
    };
    let hint_id = format!("{id}-hint");
    view! {
        <label for=id.clone()>{label}</label>
        <p class="hint" id=hint_id.clone()>{hint}</p>
        <input
            id=id
            type="search"
            autocomplete="off"
            aria-describedby=hint_id
            disabled=move || disabled.get()
            prop:value=move || query.get()
            on:input=on_input
        />
        {move || searching.get().then(|| view! { <p role="status">{t::searching()}</p> })}
    }
}

/// Groups by name, each with its kind; those Graph cannot add to are said so and cannot be chosen.
#[component]
pub fn GroupPicker(
    chosen: Signal<Vec<ChosenGroup>>,
    on_change: Callback<Vec<ChosenGroup>>,
    role_groups: Signal<RoleAssignableGroups>,
    disabled: Signal<bool>,
    /// The search box's id, which a field problem focuses (`DraftForm::id`).
    id: String,
) -> impl IntoView {
    let list = PagedList::<Group>::new(use_graph());
    let found = list.loaded;
    let list = StoredValue::new_local(list);
    let choice = Choice { chosen, on_change, max: MAX_GROUPS };
    let results = move |page: Page<Group>| {
        if page.value.is_empty() {
            return view! { <p role="status">{t::no_group()}</p> }.into_any();
        }
        let items = page.value.into_iter().map(move |g| {
            let name = g.display_name.clone().unwrap_or_else(|| g.id.clone());
            let (picked, group_kind) = (ChosenGroup::of(&g), kind(&g));
            let why = move || refusal(&g, role_groups.get());
            let taken = {
                let id = picked.id.clone();
                move || choice.has(&id)
            };
            let label = t::add(&name);
            view! {
                <li>
                    <span class="name">{name.clone()}</span>
                    " "
                    <span class="hint">{t::kind(group_kind)}</span>
                    {move || match why() {
                        Some(r) => view! { <p class="hint">{t::refusal(r)}</p> }.into_any(),
                        None => {
                            let (picked, taken) = (picked.clone(), taken.clone());
                            view! {
                                <button
                                    type="button"
                                    class="secondary"
                                    disabled=move || disabled.get() || taken() || choice.full()
                                    on:click=move |_| choice.add(picked.clone())
                                >
                                    {label.clone()}
                                </button>
                            }
                            .into_any()
                        }
                    }}
                </li>
            }
        });
        view! { <ul class="picker-results">{items.collect_view()}</ul> }.into_any()
    };
    view! {
        <SearchField
            id=id
            label=t::group_search()
            hint=t::group_search_hint()
            list=list
            path=groups::search_path
            disabled=disabled
        />
        {move || found.get().map(|r| match r {
            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
            Ok(page) => results(page),
        })}
        <Chosen
            label=t::chosen_groups()
            items=Signal::derive(move || chosen.get().into_iter().map(|g| (g.id, g.name)).collect())
            on_remove=Callback::new(move |id: String| choice.remove(&id))
            disabled=disabled
        />
        {move || choice.full().then(|| view! { <p class="hint" role="status">{t::group_limit(MAX_GROUPS)}</p> })}
    }
}

/// Colleagues (members of the directory) by name or email, to sponsor the guest.
#[component]
pub fn SponsorPicker(
    chosen: Signal<Vec<ChosenPerson>>,
    on_change: Callback<Vec<ChosenPerson>>,
    disabled: Signal<bool>,
    /// The search box's id, which a field problem focuses (`DraftForm::id`).
    id: String,
    /// What the picker says while nobody is chosen.
    #[prop(optional)]
    empty_hint: Option<&'static str>,
    /// The chosen list's name, when they are not sponsors (approvers, say).
    #[prop(optional)]
    chosen_label: Option<&'static str>,
) -> impl IntoView {
    let list = PagedList::<DirectoryUser>::new(use_graph());
    let found = list.loaded;
    let list = StoredValue::new_local(list);
    let choice = Choice { chosen, on_change, max: MAX_SPONSORS };
    let results = move |page: Page<DirectoryUser>| {
        if page.value.is_empty() {
            return view! { <p role="status">{t::no_person()}</p> }.into_any();
        }
        let items = page.value.into_iter().map(move |u| {
            let person = ChosenPerson {
                id: u.id.clone(),
                name: u.display_name.clone().unwrap_or_default(),
                detail: u.mail.clone().or(u.user_principal_name.clone()).unwrap_or_default(),
            };
            let id = person.id.clone();
            let taken = move || choice.has(&id);
            let label = t::add_person(&person.name, &person.detail);
            view! {
                <li>
                    <button
                        type="button"
                        class="secondary"
                        disabled=move || disabled.get() || taken() || choice.full()
                        on:click=move |_| choice.add(person.clone())
                    >
                        {label}
                    </button>
                </li>
            }
        });
        view! { <ul class="picker-results">{items.collect_view()}</ul> }.into_any()
    };
    view! {
        <SearchField
            id=id
            label=t::person_search()
            hint=t::person_search_hint()
            list=list
            path=users::colleague_search_path
            disabled=disabled
        />
        {move || found.get().map(|r| match r {
            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
            Ok(page) => results(page),
        })}
        <Chosen
            label=chosen_label.unwrap_or_else(t::chosen_sponsors)
            items=Signal::derive(move || {
                chosen.get().into_iter().map(|p| (p.id, format!("{} ({})", p.name, p.detail))).collect()
            })
            on_remove=Callback::new(move |id: String| choice.remove(&id))
            disabled=disabled
        />
        {move || empty_hint.filter(|_| chosen.with(Vec::is_empty)).map(|h| view! { <p class="hint">{h}</p> })}
        {move || choice.full().then(|| view! { <p class="hint" role="status">{t::picker_full(MAX_SPONSORS)}</p> })}
    }
}

/// What is chosen, each with a Remove button named after it.
#[component]
fn Chosen(
    label: &'static str,
    items: Signal<Vec<(String, String)>>,
    on_remove: Callback<String>,
    disabled: Signal<bool>,
) -> impl IntoView {
    move || {
        let all = items.get();
        (!all.is_empty()).then(|| {
            view! {
                <p class="chosen-label">{label}</p>
                <ul class="chosen" aria-label=label>
                    {all
                        .into_iter()
                        .map(|(id, name)| {
                            let label = t::remove(&name);
                            view! {
                                <li>
                                    <span>{name}</span>
                                    " "
                                    <button
                                        type="button"
                                        class="secondary"
                                        disabled=move || disabled.get()
                                        on:click=move |_| on_remove.run(id.clone())
                                    >
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    }
}
