//! The `mailto:` link for handing a redeem link over (`text` writes its subject and body), and the language
//! the partner's page and that email speak.

use crate::lang::Lang;

/// The partner's language unless the admin picks another: the invitation email's language when the app
/// speaks it too (Microsoft's email and our page then agree), else the admin's own.
pub fn partner_language(message_language: Option<&str>, admin: Lang) -> Lang {
    message_language.and_then(Lang::from_tag).filter(|l| *l != Lang::DEFAULT).unwrap_or(admin)
}

fn enc(s: &str) -> String {
    // mailto needs %20 for spaces, not '+'.
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

/// A `mailto:` for the admin's own mail program, fully percent-encoded.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    format!("mailto:{}?subject={}&body={}", enc(to.trim()), enc(subject), enc(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partner_gets_the_email_language_when_the_app_speaks_it() {
        let zh = Lang::from_exact_tag("zh-TW").unwrap();
        assert_eq!(partner_language(Some("zh-TW"), Lang::DEFAULT), zh);
        assert_eq!(partner_language(Some("de-DE"), Lang::DEFAULT), Lang::DEFAULT);
        assert_eq!(partner_language(Some("en-US"), zh), zh);
        assert_eq!(partner_language(None, zh), zh);
        assert_eq!(partner_language(Some(""), Lang::DEFAULT), Lang::DEFAULT);
    }

    #[test]
    fn mailto_is_fully_encoded() {
        let m =
            mailto(" alex@partner.example ", "Contoso & Co", "Open https://x.example/#/welcome/abc\nSee you <Monday>");
        assert_eq!(
            m,
            "mailto:alex%40partner.example?subject=Contoso%20%26%20Co&body=Open%20https%3A%2F%2Fx.example%2F%23%2Fwelcome%2Fabc%0ASee%20you%20%3CMonday%3E"
        );
    }
}
