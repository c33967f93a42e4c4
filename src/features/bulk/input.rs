//! Where the rows come from: a chosen or dropped file, or pasted text; and the admin center's template.

use crate::auth::storage;
use crate::rules::bulk_file::{ADMIN_CENTER_TEMPLATE, TEMPLATE_FILE_NAME};
use crate::text::ui::bulk as t;
use crate::web::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Pasted rows are kept like the other drafts (and cleared with them at sign-out).
const PASTE_KEY: &str = "b2b.draft.bulk-paste";

/// The rows' source as loaded: a name to show, and the bytes as they were.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

fn load_file(file: web_sys::File, source: RwSignal<Option<Source>>, problem: RwSignal<Option<String>>) {
    spawn_local(async move {
        match browser::file_bytes(&file).await {
            Ok(bytes) => {
                source.try_set(Some(Source { name: file.name(), bytes }));
                problem.try_set(None);
            }
            Err(e) => {
                problem.try_set(Some(e));
            }
        }
    });
}

#[component]
pub fn FileInput(source: RwSignal<Option<Source>>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = target_input(&ev);
        if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
            load_file(file, source, problem);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            load_file(file, source, problem);
        }
    };
    let template = move |_| {
        if let Err(e) = browser::download_text(TEMPLATE_FILE_NAME, "text/csv;charset=utf-8", ADMIN_CENTER_TEMPLATE) {
            problem.set(Some(e));
        }
    };
    view! {
        <div class="drop-zone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <label for="bulk-file">{t::choose_file()}</label>
            <p class="hint" id="bulk-file-hint">{t::choose_hint()}</p>
            <input id="bulk-file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="bulk-file-hint" on:change=on_change/>
        </div>
        <button type="button" class="secondary" on:click=template>{t::download_template()}</button>
        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        <PasteInput source=source/>
    }
}

fn target_input(ev: &leptos::ev::Event) -> Option<web_sys::HtmlInputElement> {
    use wasm_bindgen::JsCast;
    ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
}

#[component]
fn PasteInput(source: RwSignal<Option<Source>>) -> impl IntoView {
    let text = RwSignal::new(storage::get::<String>(PASTE_KEY).unwrap_or_default());
    Effect::new(move |_| text.with(|t| storage::put(PASTE_KEY, t).ok()));
    let check = move |_| {
        let bytes = text.get_untracked().into_bytes();
        source.set(Some(Source { name: t::pasted_name().to_string(), bytes }));
    };
    view! {
        <label for="bulk-paste">{t::paste()}</label>
        <p class="hint" id="bulk-paste-hint">{t::paste_hint()}</p>
        <textarea
            id="bulk-paste"
            rows="6"
            aria-describedby="bulk-paste-hint"
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
        ></textarea>
        <button type="button" class="secondary" on:click=check disabled=move || text.with(|t| t.trim().is_empty())>
            {t::check_pasted()}
        </button>
    }
}
