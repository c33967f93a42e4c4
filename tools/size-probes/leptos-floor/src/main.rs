//! The floor: a page that reads `config.json` and shows a heading and a working button, in Leptos 0.8.
use leptos::prelude::*;
use serde::Deserialize;

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct Config {
    tenant_id: String,
    client_id: String,
    organization: Org,
}
#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct Org {
    display_name: String,
}

async fn load() -> Result<Config, String> {
    let r = gloo_net::http::Request::get("./config.json").send().await.map_err(|e| e.to_string())?;
    let text = r.text().await.map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

#[component]
fn App() -> impl IntoView {
    let config = LocalResource::new(load);
    let clicked = RwSignal::new(0u32);
    view! {
        <header><h1>"Partner portal"</h1></header>
        <main>
            {move || match config.get() {
                None => view! { <p>"Loading"</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
                Some(Ok(c)) => view! {
                    <p>{c.organization.display_name.clone()} " " {c.tenant_id.clone()} " " {c.client_id.clone()}</p>
                    <button on:click=move |_| clicked.update(|n| *n += 1)>"Sign in " {move || clicked.get()}</button>
                }.into_any(),
            }}
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
