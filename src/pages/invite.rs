//! Invite a partner: the form (kept in sessionStorage as typed), the existence check, the invitation, and
//! the result with every way to hand the link over.

use crate::auth::session::Session;
use crate::auth::storage;
use crate::browser;
use crate::components::error_panel::ErrorPanel;
use crate::components::result_panel::ResultPanel;
use crate::error_report::ErrorReport;
use crate::graph::client::GraphClient;
use crate::graph::invitations::{self, Invitation, InvitationRequest};
use crate::graph::users;
use crate::onboarding::invitation_draft::{Field, FieldError, InvitationDraft, DRAFT_KEY, MESSAGE_MAX};
use crate::onboarding::invite_error::InviteError;
use crate::onboarding::languages::LANGUAGES;
use leptos::prelude::*;

#[derive(Clone)]
struct Sent {
    invitation: Invitation,
    previously_invited: bool,
}

async fn invite(graph: GraphClient, request: InvitationRequest) -> Result<Sent, InviteError> {
    // Check first, as Microsoft advises: an internal account would be refused, a guest gets a new link.
    let existing =
        users::with_address(&graph, &request.invited_user_email_address).await.map_err(InviteError::Graph)?;
    if let Some(internal) = existing.iter().find(|u| !u.is_external()) {
        return Err(InviteError::ExistingInternalUser(internal.clone()));
    }
    let invitation = invitations::send(&graph, &request).await.map_err(InviteError::Graph)?;
    Ok(Sent { invitation, previously_invited: !existing.is_empty() })
}

fn field_id(f: Field) -> &'static str {
    match f {
        Field::Email => "invite-email",
        Field::DisplayName => "invite-name",
        Field::RedirectUrl => "invite-redirect",
        Field::Language => "invite-language",
        Field::Cc => "invite-cc",
        Field::Message => "invite-message",
    }
}

