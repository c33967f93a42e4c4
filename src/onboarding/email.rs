//! Graph's documented rules for `invitedUserEmailAddress` (invitation resource, graph-contract §1.5),
//! checked before anything is sent so the admin sees the reason next to the field.

/// Characters Graph does not permit in the address.
pub const FORBIDDEN: &str = "~!#$%^&*()+=[]{}\\/|;:\"<>?,";

/// `Ok` for an address Graph accepts; otherwise the reason, in plain words.
pub fn check(address: &str) -> Result<(), String> {
    let a = address.trim();
    if a.is_empty() {
        return Err("Enter the partner's email address.".into());
    }
    if a.chars().any(char::is_whitespace) {
        return Err("An email address cannot contain spaces.".into());
    }
    if let Some(c) = a.chars().find(|c| FORBIDDEN.contains(*c)) {
        let extra = if c == '+' { " (Microsoft does not support + aliases for invitations)" } else { "" };
        return Err(format!("The character \"{c}\" is not allowed in an invited address{extra}."));
    }
    let Some((local, domain)) = a.split_once('@') else {
        return Err("An email address needs an \"@\", as in name@partner.com.".into());
    };
    if domain.contains('@') {
        return Err("An email address has only one \"@\".".into());
    }
    if local.is_empty() {
        return Err("Put the partner's user name before the \"@\".".into());
    }
    if local.starts_with(['.', '-']) || local.ends_with(['.', '-']) {
        return Err("A period (.) or hyphen (-) cannot start or end the part before the \"@\".".into());
    }
    if local.contains("..") {
        return Err("Two periods in a row are not allowed.".into());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return Err(format!("\"{domain}\" is not a complete domain, as in partner.com."));
    }
    if labels
        .iter()
        .any(|l| l.starts_with('-') || l.ends_with('-') || !l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return Err(format!("\"{domain}\" is not a valid domain."));
    }
    Ok(())
}

/// The domain part, lower-cased.
pub fn domain(address: &str) -> String {
    address.trim().rsplit('@').next().unwrap_or_default().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_graph_accepts() {
        for ok in [
            "alex@partner.example",
            "_alex_@partner.example",
            "a.b-c@partner.example",
            "x@sub.partner.co.uk",
            "o'brien@partner.example",
            "Ünïcode@partner.example",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_each_forbidden_character() {
        for c in FORBIDDEN.chars() {
            let addr = format!("al{c}ex@partner.example");
            let err = check(&addr).expect_err(&addr);
            assert!(err.contains(c) || err.contains("@"), "{addr}: {err}");
        }
        assert!(check("alex+news@partner.example").unwrap_err().contains("+ aliases"));
    }

    #[test]
    fn dot_and_hyphen_rules() {
        for bad in [".alex@p.example", "alex.@p.example", "-alex@p.example", "alex-@p.example", "a..b@p.example"] {
            assert!(check(bad).is_err(), "{bad}");
        }
        assert_eq!(check("a.l-e_x@p.example"), Ok(()));
    }

    #[test]
    fn structure_rules() {
        for bad in [
            "",
            "  ",
            "alex",
            "@p.example",
            "alex@",
            "alex@p",
            "a@b@p.example",
            "a b@p.example",
            "alex@-p.example",
            "alex@p..example",
            "<script>@p.example",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        assert_eq!(domain(" Alex@Partner.Example "), "partner.example");
    }
}
