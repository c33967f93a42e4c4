//! The words of the views: headings, labels, hints and buttons, grouped by view.

use crate::graph::values::InvitationStatus;
use crate::rules::invitation_draft::Field;
use crate::shell::routing::Route;

use crate::text::catalogue::words::app as w;
pub use w::*;

/// The page title, also announced to screen readers on navigation.
pub fn route_title(r: &Route) -> &'static str {
    match r {
        Route::Home => w::route_title::home(),
        Route::Invite => w::route_title::invite(),
        Route::BulkInvite => w::route_title::bulk_invite(),
        Route::ConvertInternalUser => w::route_title::convert_internal_user(),
        Route::Guests => w::route_title::guests(),
        Route::AccessPackages => w::route_title::access_packages(),
        Route::Join { .. } => w::route_title::join(),
        Route::Request { .. } => w::route_title::request(),
        Route::Review { .. } => w::route_title::review(),
        Route::PartnerWelcome { .. } => w::route_title::partner_welcome(),
        Route::NotFound { .. } => w::route_title::not_found(),
    }
}

/// `document.title`.
pub fn document_title(route: &Route, org: &str) -> String {
    w::document_title(route_title(route), org)
}

pub mod language {
    pub use crate::text::catalogue::words::language::*;
}

pub mod account {
    use crate::text::catalogue::words::account as w;
    pub use w::*;
}

pub mod errors {
    use crate::text::catalogue::words::errors as w;
    pub use w::*;
}

pub mod home {
    use crate::text::catalogue::words::home as w;
    pub use w::*;
}

pub mod not_found {
    use crate::text::catalogue::words::not_found as w;
    pub use w::*;
}

/// Label, hint and the language list of the invitation fields.
pub mod fields {
    use super::Field;
    use crate::text::catalogue::words::fields as w;
    pub use w::*;

    pub fn label(f: Field) -> &'static str {
        match f {
            Field::Email => w::label::email(),
            Field::DisplayName => w::label::display_name(),
            Field::RedirectUrl => w::label::redirect_url(),
            Field::Language => w::label::language(),
            Field::Cc => w::label::cc(),
            Field::Message => w::label::message(),
            Field::GivenName => w::label::given_name(),
            Field::Surname => w::label::surname(),
            Field::JobTitle => w::label::job_title(),
            Field::CompanyName => w::label::company_name(),
            Field::Department => w::label::department(),
            Field::UsageLocation => w::label::usage_location(),
            Field::Groups => crate::text::catalogue::words::access::groups(),
            Field::Sponsors => crate::text::catalogue::words::access::sponsors(),
        }
    }

    /// The static hint; the message's hint is its character count.
    pub fn hint(f: Field) -> &'static str {
        match f {
            Field::Email => w::hint::email(),
            Field::DisplayName => w::hint::display_name(),
            Field::RedirectUrl => w::hint::redirect_url(),
            Field::Language => w::hint::language(),
            Field::Cc => w::hint::cc(),
            Field::Message => w::hint::message(),
            Field::UsageLocation => w::hint::usage_location(),
            _ => w::hint::optional(),
        }
    }
}

pub mod access {
    use crate::rules::follow_up::{GroupKind, GroupRefusal};
    use crate::rules::permission::Permission;
    use crate::text::catalogue::words::access as w;
    pub use w::*;

    pub fn kind(k: GroupKind) -> &'static str {
        match k {
            GroupKind::Microsoft365 => w::kind::microsoft365(),
            GroupKind::Security => w::kind::security(),
            GroupKind::MailEnabledSecurity => w::kind::mail_enabled_security(),
            GroupKind::Distribution => w::kind::distribution(),
        }
    }

    pub fn refusal(r: GroupRefusal) -> &'static str {
        match r {
            GroupRefusal::DynamicMembership => w::refused::dynamic(),
            GroupRefusal::ManagedByExchange => w::refused::exchange(),
            GroupRefusal::RoleAssignable => w::refused::role_assignable(),
        }
    }

    /// Why a part of the form is disabled, or nothing when the scope is granted.
    pub fn permission(p: Permission, missing: fn(&str) -> String, scope: &str) -> Option<String> {
        match p {
            Permission::Granted => None,
            Permission::Unknown => Some(w::permission_unknown().into()),
            Permission::Missing => Some(missing(scope)),
        }
    }

    pub fn groups_permission(scope: &str) -> String {
        w::groups_permission(scope)
    }

    pub fn profile_permission(scope: &str) -> String {
        w::profile_permission(scope)
    }
}

