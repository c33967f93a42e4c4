//! Every way to hand a redeem link over: copy, QR code, the admin's own email, and the partner link to
//! this app's welcome view.

use crate::rules::handover::{mailto, partner_language};
use crate::rules::partner_link::{PartnerLink, NOTE_MAX};
use crate::shell::context::use_config;
use crate::shell::ui_language;
use crate::text::catalogue::{self, Lang};
use crate::text::{rules, ui::result as t};
use crate::web::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// An SVG QR code of `text`; `None` if the text is too long for a QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
}

/// A read-only field with a copy button; when the browser refuses to copy, the text is selected instead.
#[component]
pub fn CopyField(id: &'static str, label: &'static str, value: Signal<String>, button: &'static str) -> impl IntoView {
    let feedback = RwSignal::new("");
    let copy = move |_| {
        let text = value.get_untracked();
        spawn_local(async move {
            let copied = browser::copy_text(&text).await;
            if !copied {
                browser::select_input(id);
            }
            // The panel may be gone by now (a new invitation replaced it).
            let _ = feedback.try_set(if copied { t::copied() } else { t::copy_refused() });
        });
    };
    view! {
        <label for=id>{label}</label>
        <div class="copy-row">
            <input
                id=id
                type="text"
                readonly
                prop:value=move || value.get()
                on:focus=move |_| browser::select_input(id)
            />
            <button type="button" on:click=copy>
                {button}
            </button>
        </div>
        <p class="hint" role="status">
            {move || feedback.get()}
        </p>
    }
}

#[component]
pub fn Handover(redeem_url: String, email: String, message_language: Option<String>) -> impl IntoView {
    let org = use_config().organization.display_name;
    let note = RwSignal::new(String::new());
    let app_base = browser::app_base_url();
    let initial = partner_language(message_language.as_deref(), catalogue::lang());
    let partner_lang = RwSignal::new(initial.tag());
    let partner_link = Signal::derive({
        let redeem = redeem_url.clone();
        move || {
            let lang = Lang::from_exact_tag(partner_lang.get());
            PartnerLink::new(&redeem, Some(&note.get())).in_language(lang).url(&app_base)
        }
    });
    // The email is written in the partner's language, whose words may need fetching first; until they are
    // in, it is written in the admin's. A fetch that ends after a later choice is ignored.
    let words = StoredValue::new_local(catalogue::current());
    let words_in = Trigger::new();
    let choose = move |lang: Lang| {
        spawn_local(async move {
            if let Ok(c) = ui_language::load(lang).await {
                let still_wanted = partner_lang.try_get_untracked() == Some(lang.tag());
                if still_wanted && words.try_set_value(c).is_none() {
                    words_in.notify();
                }
            }
        })
    };
    choose(initial);
    let mail = {
        let email = email.clone();
        move || {
            words_in.track();
            let c = words.get_value();
            let (subject, body) =
                catalogue::with_catalogue(c, || rules::handover_mail(&org, &partner_link.get(), Some(&note.get())));
            mailto(&email, &subject, &body)
        }
    };
    let qr = qr_svg(&redeem_url);
    let redeem = Signal::stored(redeem_url);
    view! {
        <section class="handover" aria-labelledby="handover-title">
            <h2 id="handover-title">{t::handover()}</h2>
            <p class="warning" role="note">
                <strong>{t::credential()}</strong>
                {t::credential_warning(&email)}
            </p>
            <CopyField id="redeem-url" label=t::redeem_link() value=redeem button=t::copy_link()/>
            {qr
                .map(|svg| {
                    view! {
                        <figure class="qr">
                            <div role="img" aria-label=t::qr_label() inner_html=svg></div>
                            <figcaption>{t::qr_caption()}</figcaption>
                        </figure>
                    }
                })}
            <label for="partner-note">{t::note_label()}</label>
            <p class="hint" id="partner-note-hint">{t::note_hint(NOTE_MAX)}</p>
            <textarea
                id="partner-note"
                aria-describedby="partner-note-hint"
                maxlength=NOTE_MAX
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))
            ></textarea>
            <label for="partner-language">{t::partner_language()}</label>
            <select
                id="partner-language"
                aria-describedby="partner-language-hint"
                prop:value=move || partner_lang.get()
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_exact_tag(&event_target_value(&ev)) {
                        partner_lang.set(lang.tag());
                        choose(lang);
                    }
                }
            >
                {Lang::ALL
                    .iter()
                    .map(|&l| view! { <option value=l.tag() lang=l.tag()>{l.name()}</option> })
                    .collect_view()}
            </select>
            <p class="hint" id="partner-language-hint">{t::partner_language_hint()}</p>
            <CopyField id="partner-link" label=t::partner_link() value=partner_link button=t::copy_partner_link()/>
            <p class="hint">{t::partner_link_hint()}</p>
            <p>
                <a class="button secondary" href=mail>
                    {t::email_yourself()}
                </a>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // rqrr is a native-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    /// Paints the SVG's dark rectangles (`M{x} {y}h{w}v{h}H{x}V{y}`) onto a white canvas.
    fn rasterize(svg: &str) -> (usize, Vec<u8>) {
        let attr = |name: &str| -> usize {
            let start = svg.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
            svg[start..].split('"').next().and_then(|n| n.parse().ok()).expect("number")
        };
        let size = attr("width");
        assert_eq!(size, attr("height"));
        let mut pixels = vec![255u8; size * size];
        let path = svg.split(" d=\"").nth(1).and_then(|d| d.split('"').next()).expect("path");
        for rect in path.split('M').filter(|r| !r.is_empty()) {
            let n: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (x, y, w, h) = (n[0], n[1], n[2], n[3]);
            for row in y..y + h {
                pixels[row * size + x..row * size + x + w].fill(0);
            }
        }
        (size, pixels)
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_qr_code_reads_back_as_the_redeem_url() {
        let redeem = "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d04dcc6ab-388a-4559-b527-fbec656300ea%26user%3d243b1de4-ad9f-421c-a933-d55305fb165d%26ticket%3dDDMlsXTBk5NHnuK7S4s2RUwVfVxbbzuTc4jFjRV0uyg%253d%26ver%3d2.0";
        let (size, pixels) = rasterize(&qr_svg(redeem).expect("fits in a QR code"));
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| pixels[y * size + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, redeem);
    }

    #[test]
    fn qr_codes_fail_softly_when_too_long() {
        assert!(qr_svg(&"x".repeat(8000)).is_none());
    }
}
