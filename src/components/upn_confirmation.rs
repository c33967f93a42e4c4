//! The typed-UPN confirmation that unlocks a conversion or a redemption reset (the convert page, a guest's
//! reset): the user principal name the admin must type, and the field to type it in.

use crate::text::ui::convert as t;
use leptos::prelude::*;

/// The UPN the admin must type, and what they typed.
#[derive(Clone, Copy)]
pub struct Confirmation {
    pub upn: Signal<String>,
    pub typed: RwSignal<String>,
}

impl Confirmation {
    pub fn confirmed(&self) -> bool {
        let upn = self.upn.get();
        !upn.is_empty() && self.typed.get().trim().eq_ignore_ascii_case(&upn)
    }
}

/// The typed-UPN field that unlocks a conversion or a reset; `hint` is the id of the text that explains why.
#[component]
pub fn UpnConfirmField(id: &'static str, hint: &'static str, confirmation: Confirmation) -> impl IntoView {
    view! {
        <label for=id>{t::type_upn()}</label>
        <input
            id=id
            type="text"
            autocomplete="off"
            aria-describedby=hint
            prop:value=move || confirmation.typed.get()
            on:input=move |ev| confirmation.typed.set(event_target_value(&ev))
        />
    }
}
