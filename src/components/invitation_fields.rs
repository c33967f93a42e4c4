//! The invitation's fields, keyed by [`Field`]: one component per text field, the language list, and the
//! settings block (redirect, email on/off, language, cc, message) that the invite and conversion views share.

use crate::rules::invitation_draft::{Field, FieldError, InvitationDraft, MESSAGE_MAX};
use crate::rules::languages::LANGUAGES;
use crate::text::{rules, ui::fields as t, ui::language_name};
use leptos::prelude::*;

/// The draft being edited and the problems shown next to its fields.
#[derive(Clone, Copy)]
pub struct DraftForm {
    pub draft: RwSignal<InvitationDraft>,
    pub errors: RwSignal<Vec<FieldError>>,
    /// Makes the ids unique per form (`invite-email`, `convert-cc`).
    pub prefix: &'static str,
}

impl DraftForm {
    pub fn new(draft: InvitationDraft, prefix: &'static str) -> DraftForm {
        DraftForm { draft: RwSignal::new(draft), errors: RwSignal::new(Vec::new()), prefix }
    }

    /// A form whose draft is kept in sessionStorage under `key` on every change (cleared with every draft
    /// at sign-out), so an error, a renewal or a reload never loses what was typed. It starts from the kept
    /// draft, else from the configured redirect.
    pub fn kept(key: &'static str, prefix: &'static str) -> DraftForm {
        let config = crate::shell::context::use_config();
        let initial = crate::auth::storage::get::<InvitationDraft>(key)
            .unwrap_or_else(|| InvitationDraft::with_default_redirect(config.default_invite_redirect_url.as_str()));
        let form = DraftForm::new(initial, prefix);
        Effect::new(move |_| form.draft.with(|d| crate::auth::storage::put(key, d).ok()));
        form
    }

    pub fn id(&self, f: Field) -> String {
        let suffix = match f {
            Field::Email => "email",
            Field::DisplayName => "name",
            Field::RedirectUrl => "redirect",
            Field::Language => "language",
            Field::Cc => "cc",
            Field::Message => "message",
            Field::GivenName => "given-name",
            Field::Surname => "surname",
            Field::JobTitle => "job-title",
            Field::CompanyName => "company",
            Field::Department => "department",
            Field::UsageLocation => "usage-location",
            Field::Groups => "group-search",
            Field::Sponsors => "sponsor-search",
        };
        format!("{}-{suffix}", self.prefix)
    }

    fn problem(&self, f: Field) -> Option<String> {
        self.errors.with(|errs| errs.iter().find(|e| e.field == f).map(|e| rules::field_problem(&e.problem)))
    }

    /// The hint's id, and the message's when one is shown.
    fn described_by(&self, f: Field) -> String {
        match self.problem(f) {
            Some(_) => format!("{0}-hint {0}-error", self.id(f)),
            None => format!("{}-hint", self.id(f)),
        }
    }

    /// While the admin corrects a field, its message goes away as soon as the value is valid. Messages never
    /// appear while typing, and none vanishes on blur, so the button does not move under a click.
    pub fn clear_messages_when_corrected(self) {
        Effect::new(move |_| {
            let d = self.draft.get();
            let shown = self.errors.get_untracked();
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
                self.errors.set(still);
            }
        });
    }

    /// Validates the whole draft: the request, or every problem shown and the first field focused.
    pub fn submit(&self) -> Option<crate::graph::invitations::InvitationRequest> {
        match self.draft.get_untracked().validate() {
            Ok(request) => {
                self.errors.set(Vec::new());
                Some(request)
            }
            Err(errs) => {
                if let Some(first) = errs.first() {
                    crate::web::browser::focus(&self.id(first.field));
                }
                self.errors.set(errs);
                None
            }
        }
    }

    /// Shows the field's problem when it has one, else removes its message.
    fn check(&self, f: Field) {
        // `change` also fires when the page is torn down with the field focused: then there is nothing to check.
        let Some(d) = self.draft.try_get_untracked() else { return };
        let problem = (!d.text(f).trim().is_empty()).then(|| d.problem_of(f)).flatten();
        self.errors.try_update(|errs| {
            errs.retain(|e| e.field != f);
            if let Some(problem) = problem {
                errs.insert(0, FieldError { field: f, problem });
            }
        });
    }
}