pub mod follow_up {
    use crate::rules::follow_up::{FollowUp, StepOutcome};
    use crate::text::catalogue::words::follow_up as w;
    use crate::text::Explain;
    pub use w::*;

    pub fn step_name(f: &FollowUp) -> String {
        match f {
            FollowUp::AddToGroup(g) => w::step_group(&g.name),
            FollowUp::SetProfile(_) => w::step_profile().into(),
        }
    }

    /// A step's result in words; a refusal says Graph's reason.
    pub fn outcome(o: Option<&StepOutcome>) -> String {
        match o {
            None => w::status::running().into(),
            Some(StepOutcome::Done) => w::status::done().into(),
            Some(StepOutcome::AlreadyDone) => w::status::already_done().into(),
            Some(StepOutcome::Failed(e)) => {
                let r = e.report();
                format!("{}. {}", r.title.trim_end_matches('.'), r.what_happened)
            }
            Some(StepOutcome::NotVisibleYet(_)) => w::status::not_visible().into(),
            Some(StepOutcome::NotRun) => w::status::not_run().into(),
        }
    }
}

pub mod invite {
    use crate::text::catalogue::words::invite as w;
    pub use w::*;
}

pub mod result {
    use crate::rules::invitation_outcome::Outcome;
    use crate::text::catalogue::words::result as w;
    pub use w::*;

    pub fn title(o: Outcome) -> &'static str {
        match o {
            Outcome::Created => w::title::created(),
            Outcome::Resent => w::title::resent(),
            Outcome::Converted => w::title::converted(),
            Outcome::RedemptionReset => w::title::redemption_reset(),
        }
    }
}

/// A Graph timestamp as a date the reader's language writes (`Mar 1, 2025`, `2025年3月1日`), in their time zone.
pub fn date(timestamp: &str) -> Option<String> {
    let ms = crate::rules::guest_rules::parse_time(timestamp)?;
    Some(crate::text::intl::date(crate::text::catalogue::lang().tag(), ms))
}

/// The name of an invitation email language (`messageLanguage`), in the reader's language.
pub fn language_name(code: &str) -> &'static str {
    use crate::text::catalogue::words::languages as w;
    match code {
        "ar-SA" => w::ar_sa(),
        "bg-BG" => w::bg_bg(),
        "ca-ES" => w::ca_es(),
        "cs-CZ" => w::cs_cz(),
        "da-DK" => w::da_dk(),
        "de-DE" => w::de_de(),
        "el-GR" => w::el_gr(),
        "en-GB" => w::en_gb(),
        "en-US" => w::en_us(),
        "es-ES" => w::es_es(),
        "et-EE" => w::et_ee(),
        "eu-ES" => w::eu_es(),
        "fi-FI" => w::fi_fi(),
        "fr-FR" => w::fr_fr(),
        "gl-ES" => w::gl_es(),
        "he-IL" => w::he_il(),
        "hi-IN" => w::hi_in(),
        "hr-HR" => w::hr_hr(),
        "hu-HU" => w::hu_hu(),
        "id-ID" => w::id_id(),
        "it-IT" => w::it_it(),
        "ja-JP" => w::ja_jp(),
        "kk-KZ" => w::kk_kz(),
        "ko-KR" => w::ko_kr(),
        "lt-LT" => w::lt_lt(),
        "lv-LV" => w::lv_lv(),
        "ms-MY" => w::ms_my(),
        "nb-NO" => w::nb_no(),
        "nl-NL" => w::nl_nl(),
        "pl-PL" => w::pl_pl(),
        "pt-BR" => w::pt_br(),
        "pt-PT" => w::pt_pt(),
        "ro-RO" => w::ro_ro(),
        "ru-RU" => w::ru_ru(),
        "sk-SK" => w::sk_sk(),
        "sl-SI" => w::sl_si(),
        "sr-Latn-RS" => w::sr_latn_rs(),
        "sv-SE" => w::sv_se(),
        "th-TH" => w::th_th(),
        "tr-TR" => w::tr_tr(),
        "uk-UA" => w::uk_ua(),
        "vi-VN" => w::vi_vn(),
        "zh-CN" => w::zh_cn(),
        "zh-TW" => w::zh_tw(),
        _ => w::default(),
    }
}

