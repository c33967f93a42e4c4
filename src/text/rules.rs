//! The rules' answers in words: field problems, conversion blocks and warnings, refusals, roles, settings.

use crate::config::ConfigProblem;
use crate::graph::directory_roles::Capabilities;
use crate::graph::values::ExternalUserState;
use crate::rules::email::EmailProblem;
use crate::rules::follow_up::UsageLocationProblem;
use crate::rules::internal_user_rules::{AddressRule, Block, Source, Warning};
use crate::rules::invitation_draft::{FieldProblem, RedirectProblem};
use crate::rules::partner_link::PartnerLinkError;
use crate::rules::redeem_allowlist::RedeemRefusal;
use crate::text::catalogue::words::rules as w;

pub fn email_problem(p: &EmailProblem) -> String {
    match p {
        EmailProblem::Empty => w::email_problem::empty().into(),
        EmailProblem::Whitespace => w::email_problem::whitespace().into(),
        EmailProblem::Forbidden('+') => w::email_problem::forbidden_plus().into(),
        EmailProblem::Forbidden(c) => w::email_problem::forbidden(c),
        EmailProblem::NoAt => w::email_problem::no_at().into(),
        EmailProblem::SecondAt => w::email_problem::second_at().into(),
        EmailProblem::EmptyLocalPart => w::email_problem::empty_local_part().into(),
        EmailProblem::DotOrHyphenAtEdge => w::email_problem::dot_or_hyphen_at_edge().into(),
        EmailProblem::DoubleDot => w::email_problem::double_dot().into(),
        EmailProblem::IncompleteDomain(d) => w::email_problem::incomplete_domain(d),
        EmailProblem::InvalidDomain(d) => w::email_problem::invalid_domain(d),
    }
}

pub fn field_problem(p: &FieldProblem) -> String {
    match p {
        FieldProblem::Email(e) | FieldProblem::Cc(e) => email_problem(e),
        FieldProblem::DisplayNameTooLong { max } => w::field_problem::display_name_too_long(max),
        FieldProblem::Redirect(RedirectProblem::NotAUrl) => w::field_problem::not_a_url().into(),
        FieldProblem::Redirect(RedirectProblem::UnicodeDomain) => w::field_problem::unicode_domain().into(),
        FieldProblem::Redirect(RedirectProblem::NotHttps) => w::field_problem::not_https().into(),
        FieldProblem::Redirect(RedirectProblem::Credentials) => w::field_problem::credentials().into(),
        FieldProblem::UnknownLanguage => w::field_problem::unknown_language().into(),
        FieldProblem::SeveralCc { extra } => w::field_problem::several_cc(extra),
        FieldProblem::MessageTooLong { len, max } => w::field_problem::message_too_long(len, max),
        FieldProblem::TooLong { max } => w::field_problem::too_long(max),
        FieldProblem::UsageLocation(UsageLocationProblem::NotTwoLetters) => {
            w::field_problem::usage_location_letters().into()
        }
        FieldProblem::UsageLocation(UsageLocationProblem::UnknownCountry) => {
            w::field_problem::usage_location_unknown().into()
        }
        FieldProblem::TooManyGroups { max } => w::field_problem::too_many_groups(max),
        FieldProblem::TooManySponsors { max } => w::field_problem::too_many_sponsors(max),
    }
}

pub fn config_problem(p: &ConfigProblem) -> String {
    match p {
        ConfigProblem::Placeholder { field, value } => w::config_problem::placeholder(field, value),
        ConfigProblem::NotHttps { field, value } => w::config_problem::not_https(field, value),
        ConfigProblem::NoHost { field, value } => w::config_problem::no_host(field, value),
        ConfigProblem::NotAbsolute { field, value } => w::config_problem::not_absolute(field, value),
        ConfigProblem::HostRewritten { field, value } => w::config_problem::host_rewritten(field, value),
        ConfigProblem::AuthorityShape { value } => w::config_problem::authority_shape(value),
        ConfigProblem::PersonalAccountsAuthority { segment } => w::config_problem::personal_accounts_authority(segment),
        ConfigProblem::AuthorityQuery => w::config_problem::authority_query().into(),
        ConfigProblem::ClientIdNotGuid { value } => w::config_problem::client_id_not_guid(value),
        ConfigProblem::GraphNotV1 { value } => w::config_problem::graph_not_v1(value),
        ConfigProblem::EmptyDisplayName => w::config_problem::empty_display_name().into(),
        ConfigProblem::AccentColor { value } => w::config_problem::accent_color(value),
        ConfigProblem::LogoUrl { value } => w::config_problem::logo_url(value),
        ConfigProblem::Scope { value } => w::config_problem::scope(value),
        ConfigProblem::RedeemHost { value } => w::config_problem::redeem_host(value),
        ConfigProblem::TenantIdNeeded { segment } => w::config_problem::tenant_id_needed(segment),
        ConfigProblem::TenantIdNotGuid { value } => w::config_problem::tenant_id_not_guid(value),
        ConfigProblem::UnknownCloud { host } => w::config_problem::unknown_cloud(host),
        ConfigProblem::CloudMismatch { login, graph } => w::config_problem::cloud_mismatch(graph, login),
        ConfigProblem::ScopeResource { value } => w::config_problem::scope_resource(value),
        ConfigProblem::DevelopmentOnly { field, value } => w::config_problem::development_only(field, value),
        ConfigProblem::TenantIdMismatch { authority, tenant_id } => {
            w::config_problem::tenant_id_mismatch(tenant_id, authority)
        }
    }
}

