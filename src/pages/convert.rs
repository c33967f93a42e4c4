//! Convert an internal user to B2B collaboration: find the user, show the facts that decide, choose the
//! address by the documented rule, run the preflight before any write, confirm by typing the UPN, send.

use crate::auth::session::{AuthStatus, Session};
use crate::browser;
use crate::components::error_panel::ErrorPanel;
use crate::components::result_panel::ResultPanel;
use crate::error_report::ErrorReport;
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::invitations::{self, DirectoryObjectRef, Invitation};
use crate::graph::users::{self, DirectoryUser, UserPage};
use crate::onboarding::internal_user_rules::{decide, Block, InternalUser, Source};
use crate::onboarding::invitation_draft::InvitationDraft;
use crate::onboarding::languages::LANGUAGES;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Wait this long after the last keystroke before searching.
const DEBOUNCE_MS: u32 = 300;

fn domain(a: &str) -> String {
    a.rsplit('@').next().unwrap_or_default().to_ascii_lowercase()
}

#[component]
pub fn ConvertPage(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let config = session.with_value(|s| s.config().clone());
    let org = config.organization.display_name.clone();
    let graph = move || GraphClient::new(session.get_value());

    // 1. Find the user.
    let (query, set_query) = signal(String::new());
    let results = RwSignal::new(None::<Result<UserPage, GraphError>>);
    let (searching, set_searching) = signal(false);
    let generation = StoredValue::new(0u32);
    let run_search = move |text: String, next: Option<String>| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        spawn_local(async move {
            if next.is_none() {
                gloo_timers::future::TimeoutFuture::new(DEBOUNCE_MS).await;
                // A newer keystroke superseded this search.
                if generation.get_value() != mine {
                    return;
                }
            }
            set_searching.set(true);
            let page = users::search(&graph(), &text, next.as_deref()).await;
            set_searching.set(false);
            if generation.get_value() != mine {
                return;
            }
            match (next.is_some(), page) {
                (true, Ok(mut more)) => results.update(|r| {
                    if let Some(Ok(existing)) = r {
                        existing.users.append(&mut more.users);
                        existing.next_link = more.next_link;
                    }
                }),
                (_, page) => results.set(Some(page)),
            }
        });
    };
    let on_query = move |ev| {
        let text = event_target_value(&ev);
        set_query.set(text.clone());
        if text.trim().chars().count() >= 2 {
            run_search(text, None);
        } else {
            generation.update_value(|g| *g += 1);
            results.set(None);
        }
    };

    // 2.–4. The chosen user, the facts, the address and the preflight.
    let selected = RwSignal::new(None::<Result<InternalUser, GraphError>>);
    let chosen_address = RwSignal::new(None::<String>);
    let admin_domain = move || match session.with_value(|s| s.status().get()) {
        AuthStatus::SignedIn(a) => Some(domain(&a.username)),
        _ => None,
    };
    let federation = config.direct_federation_domains.clone();
    let tenant = config.tenant();
    let decision = Memo::new(move |_| {
        let Some(Ok(user)) = selected.get() else { return None };
        // The tenant's own domains: never an external address.
        let own: Vec<String> = [
            user.user_principal_name.as_deref().map(domain),
            admin_domain(),
            tenant.contains('.').then(|| tenant.to_ascii_lowercase()),
        ]
        .into_iter()
        .flatten()
        .collect();
        Some(decide(&user, chosen_address.get().as_deref(), &federation, &own))
    });
    let (confirm_text, set_confirm_text) = signal(String::new());
    let pick = move |u: DirectoryUser| {
        chosen_address.set(None);
        selected.set(None);
        set_confirm_text.set(String::new());
        spawn_local(async move {
            let user = users::internal_user(&graph(), &u.id).await;
            selected.set(Some(user));
            browser::focus("facts-title");
        });
    };

    // 5.–6. Confirm and send.
    let draft = RwSignal::new(InvitationDraft::with_default_redirect(config.default_invite_redirect_url.as_str()));
    // (user id, settings, reset redemption instead of converting)
    let send = Action::new_local(move |(id, draft, reset): &(String, InvitationDraft, bool)| {
        let graph = graph();
        let (id, draft, reset) = (id.clone(), draft.clone(), *reset);
        async move {
            let mut request =
                draft.validate().map_err(|errs| ConvertError::Form(errs.into_iter().map(|e| e.message).collect()))?;
            request.invited_user = Some(DirectoryObjectRef { id });
            request.reset_redemption = reset;
            invitations::send(&graph, &request).await.map(|inv| (inv, reset)).map_err(ConvertError::Graph)
        }
    });
    let on_reset = move |_| {
        let (Some(Ok(user)), Some(d)) = (selected.get_untracked(), decision.get_untracked()) else { return };
        let mut dr = draft.get_untracked();
        dr.email = d.chosen.clone().unwrap_or_default();
        send.dispatch((user.id.clone(), dr, true));
    };
    let cancel = move |_| {
        selected.set(None);
        chosen_address.set(None);
        set_confirm_text.set(String::new());
        browser::focus("user-search");
    };
    let upn = move || selected.get().and_then(|s| s.ok()).and_then(|u| u.user_principal_name).unwrap_or_default();
    let confirmed = move || {
        let u = upn();
        !u.is_empty() && confirm_text.get().trim().eq_ignore_ascii_case(&u)
    };
    let on_convert = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(Ok(user)), Some(d)) = (selected.get_untracked(), decision.get_untracked()) else { return };
        if !d.can_convert() || !confirmed() {
            return;
        }
        let mut dr = draft.get_untracked();
        dr.email = d.chosen.clone().unwrap_or_default();
        send.dispatch((user.id.clone(), dr, false));
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            browser::focus("result-title");
        }
    });
    let pending = send.pending();

    view! {
        <h1 id="page-title" tabindex="-1">"Convert an internal user"</h1>
        <p>"Let a partner who has an internal account in your directory sign in with their own identity instead, while their object ID, user principal name, group memberships and app assignments stay. The conversion is one-way."</p>

        <section aria-labelledby="find-title">
            <h2 id="find-title">"1. Find the user"</h2>
            <label for="user-search">"Find a user"</label>
            <p class="hint" id="user-search-hint">"Type at least two letters of the name, email or user principal name."</p>
            <input id="user-search" type="search" autocomplete="off" aria-describedby="user-search-hint" prop:value=move || query.get() on:input=on_query/>
            {move || searching.get().then(|| view! { <p role="status">"Searching…"</p> })}
            {move || results.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel report=ErrorReport::from(&e)/> }.into_any(),
                Ok(page) if page.users.is_empty() => view! { <p role="status">"No internal user matches."</p> }.into_any(),
                Ok(page) => {
                    let next = page.next_link.clone();
                    view! {
                        <ul class="user-results">
                            {page.users.into_iter().map(|u| {
                                let label = format!("Choose {} ({})", u.display_name.clone().unwrap_or_default(), u.user_principal_name.clone().unwrap_or_default());
                                let chosen = u.clone();
                                view! { <li><button type="button" class="secondary" on:click=move |_| pick(chosen.clone())>{label}</button></li> }
                            }).collect_view()}
                        </ul>
                        {next.map(|link| view! { <button type="button" class="secondary" on:click=move |_| run_search(query.get_untracked(), Some(link.clone()))>"Show more users"</button> })}
                    }.into_any()
                }
            })}
        </section>

        {move || selected.get().map(|s| match s {
            Err(e) => view! { <ErrorPanel report=ErrorReport::from(&e)/> }.into_any(),
            Ok(user) => {
                let d = decision.get();
                view! {
                    <section aria-labelledby="facts-title">
                        <h2 id="facts-title" tabindex="-1">{format!("2. {}", user.display_name.clone().unwrap_or_default())}</h2>
                        <dl class="facts">
                            <dt>"User principal name"</dt><dd>{user.user_principal_name.clone().unwrap_or_default()}</dd>
                            <dt>"Object ID"</dt><dd><code>{user.id.clone()}</code></dd>
                            <dt>"User type"</dt><dd>{user.user_type.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>"Creation type"</dt><dd>{user.creation_type.clone().unwrap_or_else(|| "none (a work account)".into())}</dd>
                            <dt>"Mail"</dt><dd>{user.mail.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>"Other emails"</dt><dd>{if user.other_mails.is_empty() { "—".to_string() } else { user.other_mails.join(", ") }}</dd>
                            <dt>"Synced from on-premises"</dt><dd>{if user.is_synced() { format!("Yes ({})", user.on_premises_user_principal_name.clone().unwrap_or_default()) } else { "No, cloud-only".to_string() }}</dd>
                            <dt>"Exchange licence"</dt><dd>{if user.has_exchange_licence() { "Assigned" } else { "None" }}</dd>
                        </dl>
                    </section>
                    {d.map(|d| {
                        let can = d.can_convert();
                        let recommended = d.recommended.clone();
                        view! {
                            <section aria-labelledby="address-title">
                                <h2 id="address-title">"3. Invitation address"</h2>
                                <p>{d.reason.clone()}</p>
                                {(!d.candidates.is_empty()).then(|| view! {
                                    <fieldset>
                                        <legend>"Send the invitation to"</legend>
                                        {d.candidates.iter().enumerate().map(|(i, c)| {
                                            let id = format!("candidate-{i}");
                                            let addr = c.address.clone();
                                            let is_chosen = d.chosen.as_deref() == Some(c.address.as_str());
                                            let label = format!("{} ({}{})", c.address, if c.source == Source::Mail { "mail" } else { "other emails" }, if recommended.as_deref() == Some(c.address.as_str()) { ", recommended" } else { "" });
                                            view! {
                                                <div class="check">
                                                    <input id=id.clone() type="radio" name="candidate" prop:checked=is_chosen on:change=move |_| chosen_address.set(Some(addr.clone()))/>
                                                    <label for=id>{label}</label>
                                                </div>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                })}
                            </section>
                            <section aria-labelledby="preflight-title">
                                <h2 id="preflight-title">"4. Preflight"</h2>
                                {if can { view! { <p role="status" class="success">"No blocker found: this user can be converted."</p> }.into_any() } else {
                                    view! {
                                        <div class="error-panel" role="alert">
                                            <h3>"This user cannot be converted"</h3>
                                            <ul>{d.blocks.iter().map(|b| view! { <li><strong>{b.title()}</strong>". "{b.explain()}</li> }).collect_view()}</ul>
                                        </div>
                                        {(d.blocks.len() == 1 && matches!(d.blocks[0], Block::AlreadyExternal { .. }) && d.chosen.is_some()).then(|| view! {
                                            <p>{format!("A reset keeps the object ID, group memberships and app assignments, and sends a new invitation to {}.", d.chosen.clone().unwrap_or_default())}</p>
                                            <button type="button" disabled=move || pending.get() on:click=on_reset>"Reset redemption status"</button>
                                        })}
                                    }.into_any()
                                }}
                                {(!d.warnings.is_empty()).then(|| view! {
                                    <div class="warning" role="note">
                                        <h3>"Before you convert"</h3>
                                        <ul>{d.warnings.iter().map(|w| view! { <li>{w.explain()}</li> }).collect_view()}</ul>
                                    </div>
                                })}
                            </section>
                            {can.then(|| view! {
                                <section aria-labelledby="confirm-title">
                                    <h2 id="confirm-title">"5. Confirm"</h2>
                                    <form on:submit=on_convert>
                                        <div class="check">
                                            <input id="convert-send" type="checkbox" prop:checked=move || draft.with(|d| d.send_email) on:change=move |ev| draft.update(|d| d.send_email = event_target_checked(&ev))/>
                                            <label for="convert-send">"Send invitation email"</label>
                                        </div>
                                        <label for="convert-redirect">"Redirect URL"</label>
                                        <input id="convert-redirect" type="url" prop:value=move || draft.with(|d| d.redirect_url.clone()) on:input=move |ev| draft.update(|d| d.redirect_url = event_target_value(&ev))/>
                                        <label for="convert-language">"Message language"</label>
                                        <select id="convert-language" prop:value=move || draft.with(|d| d.language.clone()) on:change=move |ev| draft.update(|d| d.language = event_target_value(&ev))>
                                            {LANGUAGES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                                        </select>
                                        <label for="convert-cc">"Cc recipient"</label>
                                        <p class="hint" id="convert-cc-hint">"Optional. Microsoft supports only one cc recipient."</p>
                                        <input id="convert-cc" type="email" aria-describedby="convert-cc-hint" prop:value=move || draft.with(|d| d.cc.clone()) on:input=move |ev| draft.update(|d| d.cc = event_target_value(&ev))/>
                                        <label for="convert-message">"Personal message"</label>
                                        <textarea id="convert-message" prop:value=move || draft.with(|d| d.message.clone()) on:input=move |ev| draft.update(|d| d.message = event_target_value(&ev))></textarea>
                                        <p class="warning" id="confirm-hint">{format!("Converting is one-way: {} will sign in with their own partner identity from now on, and the account cannot be turned back into an internal one. Type the user principal name, {}, to confirm.", user.display_name.clone().unwrap_or_default(), user.user_principal_name.clone().unwrap_or_default())}</p>
                                        <label for="confirm-upn">"Type the user principal name to confirm"</label>
                                        <input id="confirm-upn" type="text" autocomplete="off" aria-describedby="confirm-hint" prop:value=move || confirm_text.get() on:input=move |ev| set_confirm_text.set(event_target_value(&ev))/>
                                        <div class="actions">
                                            <button type="submit" disabled=move || !confirmed() || pending.get()>{move || if pending.get() { "Converting…" } else { "Convert to external user" }}</button>
                                            <button type="button" class="secondary" on:click=cancel>"Cancel"</button>
                                        </div>
                                    </form>
                                </section>
                            })}
                        }
                    })}
                }.into_any()
            }
        })}

        {move || send.value().get().map(|r| match r {
            Ok((inv, reset)) => view! { <Converted invitation=inv org=org.clone() reset=reset/> }.into_any(),
            Err(ConvertError::Graph(e)) => view! { <ErrorPanel report=invitations::error_report(&e)/> }.into_any(),
            Err(ConvertError::Form(problems)) => {
                let mut r = ErrorReport::new("The invitation settings need fixing", "Nothing was sent.");
                r.details = problems;
                view! { <ErrorPanel report=r/> }.into_any()
            }
        })}
    }
}

#[derive(Clone, Debug)]
enum ConvertError {
    Graph(GraphError),
    Form(Vec<String>),
}

#[component]
fn Converted(invitation: Invitation, org: String, reset: bool) -> impl IntoView {
    let id = invitation.invited_user.id.clone();
    view! {
        <p class="success" role="status">{format!("The object ID stayed the same: {id}. Group memberships and app assignments are kept.")}</p>
        <ResultPanel invitation=invitation org=org previously_invited=false converted=!reset reset=reset/>
    }
}
