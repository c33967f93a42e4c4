//! The conversion view: wires the search, the facts, the preflight and the confirmation together.

use super::facts::{UserFacts, FACTS_TITLE_ID};
use super::preflight::{AddressChoice, ConfirmConversion, Preflight};
use super::search::UserSearch;
use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::DraftForm;
use crate::components::result_panel::{ResultPanel, RESULT_TITLE_ID};
use crate::components::upn_confirmation::Confirmation;
use crate::graph::error::GraphError;
use crate::graph::users::{self, DirectoryUser, InternalUser};
use crate::ops::convert::{self as ops, Conversion, ConvertError, ConvertRequest};
use crate::rules::internal_user_rules::{decide, own_domains, Decision};
use crate::rules::invitation_draft::InvitationDraft;
use crate::rules::invitation_outcome::Sent;
use crate::shell::context::{use_config, use_graph, use_session};
use crate::shell::page_memory::remembered;
use crate::text::{ui::convert as t, Explain};
use crate::web::browser;
use leptos::prelude::*;

type Loaded = Option<Result<InternalUser, GraphError>>;

/// The user the admin picked, the address they chose for them, and the UPN they typed to confirm.
#[derive(Clone, Copy)]
struct Selection {
    picked: RwSignal<Option<String>>,
    chosen: RwSignal<Option<String>>,
    typed: RwSignal<String>,
}

impl Selection {
    fn new() -> Selection {
        Selection {
            picked: remembered("convert.picked", || None),
            chosen: remembered("convert.chosen", || None),
            typed: remembered("convert.typed", String::new),
        }
    }

    /// Another user (or none): nothing chosen or typed for the previous one carries over.
    fn pick(&self, id: Option<String>) {
        self.chosen.set(None);
        self.typed.set(String::new());
        self.picked.set(id);
    }
}

/// The picked user, loaded again whenever the pick changes.
fn load_picked(picked: RwSignal<Option<String>>) -> LocalResource<Loaded> {
    let graph = use_graph();
    LocalResource::new(move || {
        let (graph, id) = (graph.clone(), picked.get());
        async move {
            match id {
                Some(id) => Some(users::internal_user(&graph, &id).await),
                None => None,
            }
        }
    })
}

/// What the rules say about the loaded user, for the address the admin chose.
fn decision_for(user: LocalResource<Loaded>, chosen: RwSignal<Option<String>>) -> Memo<Option<Decision>> {
    let config = use_config();
    let status = use_session().status();
    let tenant = config.tenant();
    let federation = config.direct_federation_domains;
    Memo::new(move |_| {
        let Some(Some(Ok(u))) = user.get() else { return None };
        let own = status.with(|s| own_domains(u.user_principal_name.as_deref(), s.username(), &tenant));
        Some(decide(&u, chosen.get().as_deref(), &federation, &own))
    })
}

#[component]
pub fn ConvertPage() -> impl IntoView {
    let config = use_config();
    let selection = Selection::new();
    let user = load_picked(selection.picked);
    let decision = decision_for(user, selection.chosen);
    Effect::new(move |_| {
        if let Some(Some(Ok(_))) = user.get() {
            browser::focus(FACTS_TITLE_ID);
        }
    });
    let form =
        DraftForm::new(InvitationDraft::with_default_redirect(config.default_invite_redirect_url.as_str()), "convert");
    let upn = Signal::derive(move || match user.get() {
        Some(Some(Ok(u))) => u.user_principal_name.unwrap_or_default(),
        _ => String::new(),
    });
    let confirmation = Confirmation { upn, typed: selection.typed };
    let graph = use_graph();
    let send = Action::new_local(move |r: &ConvertRequest| {
        let (graph, r) = (graph.clone(), r.clone());
        async move { ops::convert(&graph, &r).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            browser::focus(RESULT_TITLE_ID);
        }
    });
    let request = move |kind: Conversion| {
        let (Some(d), Some(user_id)) = (decision.get_untracked(), selection.picked.get_untracked()) else { return };
        // Both are confirmed by the typed UPN: a reset re-opens the account to whoever redeems the new link.
        let allowed = match kind {
            Conversion::Convert => d.can_convert(),
            Conversion::ResetRedemption => true,
        };
        if !(allowed && confirmation.confirmed()) {
            return;
        }
        let Some(address) = d.chosen else { return };
        send.dispatch(ConvertRequest { user_id, address, settings: form.draft.get_untracked(), kind });
    };
    let steps = Steps {
        pending: send.pending().into(),
        on_reset: Callback::new(move |_| request(Conversion::ResetRedemption)),
        on_convert: Callback::new(move |_| request(Conversion::Convert)),
        on_cancel: Callback::new(move |_| {
            selection.pick(None);
            browser::focus("user-search");
        }),
    };
    view! {
        <h1 id="page-title" tabindex="-1">{t::title()}</h1>
        <p>{t::intro()}</p>
        <UserSearch on_pick=Callback::new(move |u: DirectoryUser| selection.pick(Some(u.id)))/>
        <Transition fallback=|| view! { <p role="status">{t::loading_user()}</p> }>
            {move || user.get().flatten().map(|loaded| match loaded {
                Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                Ok(u) => view! {
                    <PickedUser user=u decision=decision chosen=selection.chosen form=form confirmation=confirmation steps=steps/>
                }.into_any(),
            })}
        </Transition>
        <ConversionResult send=send/>
    }
}

/// What the admin can do with the picked user, and whether a request is running.
#[derive(Clone, Copy)]
struct Steps {
    pending: Signal<bool>,
    on_reset: Callback<()>,
    on_convert: Callback<()>,
    on_cancel: Callback<()>,
}

#[component]
fn PickedUser(
    user: InternalUser,
    decision: Memo<Option<Decision>>,
    chosen: RwSignal<Option<String>>,
    form: DraftForm,
    confirmation: Confirmation,
    steps: Steps,
) -> impl IntoView {
    view! {
        <UserFacts user=user.clone()/>
        {move || decision.get().map(|d| view! {
            <AddressChoice decision=d.clone() chosen=chosen/>
            <Preflight decision=d.clone() confirmation=confirmation on_reset=steps.on_reset pending=steps.pending/>
            {d.can_convert().then(|| view! {
                <ConfirmConversion
                    user=user.clone()
                    form=form
                    confirmation=confirmation
                    pending=steps.pending
                    on_convert=steps.on_convert
                    on_cancel=steps.on_cancel
                />
            })}
        })}
    }
}

#[component]
fn ConversionResult(send: Action<ConvertRequest, Result<Sent, ConvertError>>) -> impl IntoView {
    move || {
        send.value().get().map(|r| match r {
            Ok(Sent { invitation, outcome }) => {
                view! { <ResultPanel invitation=invitation outcome=outcome/> }.into_any()
            }
            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
        })
    }
}
