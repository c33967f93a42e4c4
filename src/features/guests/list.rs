//! The table of loaded guests: selection, the facts, how long each has waited (highlighted past the
//! threshold, in words as well as colour), and the actions for one guest.

use super::filters::Filters;
use crate::graph::guests::Guest;
use crate::rules::guest_rules::{invite_address, is_overdue, pending_days, sorted};
use crate::text::ui::{self, guests as t};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// What a row's buttons ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum RowAction {
    Resend(Guest),
    Reset(Guest),
}

#[component]
pub fn GuestTable(
    guests: Vec<Guest>,
    filters: Filters,
    now_ms: f64,
    selected: RwSignal<BTreeSet<String>>,
    on_action: Callback<RowAction>,
) -> impl IntoView {
    let ids: Vec<String> = guests.iter().map(|g| g.id.clone()).collect();
    let all_selected = {
        let ids = ids.clone();
        move || !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let toggle_all = move |ev| {
        let on = event_target_checked(&ev);
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
        let order = sorted(&guests, filters.order.get());
        let threshold = filters.threshold.get();
        order
            .into_iter()
            .filter_map(|i| guests.get(i).cloned())
            .map(|g| view! { <GuestRow guest=g now_ms=now_ms threshold=threshold selected=selected on_action=on_action/> })
            .collect_view()
    };
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
                        <th scope="col">{t::col_actions()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn GuestRow(
    guest: Guest,
    now_ms: f64,
    threshold: u32,
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
            <td>{t::state(guest.external_user_state.as_ref())}</td>
            <td>{date(&guest.created_date_time)}</td>
            <td>{date(&guest.external_user_state_change_date_time)}</td>
            <td>{pending}</td>
            <td>
                <div class="actions">
                    <button
                        type="button"
                        class="secondary"
                        disabled=!can_resend
                        title=(!can_resend).then_some(t::no_address())
                        on:click=move |_| on_action.run(RowAction::Resend(for_resend.clone()))
                    >
                        {t::resend_one(&name)}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| on_action.run(RowAction::Reset(for_reset.clone()))>
                        {t::reset_one(&name)}
                    </button>
                </div>
            </td>
        </tr>
    }
}
