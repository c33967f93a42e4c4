//! The rules' answers in words: field problems, conversion blocks and warnings, refusals, roles, settings.

use crate::config::ConfigProblem;
use crate::graph::directory_roles::Capabilities;
use crate::graph::values::ExternalUserState;
use crate::onboarding::email::EmailProblem;
use crate::onboarding::internal_user_rules::{AddressRule, Block, Source, Warning};
use crate::onboarding::invitation_draft::{FieldProblem, RedirectProblem};
use crate::onboarding::partner_link::PartnerLinkError;
use crate::onboarding::redeem_allowlist::RedeemRefusal;

pub fn email_problem(p: &EmailProblem) -> String {
    match p {
        EmailProblem::Empty => "Enter the partner's email address.".into(),
        EmailProblem::Whitespace => "An email address cannot contain spaces.".into(),
        EmailProblem::Forbidden('+') => "The character \"+\" is not allowed in an invited address (Microsoft does not support + aliases for invitations).".into(),
        EmailProblem::Forbidden(c) => format!("The character \"{c}\" is not allowed in an invited address."),
        EmailProblem::NoAt => "An email address needs an \"@\", as in name@partner.com.".into(),
        EmailProblem::SecondAt => "An email address has only one \"@\".".into(),
        EmailProblem::EmptyLocalPart => "Put the partner's user name before the \"@\".".into(),
        EmailProblem::DotOrHyphenAtEdge => "A period (.) or hyphen (-) cannot start or end the part before the \"@\".".into(),
        EmailProblem::DoubleDot => "Two periods in a row are not allowed.".into(),
        EmailProblem::IncompleteDomain(d) => format!("\"{d}\" is not a complete domain, as in partner.com."),
        EmailProblem::InvalidDomain(d) => format!("\"{d}\" is not a valid domain."),
    }
}

pub fn field_problem(p: &FieldProblem) -> String {
    match p {
        FieldProblem::Email(e) | FieldProblem::Cc(e) => email_problem(e),
        FieldProblem::DisplayNameTooLong { max } => format!("A display name can have at most {max} characters."),
        FieldProblem::Redirect(RedirectProblem::NotAUrl) => "Enter a full web address, starting with https://".into(),
        FieldProblem::Redirect(RedirectProblem::UnicodeDomain) => "Write the domain in its ASCII form, as your registrar shows it (https://xn--bcher-kva.example rather than https://bücher.example).".into(),
        FieldProblem::Redirect(RedirectProblem::NotHttps) => "The redirect address must start with https:// (http is allowed only for localhost).".into(),
        FieldProblem::Redirect(RedirectProblem::Credentials) => "The redirect address must not contain a user name or password.".into(),
        FieldProblem::UnknownLanguage => "Choose a language from the list.".into(),
        FieldProblem::SeveralCc { extra } => format!("Microsoft Graph sends the invitation to only one cc recipient, and would silently drop the other {extra}. Enter one address."),
        FieldProblem::MessageTooLong { len, max } => format!("The message has {len} characters; keep it to {max}."),
    }
}