/// The invitation status as Graph sends it; a missing one is pending.
pub fn invitation_status(s: &Option<InvitationStatus>) -> String {
    s.as_ref().map(|s| s.as_graph_str().to_string()).unwrap_or_else(|| "PendingAcceptance".into())
}

pub mod convert {
    use crate::text::catalogue::words::convert as w;
    pub use w::*;
}

pub mod partner {
    use crate::text::catalogue::words::partner as w;
    pub use w::*;
    pub fn steps(org: &str) -> [String; 4] {
        [w::step_accept().into(), w::step_sign_in().into(), w::step_review(org), w::step_land(org)]
    }
}

pub mod bulk {
    use super::follow_up;
    use crate::graph::batch::QueueSummary;
    use crate::rules::follow_up::{tally, FollowUp, PlannedStep, StepOutcome};
    use crate::rules::invitation_outcome::RowStatus;
    use crate::text::catalogue::words::bulk as w;
    use crate::text::Explain;
    pub use w::*;

    /// A row's groups after its invitation, in words: how many were joined, and each failure with its reason.
    pub fn groups_outcome(steps: &[PlannedStep]) -> String {
        let t = tally(steps);
        if t.groups == 0 {
            return String::new();
        }
        let mut said = vec![follow_up::groups(t.groups_done, t.groups)];
        let groups = steps.iter().filter(|p| matches!(p.follow_up, FollowUp::AddToGroup(_)));
        said.extend(groups.clone().filter_map(|p| failure(&p.follow_up, p.outcome.as_ref()?)));
        if groups.clone().any(|p| p.outcome.is_none()) {
            said.push(w::steps_to_do().into());
        }
        said.join(super::sentence_separator())
    }

    /// A row's profile after its invitation, in words.
    pub fn profile_outcome(steps: &[PlannedStep]) -> String {
        let Some(PlannedStep { follow_up: f, outcome }) =
            steps.iter().find(|p| matches!(p.follow_up, FollowUp::SetProfile(_)))
        else {
            return String::new();
        };
        match outcome {
            None => w::steps_to_do().into(),
            Some(o) if o.succeeded() => follow_up::profile_written().into(),
            Some(o) => failure(f, o).unwrap_or_else(|| follow_up::profile_not_written().into()),
        }
    }

    fn failure(f: &FollowUp, o: &StepOutcome) -> Option<String> {
        let why = match o {
            StepOutcome::Failed(e) => e.report().title,
            StepOutcome::NotVisibleYet(_) => follow_up::status::not_visible().into(),
            _ => return None,
        };
        Some(w::step_failed(follow_up::step_name(f), why))
    }

    pub fn loaded(name: &str, rows: usize) -> String {
        w::loaded(rows as u64, name)
    }
    pub fn send_button(n: usize, with_email: usize) -> String {
        match with_email {
            0 => w::send_without_email(n as u64),
            e if e == n => w::send_with_email(n as u64),
            e => w::send_some_with_email(n as u64, e),
        }
    }
    pub fn progress(s: &QueueSummary) -> String {
        let mut text = w::progress(s.finished(), s.total, s.succeeded, s.failed, s.waiting + s.in_flight, s.retrying);
        if s.unknown > 0 {
            text.push_str(&w::progress_to_check(s.unknown));
        }
        if s.not_sent > 0 {
            text.push_str(&w::progress_not_sent(s.not_sent));
        }
        text
    }
    /// Whole numbers only: formatting floats would add the float printer to the download.
    pub fn rate(per_minute: u64, left_s: u64) -> String {
        w::rate(per_minute, duration(left_s))
    }
    pub fn duration(s: u64) -> String {
        if s < 90 {
            w::seconds(s)
        } else {
            w::minutes(s.div_ceil(60))
        }
    }

