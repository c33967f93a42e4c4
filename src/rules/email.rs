//! Graph's rules for `invitedUserEmailAddress` (https://learn.microsoft.com/graph/api/resources/invitation),
//! checked before anything is sent so the admin sees the reason next to the field.

/// Characters Graph does not permit in the address.
pub const FORBIDDEN: &str = "~!#$%^&*()+=[]{}\\/|;:\"<>?,";

/// What is wrong with an address, by Graph's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailProblem {
    Empty,
    Whitespace,
    /// A character Graph refuses; `+` is Microsoft's "no plus aliases" rule.
    Forbidden(char),
    NoAt,
    SecondAt,
    EmptyLocalPart,
    DotOrHyphenAtEdge,
    DoubleDot,
    IncompleteDomain(String),
    InvalidDomain(String),
}

/// `Ok` for an address Graph accepts; otherwise what is wrong.
pub fn check(address: &str) -> Result<(), EmailProblem> {
    let a = address.trim();
    if a.is_empty() {
        return Err(EmailProblem::Empty);
    }
    if a.chars().any(char::is_whitespace) {
        return Err(EmailProblem::Whitespace);
    }
    if let Some(c) = a.chars().find(|c| FORBIDDEN.contains(*c)) {
        return Err(EmailProblem::Forbidden(c));
    }
    let Some((local, domain)) = a.split_once('@') else { return Err(EmailProblem::NoAt) };
    if domain.contains('@') {
        return Err(EmailProblem::SecondAt);
    }
    if local.is_empty() {
        return Err(EmailProblem::EmptyLocalPart);
    }
    if local.starts_with(['.', '-']) || local.ends_with(['.', '-']) {
        return Err(EmailProblem::DotOrHyphenAtEdge);
    }
    if local.contains("..") {
        return Err(EmailProblem::DoubleDot);
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return Err(EmailProblem::IncompleteDomain(domain.to_string()));
    }
    if labels
        .iter()
        .any(|l| l.starts_with('-') || l.ends_with('-') || !l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return Err(EmailProblem::InvalidDomain(domain.to_string()));
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
            assert_eq!(check(&addr), Err(EmailProblem::Forbidden(c)), "{addr}");
        }
        assert_eq!(check("alex+news@partner.example"), Err(EmailProblem::Forbidden('+')));
    }

    #[test]
    fn dot_and_hyphen_rules() {
        for bad in [".alex@p.example", "alex.@p.example", "-alex@p.example", "alex-@p.example"] {
            assert_eq!(check(bad), Err(EmailProblem::DotOrHyphenAtEdge), "{bad}");
        }
        assert_eq!(check("a..b@p.example"), Err(EmailProblem::DoubleDot));
        assert_eq!(check("a.l-e_x@p.example"), Ok(()));
    }

    #[test]
    fn structure_rules() {
        use EmailProblem::*;
        let table = [
            ("", Empty),
            ("  ", Empty),
            ("alex", NoAt),
            ("@p.example", EmptyLocalPart),
            ("alex@", IncompleteDomain(String::new())),
            ("alex@p", IncompleteDomain("p".into())),
            ("a@b@p.example", SecondAt),
            ("a b@p.example", Whitespace),
            ("alex@-p.example", InvalidDomain("-p.example".into())),
            ("alex@p..example", IncompleteDomain("p..example".into())),
            ("<script>@p.example", Forbidden('<')),
        ];
        for (bad, expected) in table {
            assert_eq!(check(bad), Err(expected), "{bad:?}");
        }
        assert_eq!(domain(" Alex@Partner.Example "), "partner.example");
    }
}
