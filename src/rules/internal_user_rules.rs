//! Converting an internal user to B2B collaboration: the rules scattered through Microsoft's docs
//! (https://learn.microsoft.com/entra/external-id/invite-internal-users), as one pure decision: which
//! address to invite, what blocks the conversion before any write, and what the admin should know.
//! `docs/conversion-rules.md` writes them down with their sources.

use super::email::domain;
use crate::graph::users::InternalUser;
use crate::graph::values::{ExternalUserState, UserType};

impl InternalUser {
    pub fn is_synced(&self) -> bool {
        self.on_premises_sync_enabled == Some(true)
    }

    /// An Exchange plan assigned and enabled means a mailbox; `capabilityStatus` values are listed at
    /// https://learn.microsoft.com/graph/api/resources/assignedplan.
    pub fn has_exchange_licence(&self) -> bool {
        self.assigned_plans.iter().any(|p| {
            p.service.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("exchange"))
                && p.capability_status.as_deref() == Some("Enabled")
        })
    }

    pub fn is_external(&self) -> bool {
        self.user_type == Some(UserType::Guest) || self.external_user_state.is_some()
    }

    /// The issuer of a non-Entra primary sign-in identity (a social or federated IdP), if any.
    pub fn outside_identity(&self) -> Option<String> {
        if self.is_synced() {
            return None;
        }
        self.identities
            .iter()
            .find(|i| i.sign_in_type.as_deref() == Some("federated"))
            .map(|i| i.issuer.clone().unwrap_or_default())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Mail,
    OtherMails,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub address: String,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    ExchangeLicence,
    DirectFederation {
        domain: String,
    },
    /// The issuer of the account's federated identity (empty when Graph names none).
    PrimaryIdentityOutsideEntra {
        issuer: String,
    },
    AlreadyExternal {
        state: Option<ExternalUserState>,
    },
    NoAddress,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The redeeming account's domain must match `mail`; some services (e.g. Teams) fail otherwise.
    MailDomainMismatch { mail_domain: String, chosen_domain: String },
    /// On-premises AD stays the source of authority for a synced user.
    SyncedSourceOfAuthority,
}

/// Which of Microsoft's address rules chose the recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressRule {
    /// Already external: the reset sends a new invitation to this address.
    AlreadyExternal,
    /// Synced from on-premises AD: invite with `mail`.
    Synced,
    /// Cloud-only: invite with an address from `otherMails`.
    CloudOnly,
}

/// The conversion decision for one user and one chosen address.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub candidates: Vec<Candidate>,
    pub recommended: Option<String>,
    /// Why this address is recommended.
    pub rule: AddressRule,
    pub chosen: Option<String>,
    pub blocks: Vec<Block>,
    pub warnings: Vec<Warning>,
}

impl Decision {
    pub fn can_convert(&self) -> bool {
        self.blocks.is_empty() && self.chosen.is_some()
    }
}

/// The tenant's own domains, which are never an external address: the user's UPN domain, the signed-in
/// admin's domain, and the authority's tenant segment when it is a domain name.
pub fn own_domains(upn: Option<&str>, admin_username: Option<&str>, tenant: &str) -> Vec<String> {
    [upn.map(domain), admin_username.map(domain), tenant.contains('.').then(|| tenant.to_ascii_lowercase())]
        .into_iter()
        .flatten()
        .collect()
}

/// The one preflight block that a reset of the redemption status cures.
pub fn reset_offered(d: &Decision) -> bool {
    matches!(d.blocks.as_slice(), [Block::AlreadyExternal { .. }]) && d.chosen.is_some()
}