    pub fn status(s: RowStatus) -> &'static str {
        match s {
            RowStatus::NotSent => w::status::not_sent(),
            RowStatus::Sent => w::status::sent(),
            RowStatus::Confirmed => w::status::confirmed(),
            RowStatus::Conflict => w::status::conflict(),
            RowStatus::Failed => w::status::failed(),
            RowStatus::Unknown => w::status::unknown(),
        }
    }
}

pub mod approvals {
    use crate::text::catalogue::words::approvals as w;
    pub use w::*;
}

/// "Set up partner self-service": its steps, their states and what stops them.
pub mod setup {
    use crate::rules::self_service::{PlanProblem, SetupFailure, SetupStep, StepState};
    use crate::text::catalogue::words::setup as w;
    pub use w::*;

    pub fn step(s: SetupStep) -> &'static str {
        match s {
            SetupStep::Catalog => w::step_catalog(),
            SetupStep::Groups => w::step_groups(),
            SetupStep::Package => w::step_package(),
            SetupStep::Roles => w::step_roles(),
            SetupStep::Policy => w::step_policy(),
        }
    }

    pub fn state(s: &StepState) -> &'static str {
        match s {
            StepState::Waiting => w::waiting(),
            StepState::Running => w::running(),
            StepState::Found => w::found(),
            StepState::Created => w::created(),
            StepState::Failed(_) => w::failed(),
        }
    }

    pub fn problem(p: PlanProblem) -> &'static str {
        match p {
            PlanProblem::NoCatalogName => w::problem_catalog(),
            PlanProblem::NoPackageName => w::problem_name(),
            PlanProblem::NoGroup => w::problem_group(),
            PlanProblem::NoOrganization => w::problem_org(),
            PlanProblem::NoApprover => w::problem_approver(),
            PlanProblem::BadDays => w::problem_days(),
        }
    }

    /// A failure the app found itself (Graph's own errors have their panel).
    pub fn failure(f: &SetupFailure) -> String {
        match f {
            SetupFailure::CatalogNotExternal => w::catalog_not_external().to_string(),
            SetupFailure::NoMemberRole { group } => w::no_member_role(group),
            SetupFailure::Graph(_) => String::new(),
        }
    }
}

/// The tenant's invitation policy in sentences.
pub mod policy {
    use crate::rules::invite_policy::{DomainCheck, GuestAccess, Inbound, InboundSummary, InviteStanding, Standing};
    use crate::text::catalogue::words::policy as w;
    pub use w::*;

    pub fn invite(s: InviteStanding) -> &'static str {
        match s {
            InviteStanding::NoOne => w::no_one(),
            InviteStanding::AdminsAndGuestInviters { you: Standing::Admin } => w::admins_you_admin(),
            InviteStanding::AdminsAndGuestInviters { you: Standing::GuestInviter } => w::admins_you_inviter(),
            InviteStanding::AdminsAndGuestInviters { you: Standing::Neither } => w::admins_you_neither(),
            InviteStanding::Members => w::members(),
            InviteStanding::Everyone => w::everyone(),
            InviteStanding::Unknown => w::invite_unknown(),
        }
    }

    pub fn guests(a: GuestAccess) -> &'static str {
        match a {
            GuestAccess::SameAsMembers => w::guests_same(),
            GuestAccess::Limited => w::guests_limited(),
            GuestAccess::Restricted => w::guests_restricted(),
            GuestAccess::Unknown => w::guests_unknown(),
        }
    }

    pub fn inbound(s: &InboundSummary) -> String {
        let n = s.exceptions as u64;
        match (s.default, n) {
            (Inbound::Allowed, 0) => w::inbound_allowed().into(),
            (Inbound::Allowed, n) => w::inbound_allowed_except(n),
            (Inbound::Blocked, 0) => w::inbound_blocked().into(),
            (Inbound::Blocked, n) => w::inbound_blocked_except(n),
            (Inbound::Partly, n) => w::inbound_partly(n),
            (Inbound::Unknown, _) => w::inbound_unknown().into(),
        }
    }

    /// The warning for `rows` rows of a file going to `domain`, when the settings keep its organisation out.
    pub fn rows(check: &DomainCheck, domain: &str, rows: usize) -> Option<String> {
        match check.inbound {
            Inbound::Blocked => Some(w::bulk_blocked(rows as u64, &check.organisation, domain)),
            Inbound::Partly => Some(w::bulk_partly(rows as u64, &check.organisation, domain)),
            Inbound::Allowed | Inbound::Unknown => None,
        }
    }

    /// The warning for an address at `domain`, when the settings keep its organisation out in full or in part.
    pub fn domain(check: &DomainCheck, domain: &str) -> Option<String> {
        match check.inbound {
            Inbound::Blocked => Some(w::domain_blocked(domain, &check.organisation)),
            Inbound::Partly => Some(w::domain_partly(&check.organisation, domain)),
            Inbound::Allowed | Inbound::Unknown => None,
        }
    }
}

