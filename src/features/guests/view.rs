//! The guests page: filters, the list with its count and "Load more", the settings for resends, the
//! actions for one guest or a selection, and the export.

use super::deletion::{DeleteProgress, DeleteRun};
use super::export;
use super::filters::{Filters, GuestFilters};
use super::list::{GuestTable, Listing, RowAction};
use super::organisations::Organisations;
use super::selection::SelectionPanel;
use super::single::{resend_of, single_action, ResetPanel, SingleResult};
use super::sponsors::SponsorBook;
use crate::batch_run::results::RunResults;
use crate::batch_run::run::{BulkRun, RunProgress};
use crate::batch_run::write_run::{WriteRun, WriteRunPanel};
use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::{DraftForm, InvitationSettingsFields};
use crate::components::paged_list::{Loaded, PagedList};
use crate::graph::directory_roles::my_capabilities;
use crate::graph::error::GraphError;
use crate::graph::guests::{Guest, SignInAccess, FULL_PAGE_SIZE, NO_PREMIUM_LICENCE};
use crate::graph::page::PageRequest;
use crate::rules::inactivity::{SignInColumn, SIGN_IN_PERMISSION};
use crate::rules::permission::permission;
use crate::rules::user_change::UserChange;
use crate::shell::context::{use_graph, use_session};
use crate::text::{ui::guests as t, Explain};
use crate::web::csv_export;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Where the resend settings are kept (cleared with every draft at sign-out).
const SETTINGS_KEY: &str = "b2b.draft.guests-settings";

/// The guests of the loaded pages that are selected, in list order.
fn chosen_of(loaded: RwSignal<Loaded<Guest>>, selected: RwSignal<BTreeSet<String>>) -> Signal<Vec<Guest>> {
    Signal::derive(move || {
        selected.with(|s| {
            loaded.with(|l| match l {
                Some(Ok(p)) => p.value.iter().filter(|g| s.contains(&g.id)).cloned().collect(),
                _ => Vec::new(),
            })
        })
    })
}

/// Whether the signed-in admin's roles allow a reset (`None` until they are known).
fn can_reset() -> Signal<Option<bool>> {
    let graph = use_graph();
    let caps = LocalResource::new(move || {
        let graph = graph.clone();
        async move { my_capabilities(&graph).await.ok() }
    });
    Signal::derive(move || caps.get().flatten().map(|c| c.can_reset_redemption()))
}

/// Whether the list shows the last sign-ins: with the permission, until the tenant says it has no licence.
/// That answer is a 403 for the whole list, which then loads again without them.
fn sign_in_column(loader: StoredValue<PagedList<Guest>, LocalStorage>) -> Memo<SignInColumn> {
    let granted = use_session().granted_scopes();
    let refused = RwSignal::new(false);
    let loaded = loader.with_value(|l| l.loaded);
    Effect::new(move |_| {
        loaded.with(|l| {
            if let Some(Err(GraphError::Http { status: 403, code, .. })) = l {
                if code == NO_PREMIUM_LICENCE {
                    refused.set(true);
                }
            }
        })
    });
    Memo::new(move |_| SignInColumn::of(granted.with(|g| permission(g, SIGN_IN_PERMISSION)), refused.get()))
}