/// Why the recommended conversion address was chosen.
pub fn address_rule(r: AddressRule) -> &'static str {
    match r {
        AddressRule::AlreadyExternal => w::address_rule::already_external(),
        AddressRule::Synced => w::address_rule::synced(),
        AddressRule::CloudOnly => w::address_rule::cloud_only(),
    }
}

/// The label of one candidate address, e.g. `pat@fabrikam.example (other emails, recommended)`.
pub fn candidate_label(address: &str, source: &Source, recommended: bool) -> String {
    let from = match source {
        Source::Mail => w::candidate_label::mail(),
        Source::OtherMails => w::candidate_label::other_mails(),
    };
    if recommended {
        w::candidate_label::recommended(address, from)
    } else {
        w::candidate_label::plain(address, from)
    }
}

pub fn external_state(state: &Option<ExternalUserState>) -> String {
    state.as_ref().map(|s| s.as_graph_str().to_string()).unwrap_or_else(|| w::external_state_guest().into())
}

pub fn block_title(b: &Block) -> String {
    match b {
        Block::ExchangeLicence => w::block_title::exchange_licence().into(),
        Block::DirectFederation { domain } => w::block_title::direct_federation(domain),
        Block::PrimaryIdentityOutsideEntra { .. } => w::block_title::primary_identity_outside_entra().into(),
        Block::AlreadyExternal { .. } => w::block_title::already_external().into(),
        Block::NoAddress => w::block_title::no_address().into(),
    }
}

/// What a block means, and the documented alternative.
pub fn block_explanation(b: &Block) -> String {
    let afresh = w::block_explanation::afresh();
    match b {
        Block::ExchangeLicence => w::block_explanation::exchange_licence(afresh),
        Block::DirectFederation { domain } => w::block_explanation::direct_federation(domain, afresh),
        Block::PrimaryIdentityOutsideEntra { issuer } => {
            let through = if issuer.is_empty() { w::block_explanation::another_provider() } else { issuer.as_str() };
            w::block_explanation::primary_identity_outside_entra(through, afresh)
        }
        Block::AlreadyExternal { state } => w::block_explanation::already_external(external_state(state)),
        Block::NoAddress => w::block_explanation::no_address().into(),
    }
}

pub fn warning(warning: &Warning) -> String {
    match warning {
        Warning::MailDomainMismatch { mail_domain, chosen_domain } => {
            w::warning::mail_domain_mismatch(mail_domain, chosen_domain)
        }
        Warning::SyncedSourceOfAuthority => w::warning::synced_source_of_authority().into(),
    }
}

pub fn redeem_refusal(r: &RedeemRefusal, org: &str) -> String {
    match r {
        RedeemRefusal::NotAUrl => w::redeem_refusal::not_a_url().into(),
        RedeemRefusal::Scheme(s) => w::redeem_refusal::scheme(s),
        RedeemRefusal::Userinfo => w::redeem_refusal::userinfo().into(),
        RedeemRefusal::Host(h) => w::redeem_refusal::host(h, org),
        RedeemRefusal::Path(p) => w::redeem_refusal::path(p),
        RedeemRefusal::NoTarget => w::redeem_refusal::no_target().into(),
        RedeemRefusal::TargetNotAUrl | RedeemRefusal::TargetScheme(_) | RedeemRefusal::TargetPath(_) => {
            w::redeem_refusal::target_path().into()
        }
        RedeemRefusal::TargetHost(h) => w::redeem_refusal::target_host(h),
        RedeemRefusal::NoTenant => w::redeem_refusal::no_tenant().into(),
        RedeemRefusal::OtherTenant(_) => w::redeem_refusal::other_tenant(org),
    }
}

pub fn partner_link_error(e: &PartnerLinkError) -> &'static str {
    match e {
        PartnerLinkError::Missing => w::partner_link_error::missing(),
        PartnerLinkError::Corrupt => w::partner_link_error::corrupt(),
        PartnerLinkError::Outdated => w::partner_link_error::outdated(),
        PartnerLinkError::UnsupportedVersion(_) => w::partner_link_error::unsupported_version(),
    }
}