pub fn config_problem(p: &ConfigProblem) -> String {
    match p {
        ConfigProblem::Placeholder { field, value } => format!("\"{field}\" still holds the placeholder \"{value}\"; put your own value there"),
        ConfigProblem::NotHttps { field, value } => format!("\"{field}\" must be an https URL (http is allowed only for localhost), got \"{value}\""),
        ConfigProblem::NoHost { field, value } => format!("\"{field}\" has no host: \"{value}\""),
        ConfigProblem::NotAbsolute { field, value, detail } => format!("\"{field}\" is not an absolute URL ({detail}): \"{value}\""),
        ConfigProblem::AuthorityShape { value } => format!("\"authority\" must be the login host followed by one tenant segment, e.g. https://login.microsoftonline.com/contoso.onmicrosoft.com, got \"{value}\""),
        ConfigProblem::PersonalAccountsAuthority { segment } => format!("\"authority\" uses \"{segment}\": personal Microsoft accounts cannot invite guests; use your tenant id, domain or \"organizations\""),
        ConfigProblem::AuthorityQuery => "\"authority\" must not have a query or fragment".into(),
        ConfigProblem::ClientIdNotGuid { value } => format!("\"clientId\" must be the application (client) ID, a GUID such as 00001111-aaaa-2222-bbbb-3333cccc4444, got \"{value}\""),
        ConfigProblem::GraphNotV1 { value } => format!("\"graphBaseUrl\" must end in /v1.0, got \"{value}\""),
        ConfigProblem::EmptyDisplayName => "\"organization.displayName\" must not be empty".into(),
        ConfigProblem::AccentColor { value } => format!("\"organization.accentColor\" must be a hex colour like #0f6cbd, got \"{value}\""),
        ConfigProblem::LogoUrl { value } => format!("\"organization.logoUrl\" must be a relative path or an https URL, got \"{value}\""),
        ConfigProblem::Scope { value } => format!("\"scopes\" entries must be single scope names, got \"{value}\""),
        ConfigProblem::RedeemHost { value } => format!("\"extraRedeemHosts\" entries must be bare host names (host or host:port), got \"{value}\""),
        ConfigProblem::TenantIdNeeded { segment } => format!("\"authority\" names the tenant as \"{segment}\"; add \"tenantId\" with the tenant ID (a GUID: Entra admin center → Overview), so that partner links can be checked as yours"),
        ConfigProblem::TenantIdNotGuid { value } => format!("\"tenantId\" must be the tenant ID, a GUID, got \"{value}\""),
        ConfigProblem::UnknownCloud { host } => format!("\"authority\" is on \"{host}\", which is not a Microsoft sign-in host (login.microsoftonline.com, login.microsoftonline.us or login.partner.microsoftonline.cn)"),
        ConfigProblem::CloudMismatch { login, graph } => format!("\"graphBaseUrl\" is on \"{graph}\", which is not the Microsoft Graph of the cloud that \"{login}\" signs in to"),
        ConfigProblem::ScopeResource { value } => format!("\"scopes\" entries must be Graph scopes on \"graphBaseUrl\"'s host, such as https://graph.microsoft.com/User.Invite.All, got \"{value}\""),
        ConfigProblem::DevelopmentOnly { field, value } => format!("\"{field}\" holds \"{value}\", which only a development setup may use; set \"development\": true for the emulator, never in production"),
        ConfigProblem::TenantIdMismatch { authority, tenant_id } => format!("\"tenantId\" ({tenant_id}) differs from the tenant in \"authority\" ({authority})"),
    }
}

/// Why the recommended conversion address was chosen.
pub fn address_rule(r: AddressRule) -> &'static str {
    match r {
        AddressRule::AlreadyExternal => {
            "Already an external user: a reset of the redemption status sends a new invitation to this address."
        }
        AddressRule::Synced => {
            "Synced from on-premises Active Directory: Microsoft's guidance is to invite with the user's mail address."
        }
        AddressRule::CloudOnly => {
            "Cloud-only account: Microsoft's guidance is to invite with an address from otherMails (Other emails)."
        }
    }
}

/// The label of one candidate address, e.g. `pat@fabrikam.example (other emails, recommended)`.
pub fn candidate_label(address: &str, source: &Source, recommended: bool) -> String {
    let from = match source {
        Source::Mail => "mail",
        Source::OtherMails => "other emails",
    };
    format!("{address} ({from}{})", if recommended { ", recommended" } else { "" })
}

pub fn external_state(state: &Option<ExternalUserState>) -> String {
    state.as_ref().map(|s| s.as_graph_str().to_string()).unwrap_or_else(|| "guest".into())
}

pub fn block_title(b: &Block) -> String {
    match b {
        Block::ExchangeLicence => "An Exchange licence is assigned".into(),
        Block::DirectFederation { domain } => format!("{domain} is set up for direct federation"),
        Block::PrimaryIdentityOutsideEntra { .. } => {
            "The account's primary identity is not in Microsoft Entra ID".into()
        }
        Block::AlreadyExternal { .. } => "This user is already an external user".into(),
        Block::NoAddress => "There is no external address to invite".into(),
    }
}

