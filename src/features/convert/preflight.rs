//! Steps 3 to 5: the invitation address, the preflight (blocks and warnings), and the typed confirmation.

use crate::components::invitation_fields::{DraftForm, InvitationSettingsFields};
use crate::components::upn_confirmation::{Confirmation, UpnConfirmField};
use crate::graph::users::InternalUser;
use crate::rules::internal_user_rules::{reset_offered, Decision};
use crate::text::{rules, ui::convert as t};
use leptos::prelude::*;

#[component]
pub fn AddressChoice(decision: Decision, chosen: RwSignal<Option<String>>) -> impl IntoView {
    let Decision { candidates, recommended, rule, chosen: current, .. } = decision;
    let options = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("candidate-{i}");
            let is_chosen = current.as_deref() == Some(c.address.as_str());
            let label = rules::candidate_label(&c.address, &c.source, recommended.as_deref() == Some(&c.address));
            let address = c.address;
            view! {
                <div class="check">
                    <input
                        id=id.clone()
                        type="radio"
                        name="candidate"
                        prop:checked=is_chosen
                        on:change=move |_| chosen.set(Some(address.clone()))
                    />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <section aria-labelledby="address-title">
            <h2 id="address-title">{t::address()}</h2>
            <p>{rules::address_rule(rule)}</p>
            {(!options.is_empty()).then(|| view! {
                <fieldset>
                    <legend>{t::send_to()}</legend>
                    {options}
                </fieldset>
            })}
        </section>
    }
}

#[component]
pub fn Preflight(
    decision: Decision,
    confirmation: Confirmation,
    on_reset: Callback<()>,
    pending: Signal<bool>,
) -> impl IntoView {
    let reset = reset_offered(&decision).then(|| decision.chosen.clone().unwrap_or_default());
    let verdict = if decision.can_convert() {
        view! { <p role="status" class="success">{t::no_blocker()}</p> }.into_any()
    } else {
        view! {
            <div class="error-panel" role="alert">
                <h3>{t::cannot_convert()}</h3>
                <ul>
                    {decision.blocks.iter().map(|b| view! {
                        <li><strong>{rules::block_title(b)}</strong>{crate::text::ui::title_separator()}{rules::block_explanation(b)}</li>
                    }).collect_view()}
                </ul>
            </div>
            {reset.map(|address| view! {
                <p class="warning" id="reset-hint">{t::reset_explained(&address)}</p>
                <UpnConfirmField id="reset-confirm-upn" hint="reset-hint" confirmation=confirmation/>
                <button
                    type="button"
                    disabled=move || !confirmation.confirmed() || pending.get()
                    on:click=move |_| on_reset.run(())
                >
                    {t::reset()}
                </button>
            })}
        }
        .into_any()
    };
    let warnings = decision.warnings;
    view! {
        <section aria-labelledby="preflight-title">
            <h2 id="preflight-title">{t::preflight()}</h2>
            {verdict}
            {(!warnings.is_empty()).then(|| view! {
                <div class="warning" role="note">
                    <h3>{t::before_you_convert()}</h3>
                    <ul>{warnings.iter().map(|w| view! { <li>{rules::warning(w)}</li> }).collect_view()}</ul>
                </div>
            })}
        </section>
    }
}

#[component]
pub fn ConfirmConversion(
    user: InternalUser,
    form: DraftForm,
    confirmation: Confirmation,
    pending: Signal<bool>,
    on_convert: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirmation.confirmed() {
            on_convert.run(());
        }
    };
    let warning = t::one_way(
        user.display_name.as_deref().unwrap_or_default(),
        user.user_principal_name.as_deref().unwrap_or_default(),
    );
    view! {
        <section aria-labelledby="confirm-title">
            <h2 id="confirm-title">{t::confirm()}</h2>
            <form on:submit=submit novalidate>
                <InvitationSettingsFields form=form/>
                <p class="warning" id="confirm-hint">{warning}</p>
                <UpnConfirmField id="confirm-upn" hint="confirm-hint" confirmation=confirmation/>
                <div class="actions">
                    <button type="submit" disabled=move || !confirmation.confirmed() || pending.get()>
                        {move || if pending.get() { t::converting() } else { t::convert() }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                        {t::cancel()}
                    </button>
                </div>
            </form>
        </section>
    }
}