/// A run of one write per user (blocking or allowing sign-in).
pub mod writes {
    pub use super::guests::{col_details, col_email, col_name, col_result, col_user_id};
    use crate::graph::guests::SignInAccess;
    use crate::rules::user_change::UserChange;
    use crate::text::catalogue::words::writes as w;
    pub use w::*;

    pub fn heading(c: Option<&UserChange>) -> String {
        match c {
            Some(UserChange::SignIn(SignInAccess::Allowed)) => w::unblock_heading().into(),
            Some(UserChange::SignIn(SignInAccess::Blocked)) | None => w::block_heading().into(),
            Some(UserChange::AddSponsor(p)) => w::sponsor_heading(&p.name),
        }
    }
    pub fn done(c: Option<&UserChange>) -> String {
        match c {
            Some(UserChange::SignIn(SignInAccess::Allowed)) => w::unblocked().into(),
            Some(UserChange::SignIn(SignInAccess::Blocked)) | None => w::blocked().into(),
            Some(UserChange::AddSponsor(p)) => w::sponsor_added(&p.name),
        }
    }
    pub fn retry_failed(n: usize) -> String {
        w::retry_failed(n as u64)
    }
}

pub mod guests {
    use crate::graph::values::ExternalUserState;
    use crate::rules::guest_rules::{SortOrder, SponsorFilter, SponsorsOf, DELETE_PERMISSION};
    use crate::rules::inactivity::SignInColumn;
    use crate::rules::permission::Permission;
    use crate::text::catalogue::words::guests as w;
    pub use w::*;

    /// The invitation state in words; a value Graph adds later is shown as Microsoft sent it.
    pub fn state(s: Option<&ExternalUserState>) -> String {
        match s {
            Some(ExternalUserState::PendingAcceptance) => w::state::pending_acceptance().into(),
            Some(ExternalUserState::Accepted) => w::state::accepted().into(),
            Some(other) => other.as_graph_str().to_string(),
            None => super::none().into(),
        }
    }