/// What a block means, and the documented alternative.
pub fn block_explanation(b: &Block) -> String {
    let afresh = "The documented alternative: delete the internal account, then invite the partner afresh as a guest.";
    match b {
        Block::ExchangeLicence => format!("Users with an Exchange licence (a mailbox) cannot be converted: the mail address cannot change through this flow. Remove the licence first, or: {afresh}"),
        Block::DirectFederation { domain } => format!("Users from {domain}, a domain configured for direct (SAML/WS-Fed) federation, cannot be converted. {afresh}"),
        Block::PrimaryIdentityOutsideEntra { issuer } => {
            let through = if issuer.is_empty() { "another identity provider" } else { issuer.as_str() };
            format!("This cloud-only account signs in through {through}, not Microsoft Entra ID, so it cannot be converted. {afresh}")
        }
        Block::AlreadyExternal { state } => format!(
            "It already takes part in B2B collaboration (state: {}). To let them redeem again, perhaps with a different address, use \"Reset redemption status\" instead.",
            external_state(state)
        ),
        Block::NoAddress => "Neither mail nor otherMails (Other emails) holds an address outside your organisation. Add the partner's address to the user's Other emails first.".into(),
    }
}

pub fn warning(w: &Warning) -> String {
    match w {
        Warning::MailDomainMismatch { mail_domain, chosen_domain } => format!(
            "The user's mail is on {mail_domain}, but the invitation goes to {chosen_domain}. The partner must redeem with an account matching the mail domain; otherwise some services, such as Teams, fail to sign them in."
        ),
        Warning::SyncedSourceOfAuthority => "This user is synced from on-premises Active Directory, which stays the source of authority: changes and deletions there flow up to this account. Microsoft advises setting the on-premises password to a random value so the old internal sign-in cannot be used.".into(),
    }
}

pub fn redeem_refusal(r: &RedeemRefusal, org: &str) -> String {
    match r {
        RedeemRefusal::NotAUrl => "The invitation link is not a web address.".into(),
        RedeemRefusal::Scheme(s) => format!("The invitation link uses \"{s}:\", not a secure https address."),
        RedeemRefusal::Userinfo => "The invitation link hides a different destination behind a user name.".into(),
        RedeemRefusal::Host(h) => {
            format!("The invitation link points to \"{h}\", which is not {org}'s Microsoft sign-in address.")
        }
        RedeemRefusal::Path(p) => format!("The invitation link points to \"{p}\", which is not an invitation page."),
        RedeemRefusal::NoTarget => "The invitation link does not say which invitation it opens.".into(),
        RedeemRefusal::TargetNotAUrl | RedeemRefusal::TargetScheme(_) | RedeemRefusal::TargetPath(_) => {
            "The invitation inside the link is not one of Microsoft's invitation pages.".into()
        }
        RedeemRefusal::TargetHost(h) => {
            format!("The invitation inside the link goes to \"{h}\", not to Microsoft's invitation service.")
        }
        RedeemRefusal::NoTenant => "The invitation inside the link does not name one organisation.".into(),
        RedeemRefusal::OtherTenant(_) => format!("This invitation is from another organisation, not from {org}."),
    }
}

pub fn partner_link_error(e: &PartnerLinkError) -> &'static str {
    match e {
        PartnerLinkError::Missing => {
            "The link you opened is empty: what it should carry is missing. It may have been cut off when it was copied."
        }
        PartnerLinkError::Corrupt => {
            "The link you opened is damaged or incomplete. It may have been cut off or changed when it was copied."
        }
        PartnerLinkError::Outdated => {
            "The link was made by an older version of this page, whose links can no longer be checked."
        }
        PartnerLinkError::UnsupportedVersion(_) => {
            "The link was made by a newer version of this page than the one you reached."
        }
    }
}

/// One sentence per capability, for the home view.
pub fn capabilities(c: &Capabilities) -> Vec<String> {
    let roles = if c.roles.is_empty() {
        "You hold no directory role.".to_string()
    } else {
        format!("Your directory roles: {}.", c.roles.join(", "))
    };
    let invite = if c.can_invite() {
        "You can invite guests and hand over their redeem links."
    } else {
        "You may not be able to invite guests: unless your tenant lets every member invite, inviting needs the Guest Inviter, User Administrator or Global Administrator role. Ask an administrator for the Guest Inviter role."
    };
    let convert = if c.can_convert() {
        "You can convert internal users to B2B collaboration and invite Members."
    } else {
        "Converting internal users and inviting Members needs User Administrator or Global Administrator."
    };
    let reset = if c.can_reset_redemption() {
        "You can reset a guest's redemption status on the Guests page."
    } else {
        "Resetting a guest's redemption status needs Helpdesk Administrator, User Administrator or Global Administrator."
    };
    vec![roles, invite.to_string(), convert.to_string(), reset.to_string()]
}

