//! The invite form alone: the address, the name, the invitation's settings and the user type. It validates on
//! submit and hands a valid request to the caller's action; the invite page and a partner's request use it.

use crate::components::access_fields::AccessFields;
use crate::components::domain_policy_note::DomainPolicyNote;
use crate::components::invitation_fields::{DraftField, DraftForm, InvitationSettingsFields};
use crate::ops::invite::{InviteError, InvitePlan, Invited};
use crate::rules::follow_up::permitted;
use crate::rules::invitation_draft::Field;
use crate::shell::context::use_session;
use crate::text::ui::invite as t;
use leptos::prelude::*;

/// The form alone: validates on submit and hands a valid plan (the invitation, then the steps the token may
/// take) to `send`.
#[component]
pub fn InviteForm(form: DraftForm, send: Action<InvitePlan, Result<Invited, InviteError>>) -> impl IntoView {
    let pending = send.pending();
    let granted = use_session().granted_scopes();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(request) = form.submit() {
            let steps = form.draft.with_untracked(|d| d.follow_ups());
            let follow_ups = granted.with_untracked(|g| permitted(steps, g));
            send.dispatch(InvitePlan { request, follow_ups });
        }
    };
    view! {
        <form class="invite-form" on:submit=on_submit novalidate>
            <DraftField form=form field=Field::Email/>
            <DomainPolicyNote form=form/>
            <DraftField form=form field=Field::DisplayName/>
            <InvitationSettingsFields form=form/>
            <UserTypeChoice form=form/>
            <AccessFields form=form/>
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { t::sending() } else { t::send() }}
            </button>
            {move || pending.get().then(|| view! { <p role="status">{t::sending_status()}</p> })}
        </form>
    }
}

#[component]
fn UserTypeChoice(form: DraftForm) -> impl IntoView {
    let member = move || form.draft.with(|d| d.member);
    view! {
        <fieldset>
            <legend>{t::user_type()}</legend>
            <div class="check">
                <input
                    id="type-guest"
                    type="radio"
                    name="user-type"
                    prop:checked=move || !member()
                    on:change=move |_| form.draft.update(|d| d.member = false)
                />
                <label for="type-guest">{t::guest()}</label>
            </div>
            <div class="check">
                <input
                    id="type-member"
                    type="radio"
                    name="user-type"
                    aria-describedby="type-member-hint"
                    prop:checked=member
                    on:change=move |_| form.draft.update(|d| d.member = true)
                />
                <label for="type-member">{t::member()}</label>
            </div>
            <p class="hint" id="type-member-hint">{t::member_hint()}</p>
        </fieldset>
    }
}
