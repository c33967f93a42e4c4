//! The invite view: the form, and above it the result or the error of the last submit.

use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::DraftForm;
use crate::components::invite_form::InviteForm;
use crate::components::result_panel::{ResultPanel, RESULT_TITLE_ID};
use crate::ops::invite::{self as ops, InvitePlan, Invited};
use crate::rules::invitation_draft::DRAFT_KEY;
use crate::rules::invitation_outcome::Sent;
use crate::shell::context::{use_config, use_graph};
use crate::text::{ui::invite as t, Explain};
use crate::web::browser;
use leptos::prelude::*;

#[component]
pub fn InvitePage() -> impl IntoView {
    let config = use_config();
    let form = DraftForm::kept(DRAFT_KEY, "invite");
    form.clear_messages_when_corrected();
    let graph = use_graph();
    let send = Action::new_local(move |plan: &InvitePlan| {
        let (graph, plan) = (graph.clone(), plan.clone());
        async move { ops::invite_with(&graph, &plan).await }
    });
    // After a success, clear who was invited but keep the settings for the next partner.
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            form.draft.update(|d| d.clear_partner());
            browser::focus(RESULT_TITLE_ID);
        }
    });
    view! {
        <h1 id="page-title" tabindex="-1">{t::title()}</h1>
        <p>{t::intro(&config.organization.display_name)}</p>
        {move || {
            send.value()
                .get()
                .map(|r| match r {
                    Ok(Invited { sent: Sent { invitation, outcome }, follow_ups }) => {
                        view! { <ResultPanel invitation=invitation outcome=outcome follow_ups=follow_ups/> }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                })
        }}
        <InviteForm form=form send=send/>
    }
}