/// The subject and body of the hand-over email the admin sends from their own mail program.
pub fn handover_mail(org: &str, link: &str, note: Option<&str>) -> (String, String) {
    let subject = format!("{org} invites you to collaborate");
    let mut body = format!("Hello,\n\n{org} has invited you to collaborate as a guest. Open this link to accept the invitation:\n\n{link}\n");
    if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
        body.push_str(&format!("\n{n}\n"));
    }
    body.push_str("\nThe link is personal: please don't forward it.\n");
    (subject, body)
}

pub fn file_problem(p: &crate::onboarding::bulk_file::FileProblem) -> String {
    use crate::onboarding::bulk_file::FileProblem as P;
    match p {
        P::Empty => "The file is empty.".into(),
        P::Spreadsheet => "This is an Excel workbook, not a CSV file. In Excel choose File → Save As → \"CSV UTF-8 (Comma delimited)\", then choose that file.".into(),
        P::Utf16 => "This file is UTF-16 text (Excel's \"Unicode Text\"). Save it as \"CSV UTF-8 (Comma delimited)\" instead.".into(),
        P::NotUtf8 { at } => format!("This file is not UTF-8 text (the first unreadable byte is at position {at}). Save it as \"CSV UTF-8\"; older \"CSV\" exports use your computer's code page and would turn names into garbage."),
        P::NotText => "This file holds binary data, not text. Choose the CSV file.".into(),
        P::NoEmailColumn { found } => format!("No email column was found. The first line has: {}. Add a column named email, or use the template's \"Email address to invite [inviteeEmail]\".", found.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")),
        P::NoRows => "The file has a header but no rows to invite.".into(),
    }
}

pub fn cell_problem(p: &crate::onboarding::bulk_preflight::CellProblem) -> String {
    use crate::onboarding::bulk_preflight::CellProblem as P;
    match p {
        P::SendEmailNotYesNo(v) => format!("sendEmail must be true or false, not \"{v}\"."),
        P::UnknownUserType(v) => format!("userType must be Guest or Member, not \"{v}\"."),
    }
}

/// What will happen to a row, as the preflight table says it.
pub fn verdict(v: &crate::onboarding::bulk_preflight::Verdict) -> String {
    use crate::onboarding::bulk_preflight::Verdict as V;
    match v {
        V::Send(r) if r.send_invitation_message => "Will be invited; Microsoft emails the partner.".into(),
        V::Send(_) => "Will be invited without email; you hand over the link.".into(),
        V::Invalid { fields, cells } => fields
            .iter()
            .map(|f| format!("{}: {}", crate::text::ui::fields::label(f.field), field_problem(&f.problem)))
            .chain(cells.iter().map(cell_problem))
            .collect::<Vec<_>>()
            .join(" "),
        V::Duplicate { first_line } => format!("Duplicate of line {first_line}; sent once."),
        V::Internal { domain } => format!("{domain} is your own domain: this person has an internal account. Use \"Convert an internal user\" instead."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capability_is_said() {
        let none = capabilities(&Capabilities { roles: vec![] });
        assert_eq!(none[0], "You hold no directory role.");
        assert!(none[1].contains("Guest Inviter"));
        let admin = capabilities(&Capabilities { roles: vec!["Global Administrator".into()] });
        assert_eq!(admin[0], "Your directory roles: Global Administrator.");
        assert_eq!(admin[2], "You can convert internal users to B2B collaboration and invite Members.");
    }

    #[test]
    fn the_hand_over_mail_carries_link_and_note() {
        let (subject, body) = handover_mail("Contoso", "https://x.example/#/welcome/abc", Some("  See you  "));
        assert_eq!(subject, "Contoso invites you to collaborate");
        assert!(body.contains("\n\nhttps://x.example/#/welcome/abc\n\nSee you\n"), "{body}");
        let (_, plain) = handover_mail("Contoso", "l", Some("   "));
        assert!(!plain.contains("\n\n\n"), "{plain}");
    }
}
