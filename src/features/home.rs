//! The landing view: what the app does, and, once signed in, what this admin may do.

use crate::auth::session::AuthStatus;
use crate::components::error_panel::ErrorPanel;
use crate::graph::access_packages::{waiting_count, WRITE_PERMISSION};
use crate::graph::directory_roles::my_capabilities;
use crate::graph::error::GraphError;
use crate::graph::policies::POLICY_PERMISSION;
use crate::ops::invite_policy::policy_once;
use crate::rules::invite_policy::{guest_access, inbound_summary, invite_standing};
use crate::rules::permission::{permission, Permission};
use crate::shell::context::{use_config, use_graph, use_session};
use crate::text::{rules, ui::home as t, ui::policy as p, Explain};
use leptos::prelude::*;

/// `children` is what a signed-in admin sees below: the shell loads it from a module of its own.
#[component]
pub fn HomePage(children: ChildrenFn) -> impl IntoView {
    let config = use_config();
    let status = use_session().status();
    // Re-query the roles only when the signed-in state changes, not on every status update.
    let is_signed_in = Memo::new(move |_| matches!(status.get(), AuthStatus::SignedIn(_)));
    view! {
        <h1 id="page-title" tabindex="-1">{t::title(&config.organization.display_name)}</h1>
        <p>{t::intro()}</p>
        <dl class="facts">
            <dt>{t::tenant()}</dt>
            <dd>
                <code>{config.tenant()}</code>
            </dd>
            <dt>{t::sign_in_service()}</dt>
            <dd>
                <code>{config.login_host()}</code>
            </dd>
        </dl>
        {move || is_signed_in.get().then(|| children())}
    }
}

/// The admin's roles and what they allow, from Graph, and how many access-package requests wait for them (with
/// the permission that decides them; one resource for both, so the module carries one loader).
#[component]
pub fn Capabilities() -> impl IntoView {
    let granted = use_session().granted_scopes();
    let may_decide = Memo::new(move |_| granted.with(|g| permission(g, WRITE_PERMISSION)) == Permission::Granted);
    let graph = use_graph();
    let caps = LocalResource::new(move || {
        let (graph, decide) = (graph.clone(), may_decide.get());
        async move {
            let waiting = async {
                match decide {
                    true => Some(waiting_count(&graph).await),
                    false => None,
                }
            };
            futures::join!(my_capabilities(&graph), waiting)
        }
    });
    let waiting_line = |w: Option<Result<usize, GraphError>>| {
        w.map(|r| match r {
            Ok(0) => view! { <p role="status">{t::none_waiting()}</p> }.into_any(),
            Ok(n) => view! {
                <p role="status">{t::waiting(n as u64)}" "<a href="#/access-packages">{t::open_approvals()}</a></p>
            }
            .into_any(),
            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
        })
    };
    view! {
        <section aria-labelledby="caps-title">
            <h2 id="caps-title">{t::what_you_can_do()}</h2>
            <Transition fallback=|| view! { <p role="status">{t::checking_roles()}</p> }>
                {move || caps.get().map(|(r, w)| match r {
                    Ok(c) => view! {
                        <ul class="capabilities">
                            {rules::capabilities(&c).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                        </ul>
                        {waiting_line(w)}
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The tenant's invitation policy in sentences, read once per session; without the permission, what it would
/// show and what unlocks it.
#[component]
pub fn TenantPolicy() -> impl IntoView {
    let session = use_session();
    let granted = session.granted_scopes();
    let status = session.status();
    let allowed = Memo::new(move |_| granted.with(|g| permission(g, POLICY_PERMISSION)));
    let graph = use_graph();
    let facts = LocalResource::new(move || {
        let (graph, ok) = (graph.clone(), allowed.get() == Permission::Granted);
        let account = status.with(|s| s.username().unwrap_or_default().to_string());
        async move {
            match ok {
                true => Some(futures::join!(policy_once(&graph, &account), my_capabilities(&graph))),
                false => None,
            }
        }
    });
    let sentences = move || {
        facts.get().flatten().map(|(facts, caps)| {
            let mut lines = Vec::new();
            match (&facts.authorization, caps.ok()) {
                (Ok(a), Some(c)) => {
                    lines.push(p::invite(invite_standing(a.allow_invites_from, &c)).to_string());
                    lines.push(p::guests(guest_access(a.guest_user_role_id.as_deref())).to_string());
                }
                (Ok(a), None) => lines.push(p::guests(guest_access(a.guest_user_role_id.as_deref())).to_string()),
                (Err(e), _) => lines.push(p::unreadable(e.report().what_happened)),
            }
            match &facts.cross_tenant {
                Ok(x) => lines.push(p::inbound(&inbound_summary(&x.default, &x.partners))),
                Err(GraphError::Http { status: 403, .. }) => lines.push(p::cross_tenant_no_role().to_string()),
                Err(e) => lines.push(p::unreadable(e.report().what_happened)),
            }
            lines.push(p::domain_lists().to_string());
            lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()
        })
    };
    view! {
        <section aria-labelledby="policy-title">
            <h2 id="policy-title">{p::heading()}</h2>
            {move || match allowed.get() {
                Permission::Missing => view! { <p class="hint">{p::no_permission(POLICY_PERMISSION)}</p> }.into_any(),
                _ => view! {
                    <Transition fallback=|| view! { <p role="status">{p::checking()}</p> }>
                        <ul class="policy">{sentences}</ul>
                    </Transition>
                }
                .into_any(),
            }}
        </section>
    }
}