/// One sentence per capability, for the home view.
pub fn capabilities(c: &Capabilities) -> Vec<String> {
    use w::capabilities as cap;
    let roles = if c.roles.is_empty() {
        cap::no_role().to_string()
    } else {
        cap::roles(c.roles.join(crate::text::ui::list_separator()))
    };
    let invite = if c.can_invite() { cap::invite_yes() } else { cap::invite_no() };
    let convert = if c.can_convert() { cap::convert_yes() } else { cap::convert_no() };
    let reset = if c.can_reset_redemption() { cap::reset_yes() } else { cap::reset_no() };
    vec![roles, invite.to_string(), convert.to_string(), reset.to_string()]
}

/// The subject and body of the hand-over email the admin sends from their own mail program.
pub fn handover_mail(org: &str, link: &str, note: Option<&str>) -> (String, String) {
    let subject = w::handover_mail::subject(org);
    let mut body = w::handover_mail::body(org, link);
    if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
        body.push_str(&format!("\n{n}\n"));
    }
    body.push_str(w::handover_mail::personal());
    (subject, body)
}

/// Why a language's words could not be fetched.
pub fn load_problem(p: &crate::text::catalogue::LoadProblem) -> String {
    use crate::text::catalogue::CatalogueProblem as C;
    use crate::text::catalogue::LoadProblem as P;
    match p {
        P::Network(why) => w::load_problem::network(why),
        P::Status(status) => w::load_problem::status(status),
        P::Catalogue(C::OtherVersion) => w::load_problem::other_version().into(),
        P::Catalogue(C::Unreadable(_) | C::WrongLanguage(_)) => w::load_problem::damaged().into(),
        P::NotServed => w::load_problem::not_served().into(),
    }
}

pub fn file_problem(p: &crate::rules::bulk_file::FileProblem) -> String {
    use crate::rules::bulk_file::FileProblem as P;
    match p {
        P::Empty => w::file_problem::empty().into(),
        P::Spreadsheet => w::file_problem::spreadsheet().into(),
        P::Utf16 => w::file_problem::utf16().into(),
        P::NotUtf8 { at } => w::file_problem::not_utf8(at),
        P::NotText => w::file_problem::not_text().into(),
        P::NoEmailColumn { found } => {
            let quoted: Vec<String> = found.iter().map(w::file_problem::quoted).collect();
            w::file_problem::no_email_column(quoted.join(crate::text::ui::list_separator()))
        }
        P::NoRows => w::file_problem::no_rows().into(),
    }
}

pub fn cell_problem(p: &crate::rules::bulk_preflight::CellProblem) -> String {
    use crate::rules::bulk_preflight::{CellProblem as P, NameProblem};
    match p {
        P::SendEmailNotYesNo(v) => w::cell_problem::send_email_not_yes_no(v),
        P::UnknownUserType(v) => w::cell_problem::unknown_user_type(v),
        P::Group(name, problem) => match problem {
            NameProblem::Unknown => w::cell_problem::unknown_group(name),
            NameProblem::Ambiguous => w::cell_problem::ambiguous_group(name),
            NameProblem::NotLookedUp => w::cell_problem::group_not_looked_up(name),
            NameProblem::Refused(r) => w::cell_problem::group_refused(name, crate::text::ui::access::refusal(*r)),
        },
        P::Sponsor(name, problem) => match problem {
            NameProblem::Ambiguous => w::cell_problem::ambiguous_sponsor(name),
            NameProblem::NotLookedUp => w::cell_problem::sponsor_not_looked_up(name),
            NameProblem::Unknown | NameProblem::Refused(_) => w::cell_problem::unknown_sponsor(name),
        },
        P::GroupsNotPermitted => w::cell_problem::groups_not_permitted(crate::rules::follow_up::GROUPS_PERMISSION),
        P::ProfileNotPermitted => w::cell_problem::profile_not_permitted(crate::rules::follow_up::PROFILE_PERMISSION),
    }
}

/// What will happen to a row, as the preflight table says it.
pub fn verdict(v: &crate::rules::bulk_preflight::Verdict) -> String {
    use crate::rules::bulk_preflight::Verdict as V;
    match v {
        V::Send(plan) => {
            let first = match plan.request.send_invitation_message {
                true => w::verdict::send(),
                false => w::verdict::send_without_email(),
            };
            use crate::rules::follow_up::FollowUp;
            let groups = plan.follow_ups.iter().filter(|f| matches!(f, FollowUp::AddToGroup(_))).count();
            let mut said = vec![first.to_string()];
            if groups > 0 {
                said.push(w::verdict::then_groups(groups as u64));
            }
            if plan.follow_ups.iter().any(|f| matches!(f, FollowUp::SetProfile(_))) {
                said.push(w::verdict::then_profile().into());
            }
            said.join(crate::text::ui::sentence_separator())
        }
        V::Invalid { fields, cells } => fields
            .iter()
            .map(|f| w::verdict::field(crate::text::ui::fields::label(f.field), field_problem(&f.problem)))
            .chain(cells.iter().map(cell_problem))
            .collect::<Vec<_>>()
            .join(crate::text::ui::sentence_separator()),
        V::Duplicate { first_line } => w::verdict::duplicate(first_line),
        V::Internal { domain } => w::verdict::internal(domain),
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
