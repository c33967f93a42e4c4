//! Before an invitation is sent: a warning under the address when the tenant's cross-tenant access settings
//! keep the address's organisation out, in full or in part. Needs `Policy.Read.All` and
//! `CrossTenantInformation.ReadBasic.All`; without them, or when nothing is known, it says nothing.

use crate::components::invitation_fields::DraftForm;
use crate::graph::policies::{POLICY_PERMISSION, TENANT_LOOKUP_PERMISSION};
use crate::ops::invite_policy::check_domain;
use crate::rules::email;
use crate::rules::permission::{permission, Permission};
use crate::shell::context::{use_graph, use_session};
use crate::text::ui::policy as p;
use crate::web::cancel::{Cancellation, Latest};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Whether the token may read the policy and look a domain's organisation up.
fn may_check() -> Memo<bool> {
    let granted = use_session().granted_scopes();
    Memo::new(move |_| {
        granted.with(|g| {
            [POLICY_PERMISSION, TENANT_LOOKUP_PERMISSION].iter().all(|s| permission(g, s) == Permission::Granted)
        })
    })
}

/// Wait this long after the address last changed before looking its organisation up.
const SETTLE_MS: u32 = 400;

#[component]
pub fn DomainPolicyNote(form: DraftForm) -> impl IntoView {
    let (may_check, status) = (may_check(), use_session().status());
    // Only a complete address names a domain worth looking up.
    let domain = Memo::new(move |_| {
        form.draft.with(|d| email::check(d.email.trim()).ok().map(|_| email::domain(d.email.trim())))
    });
    let warning = RwSignal::new(None::<String>);
    let (graph, cancel, latest) = (use_graph(), Cancellation::for_this_view(), Latest::default());
    // Each change starts a new check; only the latest one's answer is shown.
    Effect::new(move |_| {
        let (wanted, ok) = (domain.get(), may_check.get());
        let ticket = latest.begin();
        warning.set(None);
        let Some(d) = wanted.filter(|_| ok) else { return };
        let account = status.with_untracked(|s| s.username().unwrap_or_default().to_string());
        let (graph, cancel, latest) = (graph.clone(), cancel.clone(), latest.clone());
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SETTLE_MS).await;
            if cancel.is_cancelled() || !latest.is_current(ticket) {
                return;
            }
            let said = check_domain(&graph, &account, &d).await.and_then(|c| p::domain(&c, &d));
            if !cancel.is_cancelled() && latest.is_current(ticket) {
                warning.try_set(said);
            }
        });
    });
    view! {
        {move || warning.get().map(|w| view! {
            <p class="warning" role="status" id=format!("{}-domain-policy", form.prefix)>{w}</p>
        })}
    }
}

/// Domains checked for one file at most; the rest is said, not guessed.
const DOMAINS_CHECKED: usize = 50;

/// Before a file is sent: the organisations among its rows that the cross-tenant access settings keep out, in
/// full or in part, with how many rows go to each. `domains` holds each domain of the rows to send, with its
/// row count, most rows first.
#[component]
pub fn DomainPolicyWarnings(domains: Memo<Vec<(String, usize)>>) -> impl IntoView {
    let (may_check, status) = (may_check(), use_session().status());
    let warnings = RwSignal::new(Vec::<String>::new());
    let (graph, cancel, latest) = (use_graph(), Cancellation::for_this_view(), Latest::default());
    Effect::new(move |_| {
        let (all, ok) = (domains.get(), may_check.get());
        let ticket = latest.begin();
        warnings.set(Vec::new());
        if !ok || all.is_empty() {
            return;
        }
        let account = status.with_untracked(|s| s.username().unwrap_or_default().to_string());
        let (graph, cancel, latest) = (graph.clone(), cancel.clone(), latest.clone());
        spawn_local(async move {
            let mut said = Vec::new();
            for (domain, rows) in all.iter().take(DOMAINS_CHECKED) {
                if cancel.is_cancelled() || !latest.is_current(ticket) {
                    return;
                }
                if let Some(w) = check_domain(&graph, &account, domain).await.and_then(|c| p::rows(&c, domain, *rows)) {
                    said.push(w);
                }
            }
            if all.len() > DOMAINS_CHECKED {
                said.push(p::bulk_capped(DOMAINS_CHECKED as u64));
            }
            if !cancel.is_cancelled() && latest.is_current(ticket) {
                warnings.try_set(said);
            }
        });
    });
    view! {
        {move || (!warnings.with(Vec::is_empty)).then(|| view! {
            <ul class="warning" id="bulk-domain-policy">
                {warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        })}
    }
}
