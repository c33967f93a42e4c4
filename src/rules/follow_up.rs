//! What an invitation is followed by, as data: the groups the guest joins and the profile written on the new
//! account, which group a picker may offer, each step's outcome, and which failures only mean that the
//! directory has not caught up with the new account yet (Microsoft: "might take more than one attempt",
//! https://learn.microsoft.com/entra/architecture/11-onboard-external-user).

use crate::graph::error::GraphError;
use crate::graph::groups::Group;
use crate::graph::invitations::InvitationRequest;
use crate::graph::users::ProfilePatch;
use crate::rules::permission::{permission, Permission};
use serde::{Deserialize, Serialize};

/// Adding a guest to groups (https://learn.microsoft.com/graph/api/group-post-members).
pub const GROUPS_PERMISSION: &str = "GroupMember.ReadWrite.All";
/// Writing a guest's profile (https://learn.microsoft.com/graph/api/user-update).
pub const PROFILE_PERMISSION: &str = "User.ReadWrite.All";

/// The admin center's invite form assigns up to 20 groups or roles.
pub const MAX_GROUPS: usize = 20;
/// Entra keeps at most five sponsors for one guest (https://learn.microsoft.com/entra/external-id/b2b-sponsors).
pub const MAX_SPONSORS: usize = 5;

/// The kind of a group, as its `groupTypes`, `mailEnabled` and `securityEnabled` say
/// (https://learn.microsoft.com/graph/api/resources/groups-overview).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Microsoft365,
    Security,
    MailEnabledSecurity,
    Distribution,
}

pub fn kind(g: &Group) -> GroupKind {
    if g.group_types.iter().any(|t| t.eq_ignore_ascii_case("Unified")) {
        return GroupKind::Microsoft365;
    }
    match (g.mail_enabled.unwrap_or(false), g.security_enabled.unwrap_or(false)) {
        (true, true) => GroupKind::MailEnabledSecurity,
        (true, false) => GroupKind::Distribution,
        _ => GroupKind::Security,
    }
}

/// Why a group cannot take the guest through Graph; said before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRefusal {
    /// Its members follow a rule (`membershipRule`), not requests.
    DynamicMembership,
    /// Exchange manages mail-enabled security groups and distribution lists; Graph only reads them.
    ManagedByExchange,
    /// Only a Privileged Role Administrator (or Global Administrator) may add to a role-assignable group.
    RoleAssignable,
}

/// Whether the signed-in admin holds a role that may add members to role-assignable groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleAssignableGroups {
    MayManage,
    /// Also while the roles are not known yet: a refusal then is safer than a failed step.
    #[default]
    MayNotManage,
}

pub fn refusal(g: &Group, role_groups: RoleAssignableGroups) -> Option<GroupRefusal> {
    if g.membership_rule.as_deref().is_some_and(|r| !r.trim().is_empty())
        || g.group_types.iter().any(|t| t.eq_ignore_ascii_case("DynamicMembership"))
    {
        return Some(GroupRefusal::DynamicMembership);
    }
    if matches!(kind(g), GroupKind::MailEnabledSecurity | GroupKind::Distribution) {
        return Some(GroupRefusal::ManagedByExchange);
    }
    if g.is_assignable_to_role == Some(true) && role_groups == RoleAssignableGroups::MayNotManage {
        return Some(GroupRefusal::RoleAssignable);
    }
    None
}

/// A group the admin chose, kept with its name so the results can say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenGroup {
    pub id: String,
    pub name: String,
}

/// Something chosen in a picker, known by its directory id.
pub trait Chosen {
    fn id(&self) -> &str;
}

impl Chosen for ChosenGroup {
    fn id(&self) -> &str {
        &self.id
    }
}

/// `chosen` with `item` added at the end, or `None` when it is there already or the list holds `max`.
pub fn with_added<T: Chosen + Clone>(chosen: &[T], item: T, max: usize) -> Option<Vec<T>> {
    (chosen.len() < max && !chosen.iter().any(|c| c.id() == item.id())).then(|| {
        let mut all = chosen.to_vec();
        all.push(item);
        all
    })
}

/// `chosen` without the one with this id.
pub fn without<T: Chosen + Clone>(chosen: &[T], id: &str) -> Vec<T> {
    chosen.iter().filter(|c| c.id() != id).cloned().collect()
}

