//! Converting an internal user to B2B collaboration: the rules scattered through Microsoft's docs
//! (invite-internal-users, graph-contract §1.5 and §3.9), as one pure decision: which address to invite,
//! what blocks the conversion before any write, and what the admin should know.

use serde::Deserialize;

/// The user properties that decide a conversion (all need `$select`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InternalUser {
    pub id: String,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub user_type: Option<String>,
    pub creation_type: Option<String>,
    pub mail: Option<String>,
    pub other_mails: Vec<String>,
    pub on_premises_sync_enabled: Option<bool>,
    pub on_premises_user_principal_name: Option<String>,
    pub external_user_state: Option<String>,
    pub assigned_plans: Vec<AssignedPlan>,
    pub identities: Vec<ObjectIdentity>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignedPlan {
    pub service: Option<String>,
    pub capability_status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectIdentity {
    pub sign_in_type: Option<String>,
    pub issuer: Option<String>,
}

/// The `$select` that loads an [`InternalUser`].
pub const SELECT: &str = "id,displayName,userPrincipalName,userType,creationType,mail,otherMails,onPremisesSyncEnabled,onPremisesUserPrincipalName,externalUserState,assignedPlans,identities";

impl InternalUser {
    pub fn is_synced(&self) -> bool {
        self.on_premises_sync_enabled == Some(true)
    }

    /// An Exchange plan assigned and enabled means a mailbox (graph-contract §3.9).
    pub fn has_exchange_licence(&self) -> bool {
        self.assigned_plans.iter().any(|p| {
            p.service.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("exchange"))
                && p.capability_status.as_deref() == Some("Enabled")
        })
    }

    pub fn is_external(&self) -> bool {
        self.user_type.as_deref() == Some("Guest") || self.external_user_state.is_some()
    }

    /// The issuer of a non-Entra primary sign-in identity (a social or federated IdP), if any.
    pub fn outside_identity(&self) -> Option<String> {
        if self.is_synced() {
            return None;
        }
        self.identities
            .iter()
            .find(|i| i.sign_in_type.as_deref() == Some("federated"))
            .map(|i| i.issuer.clone().unwrap_or_else(|| "another identity provider".into()))
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
    DirectFederation { domain: String },
    PrimaryIdentityOutsideEntra { issuer: String },
    AlreadyExternal { state: Option<String> },
    NoAddress,
}

impl Block {
    pub fn title(&self) -> String {
        match self {
            Block::ExchangeLicence => "An Exchange licence is assigned".into(),
            Block::DirectFederation { domain } => format!("{domain} is set up for direct federation"),
            Block::PrimaryIdentityOutsideEntra { .. } => {
                "The account's primary identity is not in Microsoft Entra ID".into()
            }
            Block::AlreadyExternal { .. } => "This user is already an external user".into(),
            Block::NoAddress => "There is no external address to invite".into(),
        }
    }

    /// What it means, and the documented alternative.
    pub fn explain(&self) -> String {
        let afresh =
            "The documented alternative: delete the internal account, then invite the partner afresh as a guest.";
        match self {
            Block::ExchangeLicence => format!("Users with an Exchange licence (a mailbox) cannot be converted: the mail address cannot change through this flow. Remove the licence first, or: {afresh}"),
            Block::DirectFederation { domain } => format!("Users from {domain}, a domain configured for direct (SAML/WS-Fed) federation, cannot be converted. {afresh}"),
            Block::PrimaryIdentityOutsideEntra { issuer } => format!("This cloud-only account signs in through {issuer}, not Microsoft Entra ID, so it cannot be converted. {afresh}"),
            Block::AlreadyExternal { state } => format!(
                "It already takes part in B2B collaboration (state: {}). To let them redeem again, perhaps with a different address, use \"Reset redemption status\" instead.",
                state.clone().unwrap_or_else(|| "guest".into())
            ),
            Block::NoAddress => "Neither mail nor otherMails (Other emails) holds an address outside your organisation. Add the partner's address to the user's Other emails first.".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The redeeming account's domain must match `mail`; some services (e.g. Teams) fail otherwise.
    MailDomainMismatch { mail_domain: String, chosen_domain: String },
    /// On-premises AD stays the source of authority for a synced user.
    SyncedSourceOfAuthority,
}

impl Warning {
    pub fn explain(&self) -> String {
        match self {
            Warning::MailDomainMismatch { mail_domain, chosen_domain } => format!(
                "The user's mail is on {mail_domain}, but the invitation goes to {chosen_domain}. The partner must redeem with an account matching the mail domain; otherwise some services, such as Teams, fail to sign them in."
            ),
            Warning::SyncedSourceOfAuthority => "This user is synced from on-premises Active Directory, which stays the source of authority: changes and deletions there flow up to this account. Microsoft advises setting the on-premises password to a random value so the old internal sign-in cannot be used.".into(),
        }
    }
}

/// The conversion decision for one user and one chosen address.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub candidates: Vec<Candidate>,
    pub recommended: Option<String>,
    /// Why this address is recommended.
    pub reason: String,
    pub chosen: Option<String>,
    pub blocks: Vec<Block>,
    pub warnings: Vec<Warning>,
}

impl Decision {
    pub fn can_convert(&self) -> bool {
        self.blocks.is_empty() && self.chosen.is_some()
    }
}

fn domain(a: &str) -> String {
    a.rsplit('@').next().unwrap_or_default().to_ascii_lowercase()
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
    let (recommended, reason) = if user.is_external() {
        (
            candidates.first().map(|c| c.address.clone()),
            "Already an external user: a reset of the redemption status sends a new invitation to this address."
                .to_string(),
        )
    } else if user.is_synced() {
        (
            user.mail.clone().filter(|m| candidates.iter().any(|c| c.address.eq_ignore_ascii_case(m))),
            "Synced from on-premises Active Directory: Microsoft's guidance is to invite with the user's mail address."
                .to_string(),
        )
    } else {
        (
            user.other_mails.iter().find_map(|m| {
                candidates.iter().find(|c| c.address.eq_ignore_ascii_case(m.trim())).map(|c| c.address.clone())
            }),
            "Cloud-only account: Microsoft's guidance is to invite with an address from otherMails (Other emails)."
                .to_string(),
        )
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
    Decision { candidates, recommended, reason, chosen, blocks, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cloud_only() -> InternalUser {
        InternalUser {
            id: "pat".into(),
            user_principal_name: Some("pat.partner@contoso.onmicrosoft.com".into()),
            user_type: Some("Member".into()),
            other_mails: vec!["pat@fabrikam.example".into()],
            ..Default::default()
        }
    }

    fn synced() -> InternalUser {
        InternalUser {
            id: "sam".into(),
            user_type: Some("Member".into()),
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
        assert!(d.reason.contains("otherMails"));
        assert!(d.can_convert());
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn synced_users_are_invited_with_mail_and_warned_about_authority() {
        let d = decide(&synced(), None, &[], &own());
        assert_eq!(d.recommended.as_deref(), Some("sam@northwind.example"));
        assert!(d.reason.contains("mail"));
        assert_eq!(d.warnings, vec![Warning::SyncedSourceOfAuthority]);
        assert!(d.warnings[0].explain().contains("random"));
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
        assert!(d.blocks[0].explain().contains("delete the internal account"));
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
        u.user_type = Some("Guest".into());
        u.external_user_state = Some("Accepted".into());
        let d = decide(&u, None, &[], &own());
        assert!(matches!(&d.blocks[0], Block::AlreadyExternal { state } if state.as_deref() == Some("Accepted")));
        assert_eq!(d.blocks.len(), 1, "an address is found for the reset");
        assert_eq!(d.recommended.as_deref(), Some("pat@fabrikam.example"));
        assert!(d.blocks[0].explain().contains("Reset redemption status"));
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
        assert_eq!(d.blocks.len(), 2);
    }

    #[test]
    fn reads_graphs_json() {
        let u: InternalUser = serde_json::from_str(r#"{"id":"x","userType":"Member","mail":null,"otherMails":["a@b.example"],"onPremisesSyncEnabled":null,"assignedPlans":[{"assignedDateTime":"2024-01-01T00:00:00Z","capabilityStatus":"Enabled","service":"exchange","servicePlanId":"1"}],"identities":[{"signInType":"userPrincipalName","issuer":"contoso.com","issuerAssignedId":"x"}]}"#).unwrap();
        assert!(u.has_exchange_licence());
        assert!(!u.is_synced());
        assert_eq!(u.outside_identity(), None);
    }
}
