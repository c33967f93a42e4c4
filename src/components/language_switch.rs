//! The language switch in the header: one button per language, each named in its own language, the
//! current one pressed. Switching re-renders the page; the focus comes back to the switch.

use crate::shell::ui_language::{take_focus_after_switch, use_ui_language};
use crate::text::catalogue::{self, Lang};
use crate::text::ui::language as t;
use crate::web::browser;
use leptos::prelude::*;

fn button_id(lang: Lang) -> String {
    format!("language-{}", lang.tag())
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let Some(ui) = use_ui_language() else { return ().into_any() };
    let current = catalogue::lang();
    // Built again in the new language once it is in: give the keyboard its place back.
    if let Some(focused) = take_focus_after_switch() {
        request_animation_frame(move || browser::focus(&button_id(focused)));
    }
    let buttons = Lang::ALL
        .iter()
        .map(|&lang| {
            view! {
                <button
                    type="button"
                    id=button_id(lang)
                    lang=lang.tag()
                    aria-pressed=(lang == current).to_string()
                    on:click=move |_| ui.switch(lang)
                >
                    {lang.name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="language-switch" role="group" aria-label=t::switch_label()>
            {buttons}
            <p class="language-problem" role="status">
                {move || ui.problem.get()}
            </p>
        </div>
    }
    .into_any()
}
