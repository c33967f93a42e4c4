//! The outcome of an invitation (created, sent again, converted, reset) and the hand-over of its link.
//! Shared by the invite and conversion views.

use super::follow_up_panel::FollowUpPanel;
use super::handover::Handover;
use crate::graph::invitations::Invitation;
use crate::rules::follow_up::FollowUp;
use crate::rules::invitation_outcome::Outcome;
use crate::text::ui::{self, result as t};
use leptos::prelude::*;

/// The id of the result heading, which gets the focus after a success.
pub const RESULT_TITLE_ID: &str = "result-title";

/// `follow_ups`: the steps to take on the invited user (groups, profile), run and shown above the hand-over,
/// which stays available whatever they do.
#[component]
pub fn ResultPanel(
    invitation: Invitation,
    outcome: Outcome,
    #[prop(optional)] follow_ups: Vec<FollowUp>,
) -> impl IntoView {
    let email = invitation.invited_user_email_address.clone();
    let user_id = invitation.invited_user.id.clone();
    let message_language = invitation.invited_user_message_info.as_ref().and_then(|i| i.message_language.clone());
    let email_line =
        if invitation.send_invitation_message { t::email_sent(&email) } else { t::email_not_sent().to_string() };
    view! {
        <section class="result success" aria-labelledby=RESULT_TITLE_ID>
            <h2 id=RESULT_TITLE_ID tabindex="-1">{t::title(outcome)}</h2>
            {(outcome == Outcome::Resent).then(|| view! { <p>{t::resent_note()}</p> })}
            {matches!(outcome, Outcome::Converted | Outcome::RedemptionReset)
                .then(|| view! { <p class="success" role="status">{t::object_id_kept(&user_id)}</p> })}
            <dl class="facts">
                <dt>{t::status()}</dt>
                <dd>{ui::invitation_status(&invitation.status)}</dd>
                <dt>{t::user_id()}</dt>
                <dd>
                    <code>{user_id.clone()}</code>
                </dd>
                <dt>{t::address()}</dt>
                <dd>{email.clone()}</dd>
                <dt>{t::email()}</dt>
                <dd>{email_line}</dd>
            </dl>
            {(!follow_ups.is_empty()).then(|| view! { <FollowUpPanel user_id=user_id.clone() steps=follow_ups/> })}
        </section>
        <Handover redeem_url=invitation.invite_redeem_url email=email message_language=message_language/>
    }
}
