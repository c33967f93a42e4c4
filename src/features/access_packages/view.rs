//! The list of access packages and what each allows.

use super::approvals::WaitingForMe;
use super::requests::PackageRequests;
use super::setup::SelfServiceSetup;
use super::share::SharePanel;
use crate::components::error_panel::ErrorPanel;
use crate::features::access_packages::request_link::RequestLinkMaker;
use crate::graph::access_packages::{self, AccessPackage, AssignmentPolicy, ConnectedOrganization};
use crate::rules::access_package_rules::{
    audience_named, needs_approval, requestability, self_request, Requestability,
};
use crate::shell::context::use_graph;
use crate::text::{ui::access_packages as t, Explain};
use leptos::prelude::*;

/// What the admin opened below the list: one package's share panel or its requests.
#[derive(Debug, Clone, PartialEq)]
enum Opened {
    Share(AccessPackage),
    Requests(AccessPackage),
}

#[component]
pub fn AccessPackagesPage() -> impl IntoView {
    let graph = use_graph();
    let packages = LocalResource::new(move || {
        let graph = graph.clone();
        async move {
            // Both at once. Without the organisations' names, the targets' descriptions serve.
            let (list, orgs) =
                futures::future::join(access_packages::list(&graph), access_packages::connected_organizations(&graph))
                    .await;
            Ok::<_, crate::graph::error::GraphError>((list?, orgs.unwrap_or_default()))
        }
    });
    let opened = RwSignal::new(None::<Opened>);
    let orgs = Signal::derive(move || match packages.get() {
        Some(Ok((_, orgs))) => orgs,
        _ => Vec::new(),
    });
    // A package just set up opens its share panel once the list, read again, has it.
    let just_made = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(id) = just_made.get() else { return };
        if let Some(Ok((list, _))) = packages.get() {
            if let Some(p) = list.into_iter().find(|p| p.id == id) {
                opened.set(Some(Opened::Share(p)));
                just_made.set(None);
            }
        }
    });
    let on_ready = Callback::new(move |id: String| {
        just_made.set(Some(id));
        packages.refetch();
    });
    view! {
        <h1 id="page-title" tabindex="-1">{t::title()}</h1>
        <p>{t::intro()}</p>
        <WaitingForMe/>
        <Transition fallback=|| view! { <p role="status">{t::loading()}</p> }>
            {move || packages.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                Ok((list, _)) if list.is_empty() => view! { <p role="status">{t::none()}</p> }.into_any(),
                Ok((list, orgs)) => list
                    .into_iter()
                    .map(|p| view! { <PackageCard package=p orgs=orgs.clone() opened=opened/> })
                    .collect_view()
                    .into_any(),
            })}
        </Transition>
        <SelfServiceSetup orgs=orgs on_ready=on_ready/>
        <RequestLinkMaker/>
        {move || opened.get().map(|o| match o {
            Opened::Share(p) => view! { <SharePanel package=p/> }.into_any(),
            Opened::Requests(p) => view! { <PackageRequests package=p/> }.into_any(),
        })}
    }
}

#[component]
fn PackageCard(
    package: AccessPackage,
    orgs: Vec<ConnectedOrganization>,
    opened: RwSignal<Option<Opened>>,
) -> impl IntoView {
    let name = package.display_name.clone().unwrap_or_default();
    let heading_id = format!("package-{}", package.id);
    let labelled_by = heading_id.clone();
    let verdict = requestability(&package);
    let catalog = package.catalog.clone().unwrap_or_default();
    let catalog_text =
        t::catalog(&catalog.display_name.unwrap_or_default(), catalog.is_externally_visible == Some(true));
    let (for_share, for_requests) = (package.clone(), package.clone());
    let requestable = matches!(verdict, Requestability::Partners { .. });
    view! {
        <section class="package" aria-labelledby=labelled_by>
            <h2 id=heading_id>{name.clone()}</h2>
            <p>{package.description.clone().unwrap_or_default()}</p>
            <p><strong>{t::catalog_label()}{crate::text::ui::label_separator()}</strong>{catalog_text}</p>
            {(package.is_hidden == Some(true)).then(|| view! { <p class="hint">{t::hidden()}</p> })}
            <h3>{t::policies()}</h3>
            <ul>{package.assignment_policies.iter().map(|p| view! { <PolicyLine policy=p.clone() orgs=orgs.clone()/> }).collect_view()}</ul>
            <p class=if requestable { "success" } else { "warning" }>{t::verdict(&verdict)}</p>
            <div class="actions">
                {requestable.then(|| view! {
                    <button type="button" on:click=move |_| opened.set(Some(Opened::Share(for_share.clone())))>{t::share(&name)}</button>
                })}
                <button type="button" class="secondary" on:click=move |_| opened.set(Some(Opened::Requests(for_requests.clone())))>
                    {t::requests(package.display_name.clone().unwrap_or_default())}
                </button>
            </div>
        </section>
    }
}

#[component]
fn PolicyLine(policy: AssignmentPolicy, orgs: Vec<ConnectedOrganization>) -> impl IntoView {
    let words = format!(
        "{} {} {}",
        t::audience(&audience_named(&policy, &orgs)),
        t::self_request(self_request(&policy)),
        t::approval(needs_approval(&policy))
    );
    view! {
        <li>
            <strong>{policy.display_name.clone().unwrap_or_default()}</strong>
            ": "
            {words}
        </li>
    }
}