#[component]
pub fn GuestsPage() -> impl IntoView {
    let now_ms = js_sys::Date::now();
    let filters = Filters::new();
    let loader = StoredValue::new_local(PagedList::<Guest>::new(use_graph()));
    let column = sign_in_column(loader);
    let sponsors = SponsorBook::new(loader.with_value(|l| l.loaded), loader.with_value(|l| l.loading));
    let me = crate::shell::context::use_me();
    let listing = Listing {
        filters,
        column,
        now_ms,
        sponsors,
        me: Memo::new(move |_| me.get().map(|p| p.id).unwrap_or_default()),
    };
    let query = move || filters.query(now_ms, column.get().query());
    let reload = move || {
        let q = untrack(query);
        loader.with_value(|l| l.start(PageRequest::First(q.path())));
    };
    let load_all = Callback::new(move |_: ()| {
        let q = untrack(query);
        loader.with_value(|l| l.start_all(q.path_with_top(FULL_PAGE_SIZE)));
    });
    let selected = RwSignal::new(BTreeSet::<String>::new());
    // Another query shows other guests: a selection never reaches guests the admin no longer sees.
    Effect::new(move |_| {
        query();
        selected.set(BTreeSet::new());
        reload();
    });
    let chosen = chosen_of(loader.with_value(|l| l.loaded), selected);
    // The panel is built when a selection starts and dropped when it ends, not on every click.
    let any_chosen = Memo::new(move |_| chosen.with(|c| !c.is_empty()));
    // The resend settings are kept like the invite form's.
    let form = DraftForm::kept(SETTINGS_KEY, "guests");
    let (resends, deletes) = (BulkRun::new(use_graph()), DeleteRun::new(loader, selected));
    // What a block, an unblock or a new sponsor carried out shows in the list at once.
    let writes = WriteRun::new(Callback::new(move |(change, ids): (UserChange, Vec<String>)| match change {
        UserChange::SignIn(access) => {
            loader.try_with_value(|l| {
                l.update_each(|g| {
                    if ids.contains(&g.id) {
                        g.account_enabled = Some(access == SignInAccess::Allowed);
                    }
                })
            });
        }
        UserChange::AddSponsor(p) => sponsors.added(&ids, &p),
    }));
    let send = single_action();
    // A resend or reset changes the guest (a reset makes them pending again): show Graph's view of it.
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            reload();
        }
    });
    let resetting = RwSignal::new(None::<Guest>);
    let on_action = Callback::new(move |a: RowAction| match a {
        RowAction::Resend(g) => {
            resetting.set(None);
            if let Some(r) = resend_of(&g, form) {
                send.dispatch(r);
            }
        }
        RowAction::Reset(g) => resetting.set(Some(g)),
    });
    let can_reset = can_reset();
    view! {
        <h1 id="page-title" tabindex="-1" class="wide-page">{t::title()}</h1>
        <p>{t::intro()}</p>
        <GuestFilters filters=filters column=column.into()/>
        <ResendSettings form=form/>
        <GuestList loader=loader listing=listing selected=selected on_action=on_action load_all=load_all/>
        <Organisations loaded=loader.with_value(|l| l.loaded) listing=listing load_all=load_all/>
        {move || resetting.get().map(|g| view! {
            <ResetPanel guest=g form=form can_reset=can_reset send=send on_close=Callback::new(move |_| resetting.set(None))/>
        })}
        <SingleResult send=send/>
        {move || any_chosen.get().then(|| view! {
            <SelectionPanel
                chosen=chosen
                form=form
                resends=resends
                deletes=deletes
                writes=writes
                window=filters.inactive_days.into()
                column=column.into()
                now_ms=now_ms
                sponsors=sponsors
                me=me
            />
        })}
        <Runs resends=resends deletes=deletes writes=writes/>
    }
}

/// The settings for resends, behind a disclosure button.
#[component]
fn ResendSettings(form: DraftForm) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="secondary"
            aria-expanded=move || open.get().to_string()
            aria-controls="guests-settings"
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {t::settings()}
        </button>
        // Hidden, not removed: the settings stay as typed while closed.
        <div id="guests-settings" prop:hidden=move || !open.get()>
            <p class="hint">{t::settings_hint()}</p>
            <InvitationSettingsFields form=form/>
        </div>
    }
}

