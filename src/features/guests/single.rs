//! One guest at a time: a resend (sent at once, with the page's settings) or a reset of their redemption
//! (behind the typed user principal name), and the shared result panel with the hand-over.

use super::ops;
use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::DraftForm;
use crate::components::result_panel::{ResultPanel, RESULT_TITLE_ID};
use crate::components::upn_confirmation::{Confirmation, UpnConfirmField};
use crate::graph::guests::Guest;
use crate::graph::invitations::InvitationRequest;
use crate::ops::convert::{convert, Conversion, ConvertError, ConvertRequest};
use crate::rules::guest_rules::invite_address;
use crate::rules::invitation_outcome::Sent;
use crate::shell::context::use_graph;
use crate::text::{ui::guests as t, Explain};
use leptos::prelude::*;

/// A request for one guest, or why it could not be made (bad settings).
#[derive(Debug, Clone)]
pub enum SingleRequest {
    Resend(InvitationRequest),
    Reset(ConvertRequest),
    Invalid(ConvertError),
}

pub type SingleAction = Action<SingleRequest, Result<Sent, ConvertError>>;

pub fn single_action() -> SingleAction {
    let graph = use_graph();
    Action::new_local(move |r: &SingleRequest| {
        let (graph, r) = (graph.clone(), r.clone());
        async move {
            match r {
                SingleRequest::Resend(req) => ops::resend(&graph, &req).await,
                SingleRequest::Reset(req) => convert(&graph, &req).await,
                SingleRequest::Invalid(e) => Err(e),
            }
        }
    })
}

/// The resend for a row's button: the page's settings, the guest's own address.
pub fn resend_of(g: &Guest, form: DraftForm) -> Option<SingleRequest> {
    Some(match ops::resend_request(g, &form.draft.get_untracked())? {
        Ok(r) => SingleRequest::Resend(r),
        Err(e) => SingleRequest::Invalid(e),
    })
}

#[component]
pub fn ResetPanel(
    guest: Guest,
    form: DraftForm,
    can_reset: Signal<Option<bool>>,
    send: SingleAction,
    on_close: Callback<()>,
) -> impl IntoView {
    let name = guest.display_name.clone().unwrap_or_default();
    let upn = guest.user_principal_name.clone().unwrap_or_default();
    let confirmation = Confirmation { upn: Signal::stored(upn), typed: RwSignal::new(String::new()) };
    let address = invite_address(&guest).map(str::to_string);
    // The panel opens below the list: take the focus there, where the next step is.
    Effect::new(move |_| crate::web::browser::focus("guest-reset-title"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(address) = address.clone().filter(|_| confirmation.confirmed()) else { return };
        let settings = form.draft.get_untracked();
        let req = ConvertRequest { user_id: guest.id.clone(), address, settings, kind: Conversion::ResetRedemption };
        send.dispatch(SingleRequest::Reset(req));
    };
    view! {
        <section class="warning" aria-labelledby="guest-reset-title">
            <h2 id="guest-reset-title" tabindex="-1">{t::reset_one(&name)}</h2>
            <p id="guest-reset-hint">{t::reset_note()}</p>
            {move || (can_reset.get() == Some(false)).then(|| view! { <p role="alert">{t::reset_no_role()}</p> })}
            <form on:submit=submit>
                <UpnConfirmField id="guest-reset-upn" hint="guest-reset-hint" confirmation=confirmation/>
                <div class="actions">
                    <button type="submit" disabled=move || !confirmation.confirmed() || send.pending().get()>{t::reset()}</button>
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>{t::cancel()}</button>
                </div>
            </form>
        </section>
    }
}

/// The outcome of the latest single request; the result heading gets the focus.
#[component]
pub fn SingleResult(send: SingleAction) -> impl IntoView {
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            crate::web::browser::focus(RESULT_TITLE_ID);
        }
    });
    move || {
        if send.pending().get() {
            return Some(view! { <p role="status">{t::resending()}</p> }.into_any());
        }
        send.value().get().map(|r| match r {
            Ok(Sent { invitation, outcome }) => {
                view! { <ResultPanel invitation=invitation outcome=outcome/> }.into_any()
            }
            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
        })
    }
}
