//! One package's assignment requests, read-only: who asked, when, and where it stands.

use crate::components::error_panel::ErrorPanel;
use crate::graph::access_packages::{self, AccessPackage, AssignmentRequest};
use crate::rules::access_package_rules::my_access_home;
use crate::shell::context::{use_config, use_graph};
use crate::text::{ui, ui::access_packages as t, Explain};
use leptos::prelude::*;

#[component]
pub fn PackageRequests(package: AccessPackage) -> impl IntoView {
    let graph = use_graph();
    let config = use_config();
    let id = package.id.clone();
    let requests = LocalResource::new(move || {
        let (graph, id) = (graph.clone(), id.clone());
        async move { access_packages::requests(&graph, &id).await }
    });
    let my_access = my_access_home(&config.login_host(), &config.directory_hint());
    Effect::new(move |_| crate::web::browser::focus("requests-title"));
    view! {
        <section aria-labelledby="requests-title">
            <h2 id="requests-title" tabindex="-1">{t::requests(package.display_name.unwrap_or_default())}</h2>
            <p class="hint">
                {t::requests_note()}
                " "
                {my_access.map(|href| view! { <a href=href>{t::open_my_access()}</a> })}
            </p>
            <Transition fallback=|| view! { <p role="status">{ui::loading()}</p> }>
                {move || requests.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p role="status">{t::no_requests()}</p> }.into_any(),
                    Ok(list) => view! { <RequestTable requests=list/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RequestTable(requests: Vec<AssignmentRequest>) -> impl IntoView {
    let rows = requests
        .into_iter()
        .map(|r| {
            let who = t::requestor(r.requestor.as_ref());
            let when = r.created_date_time.as_deref().and_then(ui::date).unwrap_or_else(|| ui::none().into());
            view! {
                <tr>
                    <td>{who}</td>
                    <td>{when}</td>
                    <td>{t::state(r.state.as_ref())}</td>
                    <td>{r.status.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="requests-title">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t::col_who()}</th>
                        <th scope="col">{t::col_when()}</th>
                        <th scope="col">{t::col_state()}</th>
                        <th scope="col">{t::col_detail()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