/// The selection's resend run and deletion, once started.
#[component]
fn Runs(resends: BulkRun, deletes: DeleteRun, writes: WriteRun) -> impl IntoView {
    let has_writes = Memo::new(move |_| writes.rows.with(|r| !r.is_empty()));
    let has_resends = Memo::new(move |_| resends.running().get() || resends.has_results());
    let has_deletes = Memo::new(move |_| deletes.running().get() || deletes.results.with(|r| !r.is_empty()));
    view! {
        {move || has_resends.get().then(|| view! {
            <section aria-labelledby="guests-resends-title">
                <h2 id="guests-resends-title">{t::resends_heading()}</h2>
                <RunProgress run=resends/>
                <RunResults run=resends/>
            </section>
        })}
        {move || has_writes.get().then(|| view! { <WriteRunPanel run=writes/> })}
        {move || has_deletes.get().then(|| view! { <DeleteProgress run=deletes/> })}
    }
}

/// What the list area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListState {
    NotYet,
    Failed,
    Empty,
    Rows,
}

/// The count, the table (or why there is none), "Load more" and the export.
#[component]
fn GuestList(
    loader: StoredValue<PagedList<Guest>, LocalStorage>,
    listing: Listing,
    selected: RwSignal<BTreeSet<String>>,
    on_action: Callback<RowAction>,
    load_all: Callback<()>,
) -> impl IntoView {
    let (loaded, loading) = loader.with_value(|l| (l.loaded, l.loading));
    let problem = RwSignal::new(None::<String>);
    let Listing { filters, now_ms, .. } = listing;
    let download = move |_| {
        let rows: Vec<Vec<String>> = loaded.with_untracked(|l| match l {
            Some(Ok(p)) => untrack(|| {
                listing
                    .listed(&p.value)
                    .into_iter()
                    .filter_map(|i| p.value.get(i))
                    .map(|g| listing.sponsors.of.with(|m| export::row(g, m.get(&g.id), now_ms)))
                    .collect()
            }),
            _ => Vec::new(),
        });
        problem.set(csv_export::download(t::export_file_name(), &export::header(), rows).err());
    };
    // Which view stands: an appended page updates the count and the rows, it does not build the table again.
    let state = Memo::new(move |_| {
        loaded.with(|l| match l {
            None => ListState::NotYet,
            Some(Err(_)) => ListState::Failed,
            Some(Ok(p)) if p.value.is_empty() => ListState::Empty,
            Some(Ok(_)) => ListState::Rows,
        })
    });
    // One pass over the loaded guests per change, however many lines show it.
    let counts = Memo::new(move |_| {
        loaded.with(|l| match l {
            Some(Ok(p)) => {
                let narrowed =
                    listing.narrowed().then(|| t::inactive_count(listing.listed(&p.value).len() as u64, p.value.len()));
                let note = filters.order.get().is_local().then(|| t::local_sort_note(p.value.len()));
                (t::count(p.count, p.value.len()), narrowed, note)
            }
            _ => (String::new(), None, None),
        })
    });
    let counts = move || counts.get();
    let next = move || loaded.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).and_then(|p| p.next_link.clone()));
    let list = move || {
        match state.get() {
        ListState::NotYet => ().into_any(),
        ListState::Failed => loaded
            .with_untracked(|l| l.as_ref().and_then(|r| r.as_ref().err()).map(|e| e.report()))
            .map(|report| view! { <ErrorPanel report=report/> })
            .into_any(),
        ListState::Empty => view! { <p role="status" id="guests-count">{t::none_found()}</p> }.into_any(),
        ListState::Rows => view! {
            <p role="status" id="guests-count">{move || counts().0}</p>
            {move || counts().1.map(|n| view! { <p role="status" id="guests-inactive-count">{n}</p> })}
            {move || counts().2.map(|n| view! { <p class="hint">{n}</p> })}
            <GuestTable loaded=loaded listing=listing selected=selected on_action=on_action/>
            {move || next().map(|link| view! {
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| loader.with_value(|l| l.start(PageRequest::Next(link.clone())))>
                        {t::load_more()}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| load_all.run(())>{t::load_all()}</button>
                </div>
            })}
        }
        .into_any(),
    }
    };
    view! {
        <section>
            {move || loading.get().then(|| view! { <p role="status">{t::loading()}</p> })}
            {list}
            <div class="actions">
                <button type="button" class="secondary" on:click=download>{t::export()}</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </section>
    }
}
