//! The table of loaded guests: selection, the facts, how long each has waited (highlighted past the
//! threshold, in words as well as colour), and the actions for one guest.

use super::filters::Filters;
use super::sponsors::SponsorBook;
use crate::components::paged_list::Loaded;
use crate::components::pager::{clamp_start, Pager, PAGE};
use crate::graph::guests::Guest;
use crate::rules::guest_rules::{
    invite_address, is_overdue, pending_days, sorted, sponsor_matches, SponsorFilter, SponsorsOf,
};
use crate::rules::inactivity::{activity, listed_as_inactive, Activity, SignInColumn};
use crate::text::ui::{self, guests as t};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// What a row's buttons ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum RowAction {
    Resend(Guest),
    Reset(Guest),
}

/// What decides which loaded guests the table lists and what it shows of them.
#[derive(Clone, Copy)]
pub struct Listing {
    pub filters: Filters,
    pub column: Memo<SignInColumn>,
    pub now_ms: f64,
    pub sponsors: SponsorBook,
    /// The signed-in admin's object id.
    pub me: Memo<String>,
}

impl Listing {
    /// Whether the list is narrowed on the app's side, so a count of what it lists helps.
    pub fn narrowed(&self) -> bool {
        (self.filters.inactive_only.get() && self.column.get() == SignInColumn::Shown)
            || self.filters.sponsor.get() != SponsorFilter::Any
    }

    /// The loaded guests the table lists, in its order: all of them, or those the inactivity rule and the
    /// sponsor filter let through (tracked).
    pub fn listed(&self, guests: &[Guest]) -> Vec<usize> {
        let (filters, column) = (self.filters, self.column.get());
        let window = filters.inactive_days.get();
        let only_inactive = filters.inactive_only.get() && column == SignInColumn::Shown;
        let sponsor = filters.sponsor.get();
        let me = self.me.get();
        let of = self.sponsors.of;
        sorted(guests, filters.order.get())
            .into_iter()
            .filter(|&i| {
                guests.get(i).is_some_and(|g| {
                    (!only_inactive || listed_as_inactive(g, self.now_ms, window))
                        && (sponsor == SponsorFilter::Any
                            || of.with(|m| sponsor_matches(sponsor, m.get(&g.id).and_then(SponsorsOf::known), &me)))
                })
            })
            .collect()
    }
}

/// The listed guests a page of rows at a time: 10,000 loaded guests never become 10,000 table rows.
#[component]
pub fn GuestTable(
    loaded: RwSignal<Loaded<Guest>>,
    listing: Listing,
    selected: RwSignal<BTreeSet<String>>,
    on_action: Callback<RowAction>,
) -> impl IntoView {
    let Listing { filters, now_ms, .. } = listing;
    let column = listing.column.get_untracked();
    let order = Memo::new(move |_| {
        loaded.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).map(|p| listing.listed(&p.value)).unwrap_or_default())
    });
    let start = RwSignal::new(0usize);
    // A changed filter or order starts at its first rows; more guests arriving keeps the admin where they are.
    Effect::new(move |ran: Option<()>| {
        filters.track();
        if ran.is_some() {
            start.set(0);
        }
    });
    let total = Signal::derive(move || order.with(Vec::len));
    // Every listed guest, on every page of rows: what "Select all" selects.
    let ids = move || {
        loaded.with_untracked(|l| match l {
            Some(Ok(p)) => order
                .with_untracked(|o| o.iter().filter_map(|&i| p.value.get(i)).map(|g| g.id.clone()).collect::<Vec<_>>()),
            _ => Vec::new(),
        })
    };
    let all_selected = move || {
        order.track();
        let ids = ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let toggle_all = move |ev| {
        let on = event_target_checked(&ev);
        let ids = ids();
        selected.update(|s| {
            ids.iter().for_each(|id| {
                if on {
                    s.insert(id.clone());
                } else {
                    s.remove(id);
                }
            })
        });
    };
    let rows = move || {
        let threshold = filters.threshold.get();
        let window = filters.inactive_days.get();
        let first = clamp_start(start.get(), total.get());
        let shown: Vec<Guest> = loaded.with(|l| match l {
            Some(Ok(p)) => {
                order.with(|o| o.iter().skip(first).take(PAGE).filter_map(|&i| p.value.get(i).cloned()).collect())
            }
            _ => Vec::new(),
        });
        shown
            .into_iter()
            .map(|g| view! {
                <GuestRow guest=g now_ms=now_ms threshold=threshold column=column window=window sponsors=listing.sponsors selected=selected on_action=on_action/>
            })
            .collect_view()
    };
    let shown = column == SignInColumn::Shown;
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="guests-count">
            <table>
                <thead>
                    <tr>
                        <th scope="col">
                            <input type="checkbox" aria-label=t::select_all() prop:checked=all_selected on:change=toggle_all/>
                        </th>
                        <th scope="col">{t::col_name()}</th>
                        <th scope="col">{t::col_email()}</th>
                        <th scope="col">{t::col_state()}</th>
                        <th scope="col">{t::col_invited()}</th>
                        <th scope="col">{t::col_changed()}</th>
                        <th scope="col">{t::col_pending()}</th>
                        {shown.then(|| view! { <th scope="col">{t::col_last_sign_in()}</th> })}
                        <th scope="col">{t::col_sponsors()}</th>
                        <th scope="col">{t::col_actions()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || (total.get() > PAGE).then(|| view! { <Pager id="guests" start=start total=total/> })}
    }
}