impl ChosenGroup {
    pub fn of(g: &Group) -> ChosenGroup {
        ChosenGroup { id: g.id.clone(), name: g.display_name.clone().unwrap_or_else(|| g.id.clone()) }
    }
}

/// Whether the signed-in admin's directory roles let them add members to role-assignable groups.
pub fn role_groups(roles: &[String]) -> RoleAssignableGroups {
    const ROLES: [&str; 2] = ["Privileged Role Administrator", "Global Administrator"];
    match roles.iter().any(|r| ROLES.contains(&r.as_str())) {
        true => RoleAssignableGroups::MayManage,
        false => RoleAssignableGroups::MayNotManage,
    }
}

/// An invitation and what follows it on the new account.
#[derive(Debug, Clone, PartialEq)]
pub struct InvitePlan {
    pub request: InvitationRequest,
    pub follow_ups: Vec<FollowUp>,
}

/// One write after the invitation, on the invited user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FollowUp {
    AddToGroup(ChosenGroup),
    SetProfile(ProfilePatch),
}

/// How a step ended.
#[derive(Debug, Clone, PartialEq)]
pub enum StepOutcome {
    Done,
    /// Graph said the guest is already a member: nothing left to do.
    AlreadyDone,
    Failed(GraphError),
    /// The directory still did not know the new account when the waiting ended.
    NotVisibleYet(GraphError),
    /// Stopped before it ran (the page was left).
    NotRun,
}

impl StepOutcome {
    pub fn succeeded(&self) -> bool {
        matches!(self, StepOutcome::Done | StepOutcome::AlreadyDone)
    }
}

/// What a failed attempt means for the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// The new account is not in this replica yet: try again a little later.
    WaitForDirectory,
    AlreadyDone,
    Refused,
}

/// Graph's answers right after an invitation: 404, or 400 "…objects being referenced don't exist", while the
/// account replicates (https://learn.microsoft.com/graph/api/group-post-members); 400 "…already exist…" when the
/// guest is already a member.
pub fn after_failure(step: &FollowUp, e: &GraphError) -> AfterFailure {
    match e {
        GraphError::Http { status: 404, .. } => AfterFailure::WaitForDirectory,
        GraphError::Http { status: 400, message, .. } => {
            let m = message.to_ascii_lowercase();
            if m.contains("don't exist") || m.contains("does not exist") || m.contains("do not exist") {
                AfterFailure::WaitForDirectory
            } else if matches!(step, FollowUp::AddToGroup(_)) && m.contains("already exist") {
                AfterFailure::AlreadyDone
            } else {
                AfterFailure::Refused
            }
        }
        _ => AfterFailure::Refused,
    }
}

/// How long to wait before attempt `attempt + 1` (from 0) of a step the directory does not know yet: 1, 2, 4,
/// 8, 16 s, then 30 s, for at most [`WAIT_BOUND_MS`] in all; `None` once that bound is reached.
pub fn wait_before_next_ms(attempt: u32, waited_ms: u32) -> Option<u32> {
    let next = 1_000u32.saturating_mul(1 << attempt.min(5)).min(30_000);
    (waited_ms.saturating_add(next) <= WAIT_BOUND_MS).then_some(next)
}

/// The longest a step waits for the directory to know the new account.
pub const WAIT_BOUND_MS: u32 = 120_000;

/// What the follow-ups came to, for the sentence above the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FollowUpTally {
    pub groups_done: usize,
    pub groups: usize,
    pub profile_done: bool,
    pub profile: bool,
    pub failed: usize,
    pub running: usize,
}

/// One step after an invitation and how it ended (`None`: still to do, or running).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedStep {
    pub follow_up: FollowUp,
    pub outcome: Option<StepOutcome>,
}

impl PlannedStep {
    pub fn to_do(follow_up: FollowUp) -> PlannedStep {
        PlannedStep { follow_up, outcome: None }
    }
}