#[component]
fn FieldMessage(form: DraftForm, field: Field) -> impl IntoView {
    move || form.problem(field).map(|m| view! { <p class="field-error" id=format!("{}-error", form.id(field))>{m}</p> })
}

/// Label, hint, the input (a textarea for the message) and its message.
#[component]
pub fn DraftField(form: DraftForm, field: Field) -> impl IntoView {
    let id = form.id(field);
    let hint = move || match field {
        Field::Message => t::message_count(form.draft.with(|d| d.message_len()), MESSAGE_MAX),
        _ => t::hint(field).to_string(),
    };
    let value = move || form.draft.with(|d| d.text(field).to_string());
    let input = move |ev| form.draft.update(|d| d.set_text(field, event_target_value(&ev)));
    let leave = move |_| {
        if field.checked_on_leave() {
            form.check(field);
        }
    };
    let invalid = move || form.problem(field).map(|_| "true");
    let described = move || form.described_by(field);
    let control = match field {
        Field::Message => view! {
            <textarea id=id.clone() aria-invalid=invalid aria-describedby=described prop:value=value on:input=input></textarea>
        }
        .into_any(),
        _ => {
            let (kind, required) = match field {
                Field::Email => ("email", true),
                Field::Cc => ("email", false),
                Field::RedirectUrl => ("url", true),
                _ => ("text", false),
            };
            view! {
                <input
                    id=id.clone()
                    type=kind
                    required=required
                    autocomplete="off"
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=value
                    on:input=input
                    on:change=leave
                />
            }
            .into_any()
        }
    };
    view! {
        <label for=id.clone()>{t::label(field)}</label>
        <p class="hint" id=format!("{id}-hint")>{hint}</p>
        {control}
        <FieldMessage form=form field=field/>
    }
}

#[component]
fn LanguageSelect(form: DraftForm) -> impl IntoView {
    let id = form.id(Field::Language);
    view! {
        <label for=id.clone()>{t::label(Field::Language)}</label>
        <p class="hint" id=format!("{id}-hint")>{t::hint(Field::Language)}</p>
        <select
            id=id
            aria-describedby=move || form.described_by(Field::Language)
            aria-invalid=move || form.problem(Field::Language).map(|_| "true")
            prop:value=move || form.draft.with(|d| d.language.clone())
            on:change=move |ev| form.draft.update(|d| d.language = event_target_value(&ev))
        >
            {LANGUAGES
                .iter()
                .map(|code| view! { <option value=*code>{language_name(code)}</option> })
                .collect_view()}
        </select>
        <FieldMessage form=form field=Field::Language/>
    }
}

/// Redirect, email on/off, and the email's language, cc and message: the settings an invitation carries.
#[component]
pub fn InvitationSettingsFields(form: DraftForm) -> impl IntoView {
    let send_id = format!("{}-send", form.prefix);
    view! {
        <DraftField form=form field=Field::RedirectUrl/>
        <div class="check">
            <input
                id=send_id.clone()
                type="checkbox"
                aria-describedby=format!("{send_id}-hint")
                prop:checked=move || form.draft.with(|d| d.send_email)
                on:change=move |ev| form.draft.update(|d| d.send_email = event_target_checked(&ev))
            />
            <label for=send_id.clone()>{t::send_email()}</label>
        </div>
        <p class="hint" id=format!("{send_id}-hint")>{t::send_email_hint()}</p>
        <fieldset disabled=move || !form.draft.with(|d| d.send_email)>
            <legend>{t::email_settings()}</legend>
            <LanguageSelect form=form/>
            <DraftField form=form field=Field::Cc/>
            <DraftField form=form field=Field::Message/>
        </fieldset>
    }
}