/// The last sign-in in words, by the inactivity rule.
fn last_sign_in(g: &Guest, now_ms: f64, window: u32) -> AnyView {
    match activity(g, g.sign_in_activity.as_ref(), now_ms, window) {
        Activity::Active { days } => t::signed_in_ago(t::days(days)).into_any(),
        Activity::Inactive { days } => view! { <strong>{t::inactive_since(t::days(days))}</strong> }.into_any(),
        Activity::NeverSignedIn { days, inactive: true } => {
            view! { <strong>{t::never_signed_in_inactive(t::days(days))}</strong> }.into_any()
        }
        Activity::NeverSignedIn { days, inactive: false } => t::never_signed_in(t::days(days)).into_any(),
        Activity::NeverAccepted => t::never_accepted().into_any(),
        Activity::Unknown => ui::none().into_any(),
    }
}

#[component]
fn GuestRow(
    guest: Guest,
    now_ms: f64,
    threshold: u32,
    column: SignInColumn,
    window: u32,
    sponsors: SponsorBook,
    selected: RwSignal<BTreeSet<String>>,
    on_action: Callback<RowAction>,
) -> impl IntoView {
    let name = guest.display_name.clone().unwrap_or_else(|| guest.user_principal_name.clone().unwrap_or_default());
    let id = guest.id.clone();
    let checked = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        selected.update(|s| {
            if on {
                s.insert(id.clone());
            } else {
                s.remove(&id);
            }
        });
    };
    let date = |d: &Option<String>| d.as_deref().and_then(ui::date).unwrap_or_else(|| ui::none().to_string());
    let overdue = is_overdue(&guest, now_ms, threshold);
    let pending = match pending_days(&guest, now_ms) {
        Some(d) if overdue => view! { <strong>{t::overdue(d, threshold)}</strong> }.into_any(),
        Some(d) => t::days(d).into_any(),
        None => ui::none().into_any(),
    };
    let can_resend = invite_address(&guest).is_some();
    let (for_resend, for_reset) = (guest.clone(), guest.clone());
    view! {
        <tr class:overdue=overdue>
            <td>
                <input type="checkbox" aria-label=t::select(&name) prop:checked=checked on:change=toggle/>
            </td>
            <td>{name.clone()}</td>
            <td>{guest.mail.clone().unwrap_or_default()}</td>
            <td>
                {t::state(guest.external_user_state.as_ref())}
                {(guest.account_enabled == Some(false)).then(|| view! { <br/><strong>{t::blocked()}</strong> })}
            </td>
            <td>{date(&guest.created_date_time)}</td>
            <td>{date(&guest.external_user_state_change_date_time)}</td>
            <td>{pending}</td>
            {(column == SignInColumn::Shown).then(|| view! { <td>{last_sign_in(&guest, now_ms, window)}</td> })}
            <td>{let id = guest.id.clone(); move || sponsors.of.with(|m| t::sponsors(m.get(&id)))}</td>
            <td>
                <div class="actions">
                    <button
                        type="button"
                        class="secondary"
                        disabled=!can_resend
                        title=(!can_resend).then_some(t::no_address())
                        aria-label=t::resend_one(&name)
                        on:click=move |_| on_action.run(RowAction::Resend(for_resend.clone()))
                    >
                        {t::resend_short()}
                    </button>
                    // A short word in the row; the name says whose (and keeps the visible word first).
                    <button
                        type="button"
                        class="secondary"
                        aria-label=t::reset_one(&name)
                        on:click=move |_| on_action.run(RowAction::Reset(for_reset.clone()))
                    >
                        {t::reset_short()}
                    </button>
                </div>
            </td>
        </tr>
    }
}
