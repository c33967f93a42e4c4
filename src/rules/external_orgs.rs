//! Which partner organisations have guests here: the loaded guests grouped by their email domain, with how many
//! accepted, how many are active by the inactivity rule, and the newest invitation.

use super::guest_rules::parse_time;
use super::inactivity::{activity, Activity};
use crate::graph::guests::Guest;
use crate::graph::values::ExternalUserState;
use std::collections::BTreeMap;

/// One domain's guests.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainSummary {
    pub domain: String,
    pub guests: usize,
    pub accepted: usize,
    /// Signed in within the window; `None` when the sign-ins are not loaded.
    pub active: Option<usize>,
    /// The latest `createdDateTime` among them, as Graph wrote it.
    pub newest_invitation: Option<String>,
}

/// A guest's home domain: their mail's, another mail's, or the one encoded in a `#EXT#` user principal name
/// (`alice_fabrikam.com#EXT#@contoso.onmicrosoft.com`).
pub fn domain_of(g: &Guest) -> Option<String> {
    let from_mail = |m: &str| m.rsplit_once('@').map(|(_, d)| d.trim().to_ascii_lowercase()).filter(|d| !d.is_empty());
    g.mail.as_deref().and_then(from_mail).or_else(|| g.other_mails.iter().find_map(|m| from_mail(m))).or_else(|| {
        let upn = g.user_principal_name.as_deref()?;
        let (local, _) = upn.split_once("#EXT#")?;
        local.rsplit_once('_').map(|(_, d)| d.to_ascii_lowercase()).filter(|d| d.contains('.'))
    })
}

/// The guests by domain, most guests first; guests without any domain are left out. `sign_ins` says whether
/// the guests carry `signInActivity`.
pub fn by_domain(guests: &[Guest], now_ms: f64, window_days: u32, sign_ins: SignInsLoaded) -> Vec<DomainSummary> {
    let mut all: BTreeMap<String, DomainSummary> = BTreeMap::new();
    for g in guests {
        let Some(domain) = domain_of(g) else { continue };
        let s = all.entry(domain.clone()).or_insert_with(|| DomainSummary {
            domain,
            guests: 0,
            accepted: 0,
            active: (sign_ins == SignInsLoaded::Yes).then_some(0),
            newest_invitation: None,
        });
        s.guests += 1;
        if g.external_user_state == Some(ExternalUserState::Accepted) {
            s.accepted += 1;
        }
        if let (Some(n), Activity::Active { .. }) =
            (s.active.as_mut(), activity(g, g.sign_in_activity.as_ref(), now_ms, window_days))
        {
            *n += 1;
        }
        let newer = |t: &String| {
            let when = |x: &String| parse_time(x).unwrap_or(f64::MIN);
            s.newest_invitation.as_ref().is_none_or(|cur| when(t) > when(cur))
        };
        if let Some(t) = g.created_date_time.as_ref().filter(|t| newer(t)) {
            s.newest_invitation = Some(t.clone());
        }
    }
    let mut list: Vec<DomainSummary> = all.into_values().collect();
    list.sort_by(|a, b| b.guests.cmp(&a.guests).then_with(|| a.domain.cmp(&b.domain)));
    list
}

/// Whether the guests were loaded with their sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInsLoaded {
    Yes,
    No,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::guests::SignInActivity;

    fn guest(mail: Option<&str>, state: ExternalUserState, created: &str) -> Guest {
        Guest {
            id: "g".into(),
            mail: mail.map(String::from),
            external_user_state: Some(state),
            created_date_time: Some(created.into()),
            sign_in_activity: Some(SignInActivity::default()),
            ..Guest::default()
        }
    }

    #[test]
    fn the_domain_comes_from_the_mail_another_mail_or_the_ext_name() {
        let mut g = guest(Some("Alice@Fabrikam.COM"), ExternalUserState::Accepted, "2026-01-01T00:00:00Z");
        assert_eq!(domain_of(&g).as_deref(), Some("fabrikam.com"));
        g.mail = None;
        g.other_mails = vec!["a@northwind.example".into()];
        assert_eq!(domain_of(&g).as_deref(), Some("northwind.example"));
        g.other_mails.clear();
        g.user_principal_name = Some("alice_smith_litware.example#EXT#@contoso.onmicrosoft.com".into());
        assert_eq!(domain_of(&g).as_deref(), Some("litware.example"));
        g.user_principal_name = Some("nobody@contoso.onmicrosoft.com".into());
        assert_eq!(domain_of(&g), None);
    }

    #[test]
    fn domains_are_counted_with_accepted_active_and_the_newest_invitation() {
        let now = parse_time("2026-12-06T00:00:00Z").unwrap_or_default();
        let mut active = guest(Some("a@fabrikam.com"), ExternalUserState::Accepted, "2026-03-01T00:00:00Z");
        active.sign_in_activity =
            Some(SignInActivity { last_sign_in_date_time: Some("2026-12-01T00:00:00Z".into()), ..Default::default() });
        let quiet = guest(Some("b@fabrikam.com"), ExternalUserState::Accepted, "2026-01-01T00:00:00Z");
        let pending = guest(Some("c@fabrikam.com"), ExternalUserState::PendingAcceptance, "2026-11-30T00:00:00Z");
        let other = guest(Some("d@adatum.example"), ExternalUserState::Accepted, "2025-05-05T00:00:00Z");
        let list =
            by_domain(&[other.clone(), active.clone(), quiet.clone(), pending.clone()], now, 90, SignInsLoaded::Yes);
        assert_eq!(
            list[0],
            DomainSummary {
                domain: "fabrikam.com".into(),
                guests: 3,
                accepted: 2,
                active: Some(1),
                newest_invitation: Some("2026-11-30T00:00:00Z".into()),
            }
        );
        assert_eq!((list[1].domain.as_str(), list[1].guests, list[1].active), ("adatum.example", 1, Some(0)));
        let without = by_domain(&[active, quiet, pending, other], now, 90, SignInsLoaded::No);
        assert_eq!(without[0].active, None, "no sign-ins, no count");
    }
}
