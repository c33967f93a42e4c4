//! The `mailto:` link for handing a redeem link over; `text` writes its subject and body.

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
    fn mailto_is_fully_encoded() {
        let m =
            mailto(" alex@partner.example ", "Contoso & Co", "Open https://x.example/#/welcome/abc\nSee you <Monday>");
        assert_eq!(
            m,
            "mailto:alex%40partner.example?subject=Contoso%20%26%20Co&body=Open%20https%3A%2F%2Fx.example%2F%23%2Fwelcome%2Fabc%0ASee%20you%20%3CMonday%3E"
        );
    }
}
