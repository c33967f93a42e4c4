//! The language switch in the header: one button per language, each named in its own language, the
//! current one pressed. Switching re-renders the page; the focus comes back to the switch.

use crate::browser;
use crate::text::catalogue::Lang;
use crate::text::ui::language as t;
use crate::ui_language::use_ui_language;
use leptos::prelude::*;

fn button_id(lang: Lang) -> String {
    format!("language-{}", lang.tag())
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let Some(ui) = use_ui_language() else { return ().into_any() };
    // Built again in the new language once it is in: give the keyboard its place back.
    if let Some(focused) = ui.focus_after_switch.get_untracked() {
        ui.focus_after_switch.set(None);
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
                    aria-pressed=move || (ui.lang.get() == lang).to_string()
                    aria-busy=move || (ui.loading.get() == Some(lang)).then_some("true")
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
                {move || ui.problem.get().map(|(lang, why)| t::load_failed(lang.name(), crate::text::rules::load_problem(&why)))}
            </p>
        </div>
    }
    .into_any()
}