#[component]
pub fn InvitePage(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let config = session.with_value(|s| s.config().clone());
    let org = config.organization.display_name.clone();
    let initial = storage::get::<InvitationDraft>(DRAFT_KEY)
        .unwrap_or_else(|| InvitationDraft::with_default_redirect(config.default_invite_redirect_url.as_str()));
    let draft = RwSignal::new(initial);
    // Every keystroke is kept, so an error, a renewal or a reload never loses what was typed.
    Effect::new(move |_| {
        draft.with(|d| {
            let _ = storage::put(DRAFT_KEY, d);
        })
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // While the admin corrects a field, its message goes away as soon as the value is valid. Messages never
    // appear while typing, and none vanishes on blur, so the button does not move under a click.
    Effect::new(move |_| {
        let d = draft.get();
        let shown = errors.get_untracked();
        if shown.is_empty() {
            return;
        }
        let still: Vec<FieldError> = d
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| shown.iter().any(|s| s.field == e.field))
            .collect();
        if still != shown {
            errors.set(still);
        }
    });
    let send = Action::new_local(move |request: &InvitationRequest| {
        let graph = GraphClient::new(session.get_value());
        let request = request.clone();
        async move { invite(graph, request).await }
    });
    // After a success, clear who was invited but keep the settings for the next partner.
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            draft.update(|d| {
                d.email.clear();
                d.display_name.clear();
            });
            browser::focus("result-title");
        }
    });

    let error_for = move |f: Field| move || errors.get().into_iter().find(|e| e.field == f).map(|e| e.message);
    let invalid = move |f: Field| move || errors.get().iter().any(|e| e.field == f).then_some("true");
    let describe = move |f: Field, hint: &'static str| {
        move || {
            if errors.get().iter().any(|e| e.field == f) {
                format!("{hint} {}-error", field_id(f))
            } else {
                hint.to_string()
            }
        }
    };
    let field_error = move |f: Field| {
        view! { {move || error_for(f)().map(|m| view! { <p class="field-error" id=format!("{}-error", field_id(f))>{m}</p> })} }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.get_untracked().validate() {
            Ok(request) => {
                errors.set(Vec::new());
                send.dispatch(request);
            }
            Err(errs) => {
                if let Some(first) = errs.first() {
                    browser::focus(field_id(first.field));
                }
                errors.set(errs);
            }
        }
    };
    let check_email = move |_| {
        let d = draft.get_untracked();
        errors.update(|errs| {
            errs.retain(|e| e.field != Field::Email);
            if let Err(m) = crate::onboarding::email::check(&d.email) {
                if !d.email.trim().is_empty() {
                    errs.insert(0, FieldError { field: Field::Email, message: m });
                }
            }
        });
    };
    let pending = send.pending();
    let org_for_result = org.clone();

    view! {
        <h1 id="page-title" tabindex="-1">"Invite a partner"</h1>
        <p>{format!("Invite someone from outside {org} as a guest. Microsoft can email the invitation, or you can hand the link over yourself.")}</p>
        {move || send.value().get().map(|r| match r {
            Ok(sent) => view! { <ResultPanel invitation=sent.invitation org=org_for_result.clone() previously_invited=sent.previously_invited/> }.into_any(),
            Err(e) => view! { <ErrorPanel report=ErrorReport::from(&e)/> }.into_any(),
        })}
        <form class="invite-form" on:submit=on_submit novalidate>
            <label for="invite-email">"Email address"</label>
            <p class="hint" id="invite-email-hint">"The partner's own work or personal address."</p>
            <input id="invite-email" type="email" autocomplete="off" required
                aria-invalid=invalid(Field::Email) aria-describedby=describe(Field::Email, "invite-email-hint")
                prop:value=move || draft.with(|d| d.email.clone())
                on:input=move |ev| draft.update(|d| d.email = event_target_value(&ev))
                on:change=check_email/>
            {field_error(Field::Email)}

            <label for="invite-name">"Display name"</label>
            <p class="hint" id="invite-name-hint">"Optional; how the guest appears in your directory."</p>
            <input id="invite-name" type="text" aria-describedby=describe(Field::DisplayName, "invite-name-hint") aria-invalid=invalid(Field::DisplayName)
                prop:value=move || draft.with(|d| d.display_name.clone())
                on:input=move |ev| draft.update(|d| d.display_name = event_target_value(&ev))/>
            {field_error(Field::DisplayName)}

            <label for="invite-redirect">"Redirect URL"</label>
            <p class="hint" id="invite-redirect-hint">"Where the partner lands after accepting. An https address (http only for localhost)."</p>
            <input id="invite-redirect" type="url" required aria-invalid=invalid(Field::RedirectUrl) aria-describedby=describe(Field::RedirectUrl, "invite-redirect-hint")
                prop:value=move || draft.with(|d| d.redirect_url.clone())
                on:input=move |ev| draft.update(|d| d.redirect_url = event_target_value(&ev))/>
            {field_error(Field::RedirectUrl)}

            <div class="check">
                <input id="invite-send" type="checkbox" prop:checked=move || draft.with(|d| d.send_email)
                    on:change=move |ev| draft.update(|d| d.send_email = event_target_checked(&ev))/>
                <label for="invite-send">"Send invitation email"</label>
            </div>
            <p class="hint">"Microsoft sends the email from invites@microsoft.com. Switch it off to share the link through your own channel."</p>

            <fieldset disabled=move || !draft.with(|d| d.send_email)>
                <legend>"Invitation email"</legend>
                <label for="invite-language">"Message language"</label>
                <p class="hint" id="invite-language-hint">"Microsoft ignores the language when you write a personal message below."</p>
                <select id="invite-language" aria-describedby=describe(Field::Language, "invite-language-hint") aria-invalid=invalid(Field::Language)
                    prop:value=move || draft.with(|d| d.language.clone())
                    on:change=move |ev| draft.update(|d| d.language = event_target_value(&ev))>
                    {LANGUAGES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                </select>
                {field_error(Field::Language)}

                <label for="invite-cc">"Cc recipient"</label>
                <p class="hint" id="invite-cc-hint">"Optional. Microsoft supports only one cc recipient."</p>
                <input id="invite-cc" type="email" aria-invalid=invalid(Field::Cc) aria-describedby=describe(Field::Cc, "invite-cc-hint")
                    prop:value=move || draft.with(|d| d.cc.clone())
                    on:input=move |ev| draft.update(|d| d.cc = event_target_value(&ev))/>
                {field_error(Field::Cc)}

                <label for="invite-message">"Personal message"</label>
                <p class="hint" id="invite-message-hint">{move || format!("Optional. {} of {MESSAGE_MAX} characters.", draft.with(|d| d.message_len()))}</p>
                <textarea id="invite-message" aria-invalid=invalid(Field::Message) aria-describedby=describe(Field::Message, "invite-message-hint")
                    prop:value=move || draft.with(|d| d.message.clone())
                    on:input=move |ev| draft.update(|d| d.message = event_target_value(&ev))></textarea>
                {field_error(Field::Message)}
            </fieldset>

            <fieldset>
                <legend>"User type"</legend>
                <div class="check">
                    <input id="type-guest" type="radio" name="user-type" prop:checked=move || draft.with(|d| !d.member) on:change=move |_| draft.update(|d| d.member = false)/>
                    <label for="type-guest">"Guest"</label>
                </div>
                <div class="check">
                    <input id="type-member" type="radio" name="user-type" aria-describedby="type-member-hint" prop:checked=move || draft.with(|d| d.member) on:change=move |_| draft.update(|d| d.member = true)/>
                    <label for="type-member">"Member"</label>
                </div>
                <p class="hint" id="type-member-hint">"Members get the same default access as employees. Only a Global Administrator or User Administrator may invite Members."</p>
            </fieldset>

            <button type="submit" disabled=move || pending.get()>{move || if pending.get() { "Sending…" } else { "Send invitation" }}</button>
            {move || pending.get().then(|| view! { <p role="status">"Sending the invitation… (if Microsoft Graph is busy, it is retried automatically)"</p> })}
        </form>
    }
}
