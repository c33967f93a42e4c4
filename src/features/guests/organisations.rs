//! Which partner organisations have guests here: the loaded guests by email domain, labelled as a view of what
//! is loaded, with "Load every page" to count them all.

use super::list::Listing;
use crate::components::paged_list::Loaded;
use crate::graph::guests::Guest;
use crate::rules::external_orgs::{by_domain, SignInsLoaded};
use crate::rules::inactivity::SignInColumn;
use crate::text::ui::{self, guests as t};
use leptos::prelude::*;

#[component]
pub fn Organisations(loaded: RwSignal<Loaded<Guest>>, listing: Listing, load_all: Callback<()>) -> impl IntoView {
    let window = listing.filters.inactive_days;
    let summary = Memo::new(move |_| {
        let sign_ins = match listing.column.get() {
            SignInColumn::Shown => SignInsLoaded::Yes,
            _ => SignInsLoaded::No,
        };
        loaded.with(|l| match l {
            Some(Ok(p)) => Some((
                by_domain(&p.value, listing.now_ms, window.get(), sign_ins),
                p.value.len(),
                p.next_link.is_some(),
            )),
            _ => None,
        })
    });
    let rows = move || {
        summary.get().map(|(list, _, _)| {
            list.into_iter()
                .map(|d| {
                    let newest =
                        d.newest_invitation.as_deref().and_then(ui::date).unwrap_or_else(|| ui::none().to_string());
                    view! {
                        <tr>
                            <td>{d.domain}</td>
                            <td>{d.guests}</td>
                            <td>{d.accepted}</td>
                            <td>{d.active.map(|n| n.to_string()).unwrap_or_else(|| ui::none().to_string())}</td>
                            <td>{newest}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        {move || summary.get().filter(|(list, _, _)| !list.is_empty()).map(|(_, count, more)| view! {
            <section aria-labelledby="guests-orgs-title">
                <h2 id="guests-orgs-title">{t::orgs_heading()}</h2>
                <p id="guests-orgs-scope">
                    {match more {
                        true => t::orgs_scope(count as u64),
                        false => t::orgs_scope_all(count as u64),
                    }}
                </p>
                {more.then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| load_all.run(())>{t::orgs_load_all()}</button>
                })}
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="guests-orgs-title">
                    <table aria-describedby="guests-orgs-scope">
                        <thead>
                            <tr>
                                <th scope="col">{t::orgs_col_domain()}</th>
                                <th scope="col">{t::orgs_col_guests()}</th>
                                <th scope="col">{t::orgs_col_accepted()}</th>
                                <th scope="col">{move || t::orgs_col_active(window.get())}</th>
                                <th scope="col">{t::orgs_col_newest()}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        })}
    }
}
