//! The outcome of an invitation and every way to hand the redeem link over: copy, QR code, the admin's own
//! email, and the partner link to this app's welcome view. Reused by the conversion view.

use crate::browser;
use crate::graph::invitations::Invitation;
use crate::onboarding::handover;
use crate::onboarding::partner_link::{PartnerLink, NOTE_MAX};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// An SVG QR code of `text`; `None` if the text is too long for a QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
}

#[component]
fn CopyField(id: &'static str, label: &'static str, value: Signal<String>, button: &'static str) -> impl IntoView {
    let (feedback, set_feedback) = signal(String::new());
    let copy = move |_| {
        let text = value.get_untracked();
        spawn_local(async move {
            if browser::copy_text(&text).await {
                set_feedback.set("Copied.".into());
            } else {
                browser::select_input(id);
                set_feedback.set(
                    "Your browser did not allow copying: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it."
                        .into(),
                );
            }
        });
    };
    view! {
        <label for=id>{label}</label>
        <div class="copy-row">
            <input id=id type="text" readonly prop:value=move || value.get() on:focus=move |_| browser::select_input(id)/>
            <button type="button" on:click=copy>{button}</button>
        </div>
        <p class="hint" role="status">{move || feedback.get()}</p>
    }
}

/// What happened, and the hand-over tools.
#[component]
pub fn ResultPanel(
    invitation: Invitation,
    org: String,
    previously_invited: bool,
    #[prop(optional)] converted: bool,
    #[prop(optional)] reset: bool,
) -> impl IntoView {
    let redeem = invitation.invite_redeem_url.clone();
    let email = invitation.invited_user_email_address.clone();
    let (note, set_note) = signal(String::new());
    let app_base = browser::app_base_url();
    let org_for_link = org.clone();
    let redeem_for_link = redeem.clone();
    let partner_link = Signal::derive(move || {
        let n = note.get();
        PartnerLink::new(&redeem_for_link, &org_for_link, Some(&n)).url(&app_base)
    });
    let org_for_mail = org.clone();
    let email_for_mail = email.clone();
    let mailto = move || handover::mailto(&email_for_mail, &org_for_mail, &partner_link.get(), Some(&note.get()));
    let redeem_signal = Signal::derive({
        let r = redeem.clone();
        move || r.clone()
    });
    let qr = qr_svg(&redeem);
    let title = if converted {
        "Converted to B2B collaboration"
    } else if reset {
        "Redemption status reset"
    } else if previously_invited {
        "Invitation sent again"
    } else {
        "Invitation created"
    };
    view! {
        <section class="result success" aria-labelledby="result-title">
            <h2 id="result-title" tabindex="-1">{title}</h2>
            {previously_invited.then(|| view! { <p>"This address had been invited before: the same guest account was kept, and this is a new redeem link."</p> })}
            <dl class="facts">
                <dt>"Status"</dt><dd>{invitation.status.clone().unwrap_or_else(|| "PendingAcceptance".into())}</dd>
                <dt>"Invited user ID"</dt><dd><code>{invitation.invited_user.id.clone()}</code></dd>
                <dt>"Invited address"</dt><dd>{email.clone()}</dd>
                <dt>"Invitation email"</dt>
                <dd>{if invitation.send_invitation_message { format!("Microsoft sent the invitation email to {email}.") } else { "Not sent: hand the link over yourself, below.".to_string() }}</dd>
            </dl>
        </section>
        <section class="handover" aria-labelledby="handover-title">
            <h2 id="handover-title">"Hand over the invitation"</h2>
            <p class="warning" role="note"><strong>"This link is a credential. "</strong>{format!("Whoever opens it first can accept the invitation as this guest. Share it only with {email}, through a channel you trust. It is shown only now: Microsoft does not return it again.")}</p>
            <CopyField id="redeem-url" label="Redeem link" value=redeem_signal button="Copy link"/>
            {qr.map(|svg| view! { <figure class="qr"><div role="img" aria-label="QR code of the redeem link" inner_html=svg></div><figcaption>"Scan to open the redeem link."</figcaption></figure> })}
            <label for="partner-note">"Note for the partner (optional)"</label>
            <p class="hint" id="partner-note-hint">{format!("Shown as plain text on the welcome page; at most {NOTE_MAX} characters.")}</p>
            <textarea id="partner-note" aria-describedby="partner-note-hint" maxlength=NOTE_MAX prop:value=move || note.get() on:input=move |ev| set_note.set(event_target_value(&ev))></textarea>
            <CopyField id="partner-link" label="Partner link" value=partner_link button="Copy partner link"/>
            <p class="hint">"The partner link opens this app's welcome page, which explains who invites them and what happens next. Its contents stay in the link's #fragment, which web servers never see."</p>
            <p><a class="button secondary" href=mailto>"Email it yourself"</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_codes_render_as_svg_and_fail_softly() {
        let svg =
            qr_svg("https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem")
                .unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(qr_svg(&"x".repeat(8000)).is_none());
    }
}