    pub fn sort_label(o: SortOrder) -> &'static str {
        match o {
            SortOrder::Name => w::sort_label::name(),
            SortOrder::InvitedOldest => w::sort_label::invited_oldest(),
            SortOrder::InvitedNewest => w::sort_label::invited_newest(),
        }
    }
    pub fn count(total: Option<u64>, shown: usize) -> String {
        match total {
            Some(t) if t as usize > shown => w::count_loaded(t, shown),
            Some(t) => w::count_all(t),
            None => w::count_all(shown as u64),
        }
    }
    pub fn days(n: u32) -> String {
        w::days(u64::from(n))
    }
    pub fn overdue(n: u32, threshold: u32) -> String {
        w::overdue(days(n), threshold)
    }
    pub fn resend_selected(n: usize) -> String {
        w::resend_selected(n as u64)
    }
    /// The delete button for `n` guests, naming inactive guests only when `inactive` of them are.
    pub fn delete_selected(n: usize, inactive: usize) -> String {
        match inactive {
            0 => w::delete_selected(n as u64),
            _ => w::delete_selected_inactive(n as u64),
        }
    }
    /// Why `n` selected guests stay.
    pub fn skipped(n: usize, column: SignInColumn) -> String {
        match column {
            SignInColumn::Shown => w::active_skipped(n as u64),
            _ => w::accepted_skipped(n as u64),
        }
    }
    pub fn permission(p: Permission) -> Option<String> {
        match p {
            Permission::Granted => None,
            Permission::Unknown => Some(w::permission_unknown().into()),
            Permission::Missing => Some(w::permission_missing(DELETE_PERMISSION)),
        }
    }
    pub fn type_count(n: usize) -> String {
        w::type_count(n as u64)
    }
    pub fn block_permission(p: Permission) -> Option<String> {
        match p {
            Permission::Granted => None,
            Permission::Unknown => None,
            Permission::Missing => Some(w::block_permission_missing(DELETE_PERMISSION)),
        }
    }
    /// A guest's sponsors in the list: their names, or where the read stands.
    pub fn sponsors(of: Option<&SponsorsOf>) -> String {
        match of {
            None | Some(SponsorsOf::Reading) => w::sponsors_loading().into(),
            Some(SponsorsOf::Unreadable) => w::sponsors_unreadable().into(),
            Some(SponsorsOf::Known(s)) if s.is_empty() => w::sponsors_none().into(),
            Some(SponsorsOf::Known(s)) => {
                s.iter().map(|x| x.display_name.clone().unwrap_or_else(|| x.id.clone())).collect::<Vec<_>>().join(", ")
            }
        }
    }
    pub fn sponsor_filter(f: SponsorFilter) -> &'static str {
        match f {
            SponsorFilter::Any => w::sponsor_filter::any(),
            SponsorFilter::NoSponsor => w::sponsor_filter::none(),
            SponsorFilter::Mine => w::sponsor_filter::me(),
        }
    }
    pub fn add_me_as_sponsor(n: usize) -> String {
        w::add_me_as_sponsor(n as u64)
    }
    pub fn add_sponsor(name: &str, n: usize) -> String {
        w::add_sponsor(n as u64, name)
    }
    pub fn sponsor_permission(p: Permission) -> Option<String> {
        match p {
            Permission::Missing => Some(w::sponsor_permission_missing(DELETE_PERMISSION)),
            _ => None,
        }
    }
    pub fn block_selected(n: usize) -> String {
        w::block_selected(n as u64)
    }
    pub fn unblock_selected(n: usize) -> String {
        w::unblock_selected(n as u64)
    }
    pub fn confirm_delete(n: usize) -> String {
        w::confirm_delete(n as u64)
    }
}

pub mod access_packages {
    use crate::graph::access_packages::Subject;
    use crate::graph::values::RequestState;
    use crate::rules::access_package_rules::{PolicyAudience, Requestability};
    use crate::text::catalogue::words::access_packages as w;
    pub use w::*;

    /// Who asked: "Name (address)", or whichever of the two Graph gave.
    pub fn requestor(who: Option<&Subject>) -> String {
        let who = who.cloned().unwrap_or_default();
        match (who.display_name, who.email) {
            (Some(n), Some(e)) => format!("{n} ({e})"),
            (n, e) => n.or(e).unwrap_or_default(),
        }
    }

    pub fn catalog(name: &str, external: bool) -> String {
        if external {
            w::catalog_external(name)
        } else {
            w::catalog_internal(name)
        }
    }
    pub fn audience(a: &PolicyAudience) -> String {
        match a {
            PolicyAudience::AllExternalUsers => w::audience::all_external_users().into(),
            PolicyAudience::AllConnectedOrganizations => w::audience::all_connected_organizations().into(),
            PolicyAudience::ConnectedOrganizations(names) if names.is_empty() => {
                w::audience::connected_organizations().into()
            }
            PolicyAudience::ConnectedOrganizations(names) => w::audience::named(names.join(super::list_separator())),
            PolicyAudience::InDirectoryOnly => w::audience::in_directory_only().into(),
            PolicyAudience::AutomaticAssignment => w::audience::automatic_assignment().into(),
            PolicyAudience::Other(v) => w::audience::other(v),
        }
    }
    pub fn self_request(yes: bool) -> &'static str {
        if yes {
            w::self_request_yes()
        } else {
            w::self_request_no()
        }
    }
    pub fn approval(yes: bool) -> &'static str {
        if yes {
            w::approval_yes()
        } else {
            w::approval_no()
        }
    }
    pub fn verdict(r: &Requestability) -> &'static str {
        match r {
            Requestability::Partners { approval: true, .. } => w::verdict::partners_approval(),
            Requestability::Partners { approval: false, .. } => w::verdict::partners_no_approval(),
            Requestability::CatalogNotExternallyVisible => w::verdict::catalog_not_externally_visible(),
            Requestability::InternalOnly => w::verdict::internal_only(),
            Requestability::AssignedByAdministrators => w::verdict::assigned_by_administrators(),
            Requestability::NoPolicy => w::verdict::no_policy(),
        }
    }
    pub fn state(s: Option<&RequestState>) -> String {
        match s {
            Some(RequestState::Submitted) => w::state::submitted().into(),
            Some(RequestState::PendingApproval) => w::state::pending_approval().into(),
            Some(RequestState::Delivering) => w::state::delivering().into(),
            Some(RequestState::Delivered) => w::state::delivered().into(),
            Some(RequestState::DeliveryFailed) => w::state::delivery_failed().into(),
            Some(RequestState::Denied) => w::state::denied().into(),
            Some(RequestState::Scheduled) => w::state::scheduled().into(),
            Some(RequestState::Canceled) => w::state::canceled().into(),
            Some(RequestState::PartiallyDelivered) => w::state::partially_delivered().into(),
            Some(RequestState::Unknown(v)) => v.clone(),
            None => super::none().into(),
        }
    }
}

