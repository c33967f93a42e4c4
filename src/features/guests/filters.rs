//! The list's filters: which states, a search, the highlight threshold, "only older than that", the order.

use crate::graph::guests::{GuestQuery, SignIns, StateFilter};
use crate::rules::guest_rules::{days_before, SortOrder, SponsorFilter, DEFAULT_THRESHOLD_DAYS};
use crate::rules::inactivity::{SignInColumn, DEFAULT_INACTIVE_DAYS};
use crate::shell::page_memory::remembered;
use crate::text::ui::guests as t;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Filters {
    pub state: RwSignal<StateFilter>,
    pub search: RwSignal<String>,
    pub threshold: RwSignal<u32>,
    pub only_older: RwSignal<bool>,
    pub order: RwSignal<SortOrder>,
    /// Applied by the app to the loaded guests: Graph filters `signInActivity` only on its own.
    pub inactive_only: RwSignal<bool>,
    pub inactive_days: RwSignal<u32>,
    /// Applied by the app to the loaded guests whose sponsors it has read.
    pub sponsor: RwSignal<SponsorFilter>,
}

impl Filters {
    pub fn new() -> Filters {
        Filters {
            state: remembered("guests.state", || StateFilter::Pending),
            search: remembered("guests.search", String::new),
            threshold: remembered("guests.threshold", || DEFAULT_THRESHOLD_DAYS),
            only_older: remembered("guests.only_older", || false),
            order: remembered("guests.order", || SortOrder::Name),
            inactive_only: remembered("guests.inactive_only", || false),
            inactive_days: remembered("guests.inactive_days", || DEFAULT_INACTIVE_DAYS),
            sponsor: remembered("guests.sponsor", || SponsorFilter::Any),
        }
    }

    /// Subscribes the caller to every filter and the order, for what must follow any change of them.
    pub fn track(&self) {
        self.state.track();
        self.search.track();
        self.threshold.track();
        self.only_older.track();
        self.order.track();
        self.inactive_only.track();
        self.inactive_days.track();
        self.sponsor.track();
    }

    /// What to ask Graph for (tracked: a change loads the list again).
    pub fn query(&self, now_ms: f64, sign_ins: SignIns) -> GuestQuery {
        GuestQuery {
            state: self.state.get(),
            search: self.search.get(),
            invited_before: self.only_older.get().then(|| days_before(now_ms, self.threshold.get())),
            sign_ins,
        }
    }
}

fn states() -> [(StateFilter, &'static str, &'static str); 3] {
    [
        (StateFilter::Pending, "guests-state-pending", t::pending()),
        (StateFilter::Accepted, "guests-state-accepted", t::accepted()),
        (StateFilter::All, "guests-state-all", t::all()),
    ]
}

const SPONSOR_FILTERS: [SponsorFilter; 3] = [SponsorFilter::Any, SponsorFilter::NoSponsor, SponsorFilter::Mine];

const ORDERS: [SortOrder; 3] = [SortOrder::Name, SortOrder::InvitedOldest, SortOrder::InvitedNewest];

#[component]
pub fn GuestFilters(filters: Filters, column: Signal<SignInColumn>) -> impl IntoView {
    let Filters { state, search, threshold, only_older, order, inactive_only, inactive_days, sponsor } = filters;
    let no_data = move || column.get() != SignInColumn::Shown;
    view! {
        <fieldset>
            <legend>{t::show()}</legend>
            {states()
                .into_iter()
                .map(|(value, id, label)| view! {
                    <div class="check">
                        <input
                            type="radio"
                            id=id
                            name="guests-state"
                            prop:checked=move || state.get() == value
                            on:change=move |_| state.set(value)
                        />
                        <label for=id>{label}</label>
                    </div>
                })
                .collect_view()}
        </fieldset>
        <label for="guests-search">{t::search()}</label>
        <p class="hint" id="guests-search-hint">{t::search_hint()}</p>
        <input
            id="guests-search"
            type="search"
            autocomplete="off"
            aria-describedby="guests-search-hint"
            prop:value=move || search.get()
            on:input=move |ev| search.set(event_target_value(&ev))
        />
        <label for="guests-threshold">{t::threshold()}</label>
        <input
            id="guests-threshold"
            type="number"
            min="0"
            max="3650"
            prop:value=move || threshold.get().to_string()
            on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                    threshold.set(n.min(3650));
                }
            }
        />
        <div class="check">
            <input
                type="checkbox"
                id="guests-only-older"
                prop:checked=move || only_older.get()
                on:change=move |ev| only_older.set(event_target_checked(&ev))
            />
            <label for="guests-only-older">{move || t::only_older(threshold.get())}</label>
        </div>
        <label for="guests-inactive-days">{t::inactive_days()}</label>
        <input
            id="guests-inactive-days"
            type="number"
            min="1"
            max="3650"
            disabled=no_data
            aria-describedby="guests-sign-ins-why"
            prop:value=move || inactive_days.get().to_string()
            on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                    inactive_days.set(n.clamp(1, 3650));
                }
            }
        />
        <div class="check">
            <input
                type="checkbox"
                id="guests-inactive-only"
                disabled=no_data
                aria-describedby="guests-sign-ins-why"
                prop:checked=move || inactive_only.get() && !no_data()
                on:change=move |ev| inactive_only.set(event_target_checked(&ev))
            />
            <label for="guests-inactive-only">{move || t::inactive_only(inactive_days.get())}</label>
        </div>
        <p class="hint" id="guests-sign-ins-why">
            {move || match column.get() {
                SignInColumn::Shown => t::inactive_rule(inactive_days.get()),
                SignInColumn::NoLicence => t::sign_ins_no_licence().to_string(),
                SignInColumn::NoPermission => t::sign_ins_no_permission(crate::rules::inactivity::SIGN_IN_PERMISSION),
                SignInColumn::NotKnownYet => String::new(),
            }}
        </p>
        <label for="guests-sponsor">{t::sponsor_filter_label()}</label>
        <p class="hint" id="guests-sponsor-hint">{t::sponsor_filter_note()}</p>
        <select
            id="guests-sponsor"
            aria-describedby="guests-sponsor-hint"
            on:change=move |ev| {
                let i = event_target_value(&ev).parse::<usize>().unwrap_or(0);
                sponsor.set(SPONSOR_FILTERS.get(i).copied().unwrap_or_default());
            }
        >
            {SPONSOR_FILTERS
                .iter()
                .enumerate()
                .map(|(i, f)| view! {
                    <option value=i.to_string() selected=move || sponsor.get() == *f>{t::sponsor_filter(*f)}</option>
                })
                .collect_view()}
        </select>
        <label for="guests-order">{t::sort()}</label>
        <select
            id="guests-order"
            on:change=move |ev| {
                let i = event_target_value(&ev).parse::<usize>().unwrap_or(0);
                order.set(ORDERS.get(i).copied().unwrap_or_default());
            }
        >
            {ORDERS
                .iter()
                .enumerate()
                .map(|(i, o)| view! {
                    <option value=i.to_string() selected=move || order.get() == *o>{t::sort_label(*o)}</option>
                })
                .collect_view()}
        </select>
    }
}