pub fn tally(steps: &[PlannedStep]) -> FollowUpTally {
    let mut t = FollowUpTally::default();
    for PlannedStep { follow_up: step, outcome } in steps {
        let done = outcome.as_ref().is_some_and(StepOutcome::succeeded);
        match step {
            FollowUp::AddToGroup(_) => {
                t.groups += 1;
                t.groups_done += usize::from(done);
            }
            FollowUp::SetProfile(_) => {
                t.profile = true;
                t.profile_done = done;
            }
        }
        match outcome {
            None => t.running += 1,
            Some(o) if !o.succeeded() => t.failed += 1,
            _ => {}
        }
    }
    t
}

/// The steps the signed-in token may take: groups and the profile are left out when their permission is known
/// to be missing (the form says so beside them), and kept while it is not known yet.
pub fn permitted(steps: Vec<FollowUp>, granted: &[String]) -> Vec<FollowUp> {
    let allowed = |scope| permission(granted, scope) != Permission::Missing;
    let (groups, profile) = (allowed(GROUPS_PERMISSION), allowed(PROFILE_PERMISSION));
    steps
        .into_iter()
        .filter(|s| match s {
            FollowUp::AddToGroup(_) => groups,
            FollowUp::SetProfile(_) => profile,
        })
        .collect()
}

/// The steps a retry repeats: those that did not succeed. The invitation itself is never among them.
pub fn to_retry(steps: &[PlannedStep]) -> Vec<usize> {
    steps
        .iter()
        .enumerate()
        .filter(|(_, p)| p.outcome.as_ref().is_some_and(|o| !o.succeeded()))
        .map(|(i, _)| i)
        .collect()
}

/// What is wrong with a usage location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageLocationProblem {
    NotTwoLetters,
    UnknownCountry,
}

/// `usageLocation` is an ISO 3166-1 alpha-2 code (https://learn.microsoft.com/graph/api/resources/user); the
/// code in capitals, or what is wrong with it.
pub fn usage_location(text: &str) -> Result<String, UsageLocationProblem> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(UsageLocationProblem::NotTwoLetters);
    }
    match ISO_3166_ALPHA_2.contains(&code.as_str()) {
        true => Ok(code),
        false => Err(UsageLocationProblem::UnknownCountry),
    }
}

