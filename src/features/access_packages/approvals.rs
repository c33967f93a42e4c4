//! "Requests waiting for you": the access-package requests the signed-in admin may approve, each with who
//! asked, for what, their (untrusted) words and a justification to give back; Approve and Deny decide the
//! request's stage. When another approver decided first (409), the row says who and what.

use crate::components::error_panel::ErrorPanel;
use crate::graph::access_packages::{self, AssignmentRequest, Verdict, WRITE_PERMISSION};
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::rules::access_package_rules::{stage_for_me, StageForMe};
use crate::rules::permission::{permission, Permission};
use crate::shell::context::{use_graph, use_session};
use crate::text::{ui, ui::approvals as t, Explain};
use leptos::prelude::*;

/// How one decision ended.
#[derive(Debug, Clone, PartialEq)]
enum Decided {
    Done(Verdict),
    Before(StageForMe),
    Failed(GraphError),
}

/// Finds the stage assigned to this admin and decides it; a 409 reads the stage again to say who decided.
async fn decide(graph: GraphClient, request_id: String, verdict: Verdict, justification: String) -> Decided {
    let stage = match access_packages::stages(&graph, &request_id).await.map(|s| stage_for_me(&s)) {
        Ok(StageForMe::Open { stage_id }) => stage_id,
        Ok(other) => return Decided::Before(other),
        Err(e) => return Decided::Failed(e),
    };
    match access_packages::decide(&graph, &request_id, &stage, verdict, &justification).await {
        Ok(()) => Decided::Done(verdict),
        Err(GraphError::Http { status: 409, .. }) => match access_packages::stages(&graph, &request_id).await {
            Ok(s) => Decided::Before(stage_for_me(&s)),
            Err(e) => Decided::Failed(e),
        },
        Err(e) => Decided::Failed(e),
    }
}

#[component]
pub fn WaitingForMe() -> impl IntoView {
    let granted = use_session().granted_scopes();
    let allowed = Memo::new(move |_| granted.with(|g| permission(g, WRITE_PERMISSION)));
    let graph = use_graph();
    let waiting = LocalResource::new(move || {
        let (graph, ok) = (graph.clone(), allowed.get() == Permission::Granted);
        async move {
            match ok {
                true => Some(access_packages::waiting_for_me(&graph).await),
                false => None,
            }
        }
    });
    view! {
        <section aria-labelledby="approvals-title">
            <h2 id="approvals-title">{t::heading()}</h2>
            <p class="hint">{t::intro()}</p>
            {move || match allowed.get() {
                Permission::Missing => view! { <p class="hint">{t::permission_missing(WRITE_PERMISSION)}</p> }.into_any(),
                _ => view! {
                    <Transition fallback=|| view! { <p role="status">{ui::loading()}</p> }>
                        {move || waiting.get().flatten().map(|r| match r {
                            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p role="status">{t::none()}</p> }.into_any(),
                            Ok(list) => list.into_iter().map(|r| view! { <WaitingRequest request=r/> }).collect_view().into_any(),
                        })}
                    </Transition>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn WaitingRequest(request: AssignmentRequest) -> impl IntoView {
    let who = crate::text::ui::access_packages::requestor(request.requestor.as_ref());
    let package = request.access_package.clone().and_then(|p| p.display_name).unwrap_or_default();
    let date = request.created_date_time.as_deref().and_then(ui::date).unwrap_or_else(|| ui::none().into());
    let words = request.justification.clone().filter(|w| !w.trim().is_empty());
    let field_id = format!("approval-{}", request.id);
    let typed = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let id = request.id.clone();
    let graph = use_graph();
    let action = Action::new_local(move |(verdict, text): &(Verdict, String)| {
        decide(graph.clone(), id.clone(), *verdict, text.clone())
    });
    let go = move |verdict: Verdict| {
        let text = typed.get_untracked();
        missing.set(text.trim().is_empty());
        if !text.trim().is_empty() {
            action.dispatch((verdict, text.trim().to_string()));
        }
    };
    let pending = action.pending();
    let settled = move || action.value().with(|v| matches!(v, Some(Decided::Done(_)) | Some(Decided::Before(_))));
    let outcome = move || {
        action.value().get().map(|d| match d {
            Decided::Done(Verdict::Approve) => view! { <p role="status">{t::approved()}</p> }.into_any(),
            Decided::Done(Verdict::Deny) => view! { <p role="status">{t::denied()}</p> }.into_any(),
            Decided::Before(StageForMe::Decided { result, by: Some(by) }) => {
                view! { <p role="status">{t::decided_by(by, result.unwrap_or_default())}</p> }.into_any()
            }
            Decided::Before(StageForMe::Decided { result, by: None }) => {
                view! { <p role="status">{t::decided(result.unwrap_or_default())}</p> }.into_any()
            }
            Decided::Before(_) => view! { <p role="status">{t::not_mine()}</p> }.into_any(),
            Decided::Failed(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
        })
    };
    let label = t::justification(&who);
    let (approve, deny) = (t::approve(&who), t::deny(&who));
    view! {
        <div class="approval">
            <p>{t::asked(&who, &package, &date)}</p>
            <p class="hint">{match words { Some(w) => t::their_words(w), None => t::no_words().to_string() }}</p>
            <label for=field_id.clone()>{label}</label>
            <textarea
                id=field_id.clone()
                aria-invalid=move || missing.get().then_some("true")
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            ></textarea>
            {move || missing.get().then(|| view! { <p class="field-error" role="alert">{t::need_justification()}</p> })}
            <div class="actions">
                <button type="button" disabled=move || pending.get() || settled() on:click=move |_| go(Verdict::Approve)>{approve}</button>
                <button type="button" class="secondary" disabled=move || pending.get() || settled() on:click=move |_| go(Verdict::Deny)>{deny}</button>
            </div>
            {move || pending.get().then(|| view! { <p role="status">{t::deciding()}</p> })}
            {outcome}
        </div>
    }
}
