//! Ready-made texts for handing a redeem link over: the `mailto:` link with subject and body filled in.

fn enc(s: &str) -> String {
    // mailto needs %20 for spaces, not '+'.
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

/// A `mailto:` for the admin's own mail program, carrying the partner link (or the redeem URL).
pub fn mailto(to: &str, org: &str, link: &str, note: Option<&str>) -> String {
    let subject = format!("{org} invites you to collaborate");
    let mut body = format!("Hello,\n\n{org} has invited you to collaborate as a guest. Open this link to accept the invitation:\n\n{link}\n");
    if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
        body.push_str(&format!("\n{n}\n"));
    }
    body.push_str("\nThe link is personal: please don't forward it.\n");
    format!("mailto:{}?subject={}&body={}", enc(to.trim()), enc(&subject), enc(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_is_fully_encoded() {
        let m =
            mailto("alex@partner.example", "Contoso & Co", "https://x.example/#/welcome/abc", Some("See you <Monday>"));
        assert!(m.starts_with(
            "mailto:alex%40partner.example?subject=Contoso%20%26%20Co%20invites%20you%20to%20collaborate&body="
        ));
        assert!(m.contains("https%3A%2F%2Fx.example%2F%23%2Fwelcome%2Fabc"));
        assert!(m.contains("%3CMonday%3E"));
        assert!(!m.contains(' ') && !m.contains('\n'));
    }
}