/// The officially assigned ISO 3166-1 alpha-2 codes.
pub const ISO_3166_ALPHA_2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD",
    "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA",
    "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE",
    "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA",
    "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK",
    "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP",
    "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT",
    "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS",
    "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
    "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
    "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST",
    "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA",
    "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn group(types: &[&str], mail: bool, security: bool) -> Group {
        Group {
            id: "g".into(),
            display_name: Some("G".into()),
            description: None,
            group_types: types.iter().map(|t| t.to_string()).collect(),
            mail_enabled: Some(mail),
            security_enabled: Some(security),
            membership_rule: None,
            is_assignable_to_role: None,
            mail: None,
        }
    }

    fn http(status: u16, message: &str) -> GraphError {
        GraphError::Http {
            status,
            code: "Request_BadRequest".into(),
            message: message.into(),
            request_id: None,
            client_request_id: None,
            date: None,
        }
    }

    #[test]
    fn each_kind_of_group_is_told_apart_and_only_two_are_offered() {
        let may = RoleAssignableGroups::MayNotManage;
        let m365 = group(&["Unified"], true, false);
        assert_eq!((kind(&m365), refusal(&m365, may)), (GroupKind::Microsoft365, None));
        let security = group(&[], false, true);
        assert_eq!((kind(&security), refusal(&security, may)), (GroupKind::Security, None));
        let mail_security = group(&[], true, true);
        assert_eq!(refusal(&mail_security, may), Some(GroupRefusal::ManagedByExchange));
        let distribution = group(&[], true, false);
        assert_eq!(
            (kind(&distribution), refusal(&distribution, may)),
            (GroupKind::Distribution, Some(GroupRefusal::ManagedByExchange))
        );
        let dynamic = Group {
            membership_rule: Some("user.userType -eq \"Guest\"".into()),
            ..group(&["Unified", "DynamicMembership"], true, false)
        };
        assert_eq!(refusal(&dynamic, may), Some(GroupRefusal::DynamicMembership));
        let privileged = Group { is_assignable_to_role: Some(true), ..security.clone() };
        assert_eq!(refusal(&privileged, may), Some(GroupRefusal::RoleAssignable));
        assert_eq!(refusal(&privileged, RoleAssignableGroups::MayManage), None);
    }

    #[test]
    fn a_new_account_unknown_to_the_directory_is_waited_for_and_a_member_already_counts_as_done() {
        let add = FollowUp::AddToGroup(ChosenGroup { id: "g".into(), name: "G".into() });
        let profile = FollowUp::SetProfile(ProfilePatch::default());
        assert_eq!(after_failure(&add, &http(404, "Resource 'x' does not exist")), AfterFailure::WaitForDirectory);
        let replicating = http(400, "The source resource object or one of the objects being referenced don't exist.");
        assert_eq!(after_failure(&add, &replicating), AfterFailure::WaitForDirectory);
        let member = http(
            400,
            "One or more added object references already exist for the following modified properties: 'members'.",
        );
        assert_eq!(after_failure(&add, &member), AfterFailure::AlreadyDone);
        assert_eq!(after_failure(&profile, &member), AfterFailure::Refused);
        assert_eq!(
            after_failure(&add, &http(403, "Insufficient privileges to complete the operation.")),
            AfterFailure::Refused
        );
    }

    #[test]
    fn the_wait_doubles_to_thirty_seconds_and_stops_at_its_bound() {
        let (mut waited, mut waits) = (0, Vec::new());
        let mut attempt = 0;
        while let Some(w) = wait_before_next_ms(attempt, waited) {
            waits.push(w);
            waited += w;
            attempt += 1;
        }
        assert_eq!(&waits[..7], &[1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
        assert!(waited <= WAIT_BOUND_MS && waited + 30_000 > WAIT_BOUND_MS, "{waited}");
    }

    #[test]
    fn the_tally_counts_groups_and_a_retry_takes_only_what_failed() {
        let g = |id: &str| FollowUp::AddToGroup(ChosenGroup { id: id.into(), name: id.into() });
        let step = |follow_up, outcome| PlannedStep { follow_up, outcome: Some(outcome) };
        let steps = vec![
            step(g("a"), StepOutcome::Done),
            step(g("b"), StepOutcome::AlreadyDone),
            step(g("c"), StepOutcome::Failed(http(403, "no"))),
            step(FollowUp::SetProfile(ProfilePatch::default()), StepOutcome::NotVisibleYet(http(404, "no"))),
        ];
        let t = tally(&steps);
        assert_eq!((t.groups_done, t.groups, t.profile, t.profile_done, t.failed), (2, 3, true, false, 2));
        assert_eq!(to_retry(&steps), vec![2, 3]);
    }

    #[test]
    fn a_choice_takes_each_one_once_and_no_more_than_its_limit() {
        let g = |id: &str| ChosenGroup { id: id.into(), name: id.into() };
        let one = with_added(&[], g("a"), 2).unwrap();
        assert_eq!(with_added(&one, g("a"), 2), None, "already chosen");
        let two = with_added(&one, g("b"), 2).unwrap();
        assert_eq!(with_added(&two, g("c"), 2), None, "full");
        assert_eq!(without(&two, "a"), vec![g("b")]);
    }

    #[test]
    fn steps_without_their_permission_are_left_out() {
        let steps = vec![
            FollowUp::AddToGroup(ChosenGroup { id: "g".into(), name: "G".into() }),
            FollowUp::SetProfile(ProfilePatch::default()),
        ];
        assert_eq!(permitted(steps.clone(), &[]), steps, "not known yet: kept");
        let invite_only = vec!["https://graph.microsoft.com/User.Invite.All".to_string()];
        assert_eq!(permitted(steps.clone(), &invite_only), Vec::new());
        let groups = vec!["GroupMember.ReadWrite.All".to_string()];
        assert_eq!(permitted(steps.clone(), &groups), steps[..1].to_vec());
    }

    #[test]
    fn usage_location_is_an_assigned_two_letter_code() {
        assert_eq!(usage_location(" tw "), Ok("TW".into()));
        assert_eq!(usage_location("GB"), Ok("GB".into()));
        assert_eq!(usage_location("UK"), Err(UsageLocationProblem::UnknownCountry));
        assert_eq!(usage_location("USA"), Err(UsageLocationProblem::NotTwoLetters));
        assert_eq!(usage_location("1A"), Err(UsageLocationProblem::NotTwoLetters));
        let mut codes = ISO_3166_ALPHA_2.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 249);
    }
}