/// Decides for `user`; `chosen` is the admin's pick (the recommended address when `None`), and
/// `own_domains` are the tenant's domains, whose addresses are not external.
pub fn decide(
    user: &InternalUser,
    chosen: Option<&str>,
    federation_domains: &[String],
    own_domains: &[String],
) -> Decision {
    let own = |a: &str| own_domains.iter().any(|d| d.eq_ignore_ascii_case(&domain(a)));
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut push = |address: &str, source: Source| {
        let a = address.trim();
        if !a.is_empty() && !own(a) && !candidates.iter().any(|c| c.address.eq_ignore_ascii_case(a)) {
            candidates.push(Candidate { address: a.to_string(), source });
        }
    };
    if let Some(m) = &user.mail {
        push(m, Source::Mail);
    }
    for m in &user.other_mails {
        push(m, Source::OtherMails);
    }
    let (recommended, rule) = if user.is_external() {
        (candidates.first().map(|c| c.address.clone()), AddressRule::AlreadyExternal)
    } else if user.is_synced() {
        (
            user.mail.clone().filter(|m| candidates.iter().any(|c| c.address.eq_ignore_ascii_case(m))),
            AddressRule::Synced,
        )
    } else {
        let from_other_mails = user.other_mails.iter().find_map(|m| {
            candidates.iter().find(|c| c.address.eq_ignore_ascii_case(m.trim())).map(|c| c.address.clone())
        });
        (from_other_mails, AddressRule::CloudOnly)
    };
    let chosen = chosen
        .map(str::to_string)
        .filter(|c| candidates.iter().any(|x| x.address.eq_ignore_ascii_case(c)))
        .or_else(|| recommended.clone());

    let mut blocks = Vec::new();
    if user.is_external() {
        blocks.push(Block::AlreadyExternal { state: user.external_user_state.clone() });
    }
    if user.has_exchange_licence() {
        blocks.push(Block::ExchangeLicence);
    }
    let federated = [chosen.as_deref(), user.mail.as_deref()]
        .into_iter()
        .flatten()
        .map(domain)
        .find(|d| federation_domains.iter().any(|f| f.eq_ignore_ascii_case(d)));
    if let Some(d) = federated {
        blocks.push(Block::DirectFederation { domain: d });
    }
    if let Some(issuer) = user.outside_identity() {
        blocks.push(Block::PrimaryIdentityOutsideEntra { issuer });
    }
    if chosen.is_none() {
        blocks.push(Block::NoAddress);
    }

    let mut warnings = Vec::new();
    if let (Some(mail), Some(c)) = (user.mail.as_deref(), chosen.as_deref()) {
        if domain(mail) != domain(c) {
            warnings.push(Warning::MailDomainMismatch { mail_domain: domain(mail), chosen_domain: domain(c) });
        }
    }
    if user.is_synced() {
        warnings.push(Warning::SyncedSourceOfAuthority);
    }
    Decision { candidates, recommended, rule, chosen, blocks, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::users::{AssignedPlan, ObjectIdentity};

    fn cloud_only() -> InternalUser {
        InternalUser {
            id: "pat".into(),
            user_principal_name: Some("pat.partner@contoso.onmicrosoft.com".into()),
            user_type: Some(UserType::Member),
            other_mails: vec!["pat@fabrikam.example".into()],
            ..Default::default()
        }
    }

    fn synced() -> InternalUser {
        InternalUser {
            id: "sam".into(),
            user_type: Some(UserType::Member),
            mail: Some("sam@northwind.example".into()),
            other_mails: vec!["sam.private@mail.example".into()],
            on_premises_sync_enabled: Some(true),
            on_premises_user_principal_name: Some("sam@corp.contoso.com".into()),
            ..Default::default()
        }
    }

    const OWN: &[&str] = &["contoso.com", "contoso.onmicrosoft.com"];
    fn own() -> Vec<String> {
        OWN.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cloud_only_users_are_invited_with_other_mails() {
        let d = decide(&cloud_only(), None, &[], &own());
        assert_eq!(d.recommended.as_deref(), Some("pat@fabrikam.example"));
        assert_eq!(d.rule, AddressRule::CloudOnly);
        assert!(d.can_convert());
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn synced_users_are_invited_with_mail_and_warned_about_authority() {
        let d = decide(&synced(), None, &[], &own());
        assert_eq!(d.recommended.as_deref(), Some("sam@northwind.example"));
        assert_eq!(d.rule, AddressRule::Synced);
        assert_eq!(d.warnings, vec![Warning::SyncedSourceOfAuthority]);
        assert!(d.can_convert());
    }

    #[test]
    fn the_admin_may_pick_another_candidate_and_is_warned_of_a_domain_mismatch() {
        let d = decide(&synced(), Some("sam.private@mail.example"), &[], &own());
        assert_eq!(d.chosen.as_deref(), Some("sam.private@mail.example"));
        assert_eq!(d.recommended.as_deref(), Some("sam@northwind.example"), "the recommendation stays");
        assert!(
            matches!(&d.warnings[0], Warning::MailDomainMismatch { mail_domain, chosen_domain } if mail_domain == "northwind.example" && chosen_domain == "mail.example")
        );
        // A pick that is not a candidate falls back to the recommendation.
        assert_eq!(
            decide(&synced(), Some("evil@x.example"), &[], &own()).chosen.as_deref(),
            Some("sam@northwind.example")
        );
    }

    #[test]
    fn an_exchange_licence_blocks() {
        let mut u = cloud_only();
        u.assigned_plans =
            vec![AssignedPlan { service: Some("exchange".into()), capability_status: Some("Enabled".into()) }];
        let d = decide(&u, None, &[], &own());
        assert_eq!(d.blocks, vec![Block::ExchangeLicence]);
        // A suspended or deleted plan is no mailbox.
        u.assigned_plans[0].capability_status = Some("Deleted".into());
        assert!(decide(&u, None, &[], &own()).can_convert());
    }

    #[test]
    fn direct_federation_blocks_by_mail_or_chosen_domain() {
        let mut u = cloud_only();
        u.mail = Some("dan@litware.example".into());
        u.other_mails = vec!["dan@litware.example".into()];
        let d = decide(&u, None, &["litware.example".to_string()], &own());
        assert_eq!(d.blocks, vec![Block::DirectFederation { domain: "litware.example".into() }]);
    }

    #[test]
    fn a_primary_identity_outside_entra_blocks_cloud_only_accounts() {
        let mut u = cloud_only();
        u.identities =
            vec![ObjectIdentity { sign_in_type: Some("federated".into()), issuer: Some("google.com".into()) }];
        let d = decide(&u, None, &[], &own());
        assert_eq!(d.blocks, vec![Block::PrimaryIdentityOutsideEntra { issuer: "google.com".into() }]);
    }

    #[test]
    fn existing_guests_are_offered_reset_redemption() {
        let mut u = cloud_only();
        u.user_type = Some(UserType::Guest);
        u.external_user_state = Some(ExternalUserState::Accepted);
        let d = decide(&u, None, &[], &own());
        assert_eq!(d.blocks, vec![Block::AlreadyExternal { state: Some(ExternalUserState::Accepted) }]);
        assert_eq!(d.rule, AddressRule::AlreadyExternal);
        assert_eq!(d.recommended.as_deref(), Some("pat@fabrikam.example"));
        assert!(reset_offered(&d), "an address is found for the reset");
        // Another block besides, and the reset is not offered.
        u.assigned_plans =
            vec![AssignedPlan { service: Some("exchange".into()), capability_status: Some("Enabled".into()) }];
        assert!(!reset_offered(&decide(&u, None, &[], &own())));
    }

    #[test]
    fn own_domain_addresses_are_no_candidates() {
        let mut u = cloud_only();
        u.mail = Some("pat@contoso.com".into());
        u.other_mails = vec![];
        let d = decide(&u, None, &[], &own());
        assert!(d.candidates.is_empty());
        assert_eq!(d.blocks, vec![Block::NoAddress]);
        assert!(!d.can_convert());
    }

    #[test]
    fn several_blocks_are_all_reported() {
        let mut u = synced();
        u.assigned_plans =
            vec![AssignedPlan { service: Some("Exchange".into()), capability_status: Some("Enabled".into()) }];
        let d = decide(&u, None, &["northwind.example".to_string()], &own());
        assert_eq!(
            d.blocks,
            vec![Block::ExchangeLicence, Block::DirectFederation { domain: "northwind.example".into() }]
        );
    }

    #[test]
    fn own_domains_come_from_the_upn_the_admin_and_a_named_tenant() {
        assert_eq!(
            own_domains(Some("pat@Contoso.onmicrosoft.com"), Some("admin@contoso.com"), "contoso.com"),
            vec!["contoso.onmicrosoft.com", "contoso.com", "contoso.com"]
        );
        assert_eq!(own_domains(None, None, "9188040d-6c67-4c5b-b112-36a304b66dad"), Vec::<String>::new());
    }
}