pub mod join {
    use crate::text::catalogue::words::join as w;
    pub use w::*;
}

pub mod access_request {
    use crate::rules::access_request::{RequestField, RequestProblem};
    use crate::text::catalogue::words::access_request as w;
    pub use w::*;

    pub fn label(f: RequestField) -> &'static str {
        match f {
            RequestField::Name => w::label::name(),
            RequestField::Email => w::label::email(),
            RequestField::Company => w::label::company(),
            RequestField::Reason => w::label::reason(),
        }
    }
    pub fn problem(p: &RequestProblem) -> String {
        match p {
            RequestProblem::Missing(f) => w::missing(label(*f)),
            RequestProblem::TooLong { field, max } => w::too_long(label(*field), max),
            // The partner reads this about their own address, so the admin-facing wording does not fit.
            RequestProblem::Email(crate::rules::email::EmailProblem::Empty) => w::missing(label(RequestField::Email)),
            RequestProblem::Email(e) => crate::text::rules::email_problem(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::language_name;
    use crate::rules::languages::LANGUAGES;

    /// The codes and their names are two lists: a code without its own name would show as the default.
    #[test]
    fn every_invitation_email_language_has_its_own_name() {
        let mut names: Vec<&str> = LANGUAGES.iter().map(|code| language_name(code)).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), LANGUAGES.len());
    }

    #[test]
    fn the_policy_is_worded_for_the_admin_reading_it() {
        use super::policy;
        use crate::rules::invite_policy::{DomainCheck, Inbound, InboundSummary, InviteStanding, Standing};
        assert_eq!(
            policy::invite(InviteStanding::AdminsAndGuestInviters { you: Standing::GuestInviter }),
            "Only admins and Guest Inviters may invite: you are a Guest Inviter, so you can."
        );
        assert!(policy::invite(InviteStanding::AdminsAndGuestInviters { you: Standing::Neither })
            .contains("you are neither, so Microsoft will refuse your invitations"));
        let blocked = InboundSummary { default: Inbound::Blocked, exceptions: 3 };
        assert_eq!(
            policy::inbound(&blocked),
            "Inbound B2B collaboration is blocked for all organisations except 3 partners."
        );
        let one = InboundSummary { default: Inbound::Allowed, exceptions: 1 };
        assert!(
            policy::inbound(&one).ends_with("except 1 partner whose own settings differ."),
            "{}",
            policy::inbound(&one)
        );
        let none = InboundSummary { default: Inbound::Allowed, exceptions: 0 };
        assert_eq!(policy::inbound(&none), "Inbound B2B collaboration is allowed for all organisations.");
        let check = |inbound| DomainCheck { inbound, organisation: "Wide World Importers".into() };
        let said = policy::domain(&check(Inbound::Blocked), "wwi.example").unwrap_or_default();
        assert!(
            said.starts_with("Invitations to wwi.example will be refused")
                && said.contains("from Wide World Importers."),
            "{said}"
        );
        assert!(policy::domain(&check(Inbound::Partly), "wwi.example")
            .unwrap_or_default()
            .contains("Wide World Importers (wwi.example)"));
        assert_eq!(policy::domain(&check(Inbound::Allowed), "wwi.example"), None);
    }
}
