//! The conversion view: wires the search, the facts, the preflight and the confirmation together.

use super::facts::{UserFacts, FACTS_TITLE_ID};
use super::ops::{self, Conversion, ConvertRequest};
use super::preflight::{AddressChoice, ConfirmConversion, Confirmation, Preflight};
use super::search::UserSearch;
use crate::auth::session::AuthStatus;
use crate::browser;
use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::DraftForm;
use crate::components::result_panel::{ResultPanel, RESULT_TITLE_ID};
use crate::context::{use_config, use_graph, use_session};
use crate::features::invite::ops::Sent;
use crate::graph::users::{self, DirectoryUser};
use crate::onboarding::internal_user_rules::{decide, own_domains};
use crate::onboarding::invitation_draft::InvitationDraft;
use crate::text::{ui::convert as t, Explain};
use leptos::prelude::*;

#[component]
pub fn ConvertPage() -> impl IntoView {
    let config = use_config();
    let graph = use_graph();
    let status = use_session().status();
    let picked = RwSignal::new(None::<String>);
    let user = LocalResource::new(move || {
        let (graph, id) = (graph.clone(), picked.get());
        async move {
            match id {
                Some(id) => Some(users::internal_user(&graph, &id).await),
                None => None,
            }
        }
    });
    let chosen = RwSignal::new(None::<String>);
    let (federation, tenant) = (config.direct_federation_domains.clone(), config.tenant());
    let decision = Memo::new(move |_| {
        let Some(Some(Ok(u))) = user.get() else { return None };
        let admin = match status.get() {
            AuthStatus::SignedIn(a) => Some(a.username),
            _ => None,
        };
        let own = own_domains(u.user_principal_name.as_deref(), admin.as_deref(), &tenant);
        Some(decide(&u, chosen.get().as_deref(), &federation, &own))
    });
    Effect::new(move |_| {
        if let Some(Some(Ok(_))) = user.get() {
            browser::focus(FACTS_TITLE_ID);
        }
    });
    let form =
        DraftForm::new(InvitationDraft::with_default_redirect(config.default_invite_redirect_url.as_str()), "convert");
    let typed = RwSignal::new(String::new());
    let upn = Signal::derive(move || match user.get() {
        Some(Some(Ok(u))) => u.user_principal_name.unwrap_or_default(),
        _ => String::new(),
    });
    let confirmation = Confirmation { upn, typed };
    let graph = use_graph();
    let send = Action::new_local(move |r: &ConvertRequest| {
        let (graph, r) = (graph.clone(), r.clone());
        async move { ops::convert(&graph, &r).await }
    });
    let pending: Signal<bool> = send.pending().into();
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            browser::focus(RESULT_TITLE_ID);
        }
    });
    let request = move |kind: Conversion| {
        let (Some(d), Some(user_id)) = (decision.get_untracked(), picked.get_untracked()) else { return };
        if kind == Conversion::Convert && !(d.can_convert() && confirmation.confirmed()) {
            return;
        }
        let Some(address) = d.chosen else { return };
        send.dispatch(ConvertRequest { user_id, address, settings: form.draft.get_untracked(), kind });
    };
    let pick = Callback::new(move |u: DirectoryUser| {
        chosen.set(None);
        typed.set(String::new());
        picked.set(Some(u.id));
    });
    let cancel = Callback::new(move |_| {
        picked.set(None);
        chosen.set(None);
        typed.set(String::new());
        browser::focus("user-search");
    });
    let on_reset = Callback::new(move |_| request(Conversion::ResetRedemption));
    let on_convert = Callback::new(move |_| request(Conversion::Convert));
    view! {
        <h1 id="page-title" tabindex="-1">{t::TITLE}</h1>
        <p>{t::INTRO}</p>
        <UserSearch on_pick=pick/>
        <Transition fallback=|| view! { <p role="status">{t::LOADING_USER}</p> }>
            {move || user.get().flatten().map(|loaded| match loaded {
                Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                Ok(u) => view! {
                    <UserFacts user=u.clone()/>
                    {move || decision.get().map(|d| view! {
                        <AddressChoice decision=d.clone() chosen=chosen/>
                        <Preflight decision=d.clone() on_reset=on_reset pending=pending/>
                        {d.can_convert().then(|| view! {
                            <ConfirmConversion
                                user=u.clone()
                                form=form
                                confirmation=confirmation
                                pending=pending
                                on_convert=on_convert
                                on_cancel=cancel
                            />
                        })}
                    })}
                }.into_any(),
            })}
        </Transition>
        {move || send.value().get().map(|r| match r {
            Ok(Sent { invitation, outcome }) => view! { <ResultPanel invitation=invitation outcome=outcome/> }.into_any(),
            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
        })}
    }
}
