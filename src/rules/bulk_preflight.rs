//! The preflight of a bulk file: every row checked with the single form's rules (the same
//! [`InvitationDraft`] validation), duplicates within the file (case-insensitive, the first valid row kept), and
//! addresses on the tenant's own domains (internal accounts: conversion, not invitation). Nothing is sent.

use super::bulk_file::{BulkFile, BulkRow, Column};
use super::directory_names::{is_object_id, names_in, Lookup, NameLookups};
use super::email;
use super::follow_up::{
    refusal, ChosenGroup, GroupRefusal, InvitePlan, RoleAssignableGroups, GROUPS_PERMISSION, PROFILE_PERMISSION,
};
use super::invitation_draft::{ChosenPerson, FieldError, InvitationDraft};
use super::permission::{permission, Permission};
use std::collections::HashMap;

/// The form's settings above the table: they fill the columns a file leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkDefaults {
    pub redirect_url: String,
    pub send_email: bool,
    pub language: String,
    pub message: String,
    pub cc: String,
}

/// What the check knows of the directory: the file's group and sponsor names looked up, and what the
/// signed-in admin may do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectoryFacts {
    pub lookups: NameLookups,
    pub role_groups: RoleAssignableGroups,
    /// The scopes of the signed-in token (empty while not known).
    pub granted: Vec<String>,
}

/// Why a name in a `groups` or `sponsors` cell cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    Unknown,
    Ambiguous,
    NotLookedUp,
    Refused(GroupRefusal),
}

/// What is wrong with a row beyond the single form's field rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    /// `sendEmail` must say true or false.
    SendEmailNotYesNo(String),
    /// `userType` must be Guest or Member.
    UnknownUserType(String),
    Group(String, NameProblem),
    Sponsor(String, NameProblem),
    /// The row names groups, and the signed-in token lacks the permission to add members.
    GroupsNotPermitted,
    /// The row fills in profile columns, and the signed-in token lacks the permission to write them.
    ProfileNotPermitted,
}

/// What will happen to a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The invitation, and the groups and profile that follow it.
    Send(Box<InvitePlan>),
    Invalid {
        fields: Vec<FieldError>,
        cells: Vec<CellProblem>,
    },
    /// The address appeared first on this line; that row is the one sent.
    Duplicate {
        first_line: u64,
    },
    /// The address is on one of the tenant's own domains.
    Internal {
        domain: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowCheck {
    pub line: u64,
    pub email: String,
    pub display_name: String,
    pub verdict: Verdict,
}

impl RowCheck {
    pub fn is_problem(&self) -> bool {
        !matches!(self.verdict, Verdict::Send(_))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub send: usize,
    pub invalid: usize,
    pub duplicate: usize,
    pub internal: usize,
    /// Of the rows to send, how many ask Microsoft to email the partner.
    pub with_email: usize,
    /// The writes after the invitations: each group joined and each profile written.
    pub steps: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Preflight {
    pub rows: Vec<RowCheck>,
    pub counts: Counts,
}

impl Preflight {
    /// Each domain the rows to send go to, with its row count, most rows first.
    pub fn domains_to_send(&self) -> Vec<(String, usize)> {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for r in self.rows.iter().filter(|r| !r.is_problem()) {
            *counts.entry(email::domain(&r.email)).or_default() += 1;
        }
        let mut list: Vec<(String, usize)> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    }

    /// The invitations to send, with the line each came from and what follows each.
    pub fn to_send(&self) -> impl Iterator<Item = (u64, &InvitePlan)> {
        self.rows.iter().filter_map(|r| match &r.verdict {
            Verdict::Send(plan) => Some((r.line, plan.as_ref())),
            _ => None,
        })
    }
}

fn yes_no(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// The groups a row names, each found and allowed, or a problem per name.
fn groups_of(row: &BulkRow, facts: &DirectoryFacts, cells: &mut Vec<CellProblem>) -> Vec<ChosenGroup> {
    let names = row.get(Column::Groups).map(names_in).unwrap_or_default();
    if !names.is_empty() && permission(&facts.granted, GROUPS_PERMISSION) == Permission::Missing {
        cells.push(CellProblem::GroupsNotPermitted);
        return Vec::new();
    }
    let mut groups: Vec<ChosenGroup> = Vec::new();
    for name in names {
        let problem = match facts.lookups.group(&name) {
            Lookup::Found(g) => match refusal(&g, facts.role_groups) {
                None => {
                    // An id and a name of one group count once.
                    if !groups.iter().any(|c| c.id == g.id) {
                        groups.push(ChosenGroup::of(&g));
                    }
                    continue;
                }
                Some(r) => NameProblem::Refused(r),
            },
            // A name shaped like an id that matched nothing is an unknown id, never ambiguous.
            Lookup::Ambiguous if is_object_id(&name) => NameProblem::Unknown,
            Lookup::Ambiguous => NameProblem::Ambiguous,
            Lookup::Unknown => NameProblem::Unknown,
            Lookup::NotLookedUp => NameProblem::NotLookedUp,
        };
        cells.push(CellProblem::Group(name, problem));
    }
    groups
}

/// The sponsors a row names, each found once, or a problem per name.
fn sponsors_of(row: &BulkRow, facts: &DirectoryFacts, cells: &mut Vec<CellProblem>) -> Vec<ChosenPerson> {
    let mut sponsors: Vec<ChosenPerson> = Vec::new();
    for name in row.get(Column::Sponsors).map(names_in).unwrap_or_default() {
        let problem = match facts.lookups.sponsor(&name) {
            Lookup::Found(p) => {
                if !sponsors.iter().any(|s| s.id == p.id) {
                    sponsors.push(p);
                }
                continue;
            }
            Lookup::Unknown => NameProblem::Unknown,
            Lookup::Ambiguous => NameProblem::Ambiguous,
            Lookup::NotLookedUp => NameProblem::NotLookedUp,
        };
        cells.push(CellProblem::Sponsor(name, problem));
    }
    sponsors
}

fn check_row(row: &BulkRow, defaults: &BulkDefaults, facts: &DirectoryFacts) -> Verdict {
    let mut cells = Vec::new();
    let send_email = match row.get(Column::SendEmail) {
        None => defaults.send_email,
        Some(v) => yes_no(v).unwrap_or_else(|| {
            cells.push(CellProblem::SendEmailNotYesNo(v.to_string()));
            defaults.send_email
        }),
    };
    let member = match row.get(Column::UserType).map(str::to_ascii_lowercase).as_deref() {
        None | Some("guest") => false,
        Some("member") => true,
        Some(_) => {
            cells.push(CellProblem::UnknownUserType(row.get(Column::UserType).unwrap_or_default().to_string()));
            false
        }
    };
    let or_default = |c: Column, d: &str| row.get(c).unwrap_or(d).to_string();
    let draft = InvitationDraft {
        email: or_default(Column::Email, ""),
        display_name: or_default(Column::DisplayName, ""),
        redirect_url: or_default(Column::RedirectUrl, &defaults.redirect_url),
        send_email,
        language: or_default(Column::Language, &defaults.language),
        cc: or_default(Column::Cc, &defaults.cc),
        message: or_default(Column::Message, &defaults.message),
        member,
        groups: groups_of(row, facts, &mut cells),
        sponsors: sponsors_of(row, facts, &mut cells),
        given_name: or_default(Column::GivenName, ""),
        surname: or_default(Column::Surname, ""),
        job_title: or_default(Column::JobTitle, ""),
        company_name: or_default(Column::CompanyName, ""),
        department: or_default(Column::Department, ""),
        usage_location: or_default(Column::UsageLocation, ""),
        ..InvitationDraft::default()
    };
    if !draft.profile().is_empty() && permission(&facts.granted, PROFILE_PERMISSION) == Permission::Missing {
        cells.push(CellProblem::ProfileNotPermitted);
    }
    match draft.validate() {
        Ok(request) if cells.is_empty() => {
            Verdict::Send(Box::new(InvitePlan { request, follow_ups: draft.follow_ups() }))
        }
        Ok(_) => Verdict::Invalid { fields: Vec::new(), cells },
        Err(fields) => Verdict::Invalid { fields, cells },
    }
}

/// Checks every row; `own_domains` are the tenant's domains (lower case).
pub fn run(file: &BulkFile, defaults: &BulkDefaults, own_domains: &[String], facts: &DirectoryFacts) -> Preflight {
    let mut first_seen: HashMap<String, u64> = HashMap::with_capacity(file.rows.len());
    let mut counts = Counts::default();
    let rows = file
        .rows
        .iter()
        .map(|row| {
            let address = row.get(Column::Email).unwrap_or_default();
            let key = address.to_lowercase();
            let domain = email::domain(address);
            let verdict = if let Some(&first_line) = first_seen.get(&key) {
                Verdict::Duplicate { first_line }
            } else if own_domains.iter().any(|d| d.eq_ignore_ascii_case(&domain)) {
                Verdict::Internal { domain }
            } else {
                check_row(row, defaults, facts)
            };
            // Only a row that will be sent claims its address: a later, valid row with the address of a
            // broken one is the one to send.
            if matches!(verdict, Verdict::Send(_)) {
                first_seen.entry(key).or_insert(row.line);
            }
            match &verdict {
                Verdict::Send(plan) => {
                    counts.send += 1;
                    counts.with_email += usize::from(plan.request.send_invitation_message);
                    counts.steps += plan.follow_ups.len();
                }
                Verdict::Invalid { .. } => counts.invalid += 1,
                Verdict::Duplicate { .. } => counts.duplicate += 1,
                Verdict::Internal { .. } => counts.internal += 1,
            }
            RowCheck {
                line: row.line,
                email: address.to_string(),
                display_name: row.get(Column::DisplayName).unwrap_or_default().to_string(),
                verdict,
            }
        })
        .collect();
    Preflight { rows, counts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::invitations::InvitationRequest;
    use crate::rules::bulk_file::read;
    use crate::rules::invitation_draft::{Field, FieldProblem, MESSAGE_MAX};

    fn defaults() -> BulkDefaults {
        BulkDefaults {
            redirect_url: "https://myapps.microsoft.com/".into(),
            send_email: true,
            language: String::new(),
            message: String::new(),
            cc: String::new(),
        }
    }

    fn own() -> Vec<String> {
        vec!["contoso.onmicrosoft.com".into(), "contoso.com".into()]
    }

    #[test]
    fn good_bad_duplicate_and_internal_rows_are_told_apart() {
        let long = "x".repeat(MESSAGE_MAX + 1);
        let text = format!(
            "email,displayName,sendEmail,userType,message\n\
             kim@fabrikam.example,Kim,false,,\n\
             not-an-address,Nobody,,,\n\
             KIM@Fabrikam.example,Kim again,,,\n\
             pat@contoso.com,Pat,,,\n\
             lee@fabrikam.example,Lee,maybe,Owner,\n\
             ann@fabrikam.example,Ann,,member,{long}\n"
        );
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own(), &DirectoryFacts::default());
        assert_eq!(p.counts, Counts { send: 1, invalid: 3, duplicate: 1, internal: 1, with_email: 0, steps: 0 });
        let verdicts: Vec<&Verdict> = p.rows.iter().map(|r| &r.verdict).collect();
        let Verdict::Send(kim) = verdicts[0] else { panic!("{:?}", verdicts[0]) };
        let kim = &kim.request;
        assert!(!kim.send_invitation_message);
        assert_eq!(kim.invite_redirect_url, "https://myapps.microsoft.com/");
        assert!(matches!(verdicts[1], Verdict::Invalid { fields, .. } if fields[0].field == Field::Email));
        assert_eq!(verdicts[2], &Verdict::Duplicate { first_line: 2 });
        assert_eq!(verdicts[3], &Verdict::Internal { domain: "contoso.com".into() });
        assert_eq!(
            verdicts[4],
            &Verdict::Invalid {
                fields: vec![],
                cells: vec![
                    CellProblem::SendEmailNotYesNo("maybe".into()),
                    CellProblem::UnknownUserType("Owner".into())
                ]
            }
        );
        assert!(matches!(
            verdicts[5],
            Verdict::Invalid { fields, .. } if fields[0].problem == FieldProblem::MessageTooLong { len: MESSAGE_MAX + 1, max: MESSAGE_MAX }
        ));
        assert_eq!(p.rows.iter().filter(|r| r.is_problem()).count(), 5);
    }

    #[test]
    fn the_rows_to_send_are_counted_by_domain_most_first() {
        let text = "email\na@wwi.example\nb@fabrikam.example\nC@WWI.example\nbroken\na@wwi.example\n";
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own(), &DirectoryFacts::default());
        assert_eq!(p.domains_to_send(), vec![("wwi.example".to_string(), 2), ("fabrikam.example".to_string(), 1)]);
    }

    #[test]
    fn missing_columns_take_the_forms_defaults_and_file_values_win() {
        let d = BulkDefaults { language: "de-DE".into(), message: "Willkommen".into(), ..defaults() };
        let text = "email,redirectUrl,language\na@fabrikam.example,,\nb@fabrikam.example,https://fabrikam.example/start,fr-FR\n";
        let p = run(&read(text.as_bytes()).unwrap(), &d, &own(), &DirectoryFacts::default());
        let sent: Vec<&InvitationRequest> = p.to_send().map(|(_, plan)| &plan.request).collect();
        assert_eq!(sent[0].invite_redirect_url, "https://myapps.microsoft.com/");
        let info = sent[0].invited_user_message_info.as_ref().unwrap();
        assert_eq!(info.message_language.as_deref(), Some("de-DE"));
        assert_eq!(info.customized_message_body.as_deref(), Some("Willkommen"));
        assert_eq!(sent[1].invite_redirect_url, "https://fabrikam.example/start");
        assert_eq!(sent[1].invited_user_message_info.as_ref().unwrap().message_language.as_deref(), Some("fr-FR"));
        assert_eq!(p.counts.with_email, 2);
    }

    #[test]
    fn a_redirect_elsewhere_than_https_is_refused_per_row() {
        let text =
            "email,redirectUrl\na@fabrikam.example,javascript:alert(1)\nb@fabrikam.example,http://fabrikam.example/\n";
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own(), &DirectoryFacts::default());
        assert_eq!(p.counts.invalid, 2);
    }

    #[test]
    fn fifty_thousand_rows_with_bad_and_duplicate_ones() {
        let mut text = String::from("email,displayName\n");
        for i in 0..50_000 {
            match i % 50 {
                0 => text.push_str("broken-address,Bad\n"),
                3 => text.push_str(&format!("P{}@Fabrikam.example,Again\n", i - 1)),
                _ => text.push_str(&format!("p{i}@fabrikam.example,Partner {i}\n")),
            }
        }
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own(), &DirectoryFacts::default());
        assert_eq!((p.counts.send, p.counts.invalid, p.counts.duplicate), (48_000, 1_000, 1_000));
        assert_eq!(p.rows[3].verdict, Verdict::Duplicate { first_line: 4 });
    }

    fn group(id: &str, name: &str, rule: Option<&str>) -> crate::graph::groups::Group {
        crate::graph::groups::Group {
            id: id.into(),
            display_name: Some(name.into()),
            description: None,
            group_types: vec![],
            mail_enabled: Some(false),
            security_enabled: Some(true),
            membership_rule: rule.map(str::to_string),
            is_assignable_to_role: None,
            mail: None,
        }
    }

    fn facts(granted: &[&str]) -> DirectoryFacts {
        let mut lookups = NameLookups::default();
        let finance = group("6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e01", "Finance", None);
        lookups.groups.insert("finance".into(), Lookup::Found(finance.clone()));
        lookups.groups.insert("6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e01".into(), Lookup::Found(finance));
        lookups.groups.insert("sales".into(), Lookup::Found(group("g-sales", "Sales", None)));
        let dynamic = group("g-dyn", "All guests", Some("user.userType -eq \"Guest\""));
        lookups.groups.insert("all guests".into(), Lookup::Found(dynamic));
        lookups.groups.insert("twin".into(), Lookup::Ambiguous);
        lookups.groups.insert("0a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e99".into(), Lookup::Unknown);
        let lee = ChosenPerson { id: "u-lee".into(), name: "Lee".into(), detail: "lee@contoso.com".into() };
        lookups.sponsors.insert("lee@contoso.com".into(), Lookup::Found(lee));
        lookups.sponsors.insert("nobody@contoso.com".into(), Lookup::Unknown);
        DirectoryFacts {
            lookups,
            role_groups: RoleAssignableGroups::MayNotManage,
            granted: granted.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn groups_sponsors_and_profile_columns_become_the_invitation_and_its_steps() {
        use crate::rules::follow_up::FollowUp;
        let text = "email,groups,sponsors,jobTitle,usageLocation\n\
                    a@fabrikam.example,Finance; 6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e01 ;SALES,LEE@contoso.com,Buyer,tw\n\
                    b@fabrikam.example,All guests;Twin;0a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e99;Gone,nobody@contoso.com,,UK\n\
                    c@fabrikam.example,Finance,Lee@contoso.com,,\n";
        let all = ["GroupMember.ReadWrite.All", "User.ReadWrite.All"];
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own(), &facts(&all));
        let Verdict::Send(a) = &p.rows[0].verdict else { panic!("{:?}", p.rows[0].verdict) };
        assert_eq!(a.request.invited_user_sponsors.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["u-lee"]);
        let names: Vec<String> = a
            .follow_ups
            .iter()
            .map(|f| match f {
                FollowUp::AddToGroup(g) => g.name.clone(),
                FollowUp::SetProfile(p) => format!("{:?}/{:?}", p.job_title, p.usage_location),
            })
            .collect();
        assert_eq!(
            names,
            vec!["Finance", "Sales", "Some(\"Buyer\")/Some(\"TW\")"],
            "an id and a name of one group count once"
        );
        assert_eq!(p.counts.steps, 4, "row a: two groups and the profile; row c: one group (a sponsor is no step)");
        let Verdict::Invalid { fields, cells } = &p.rows[1].verdict else { panic!("{:?}", p.rows[1].verdict) };
        assert_eq!(
            cells,
            &vec![
                CellProblem::Group("All guests".into(), NameProblem::Refused(GroupRefusal::DynamicMembership)),
                CellProblem::Group("Twin".into(), NameProblem::Ambiguous),
                CellProblem::Group("0a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e99".into(), NameProblem::Unknown),
                CellProblem::Group("Gone".into(), NameProblem::NotLookedUp),
                CellProblem::Sponsor("nobody@contoso.com".into(), NameProblem::Unknown),
            ]
        );
        assert_eq!(fields.iter().map(|f| f.field).collect::<Vec<_>>(), vec![Field::UsageLocation]);
        // Without the permissions, a row that asks for groups or a profile is a problem, not half an onboarding.
        let invite_only = run(&read(text.as_bytes()).unwrap(), &defaults(), &own(), &facts(&["User.Invite.All"]));
        let Verdict::Invalid { cells, .. } = &invite_only.rows[0].verdict else { panic!() };
        assert_eq!(cells, &vec![CellProblem::GroupsNotPermitted, CellProblem::ProfileNotPermitted]);
        // A row with only sponsors needs neither.
        let sponsors_only = "email,sponsors\nd@fabrikam.example,lee@contoso.com\n";
        let p = run(&read(sponsors_only.as_bytes()).unwrap(), &defaults(), &own(), &facts(&["User.Invite.All"]));
        assert_eq!(p.counts.send, 1);
    }

    #[test]
    fn more_than_twenty_groups_or_five_sponsors_are_refused_with_the_row() {
        let mut f = facts(&[]);
        let mut names = Vec::new();
        for i in 0..21 {
            f.lookups.groups.insert(format!("g{i}"), Lookup::Found(group(&format!("id{i}"), &format!("G{i}"), None)));
            names.push(format!("g{i}"));
        }
        let text = format!("email,groups\na@fabrikam.example,{}\n", names.join(";"));
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own(), &f);
        let Verdict::Invalid { fields, .. } = &p.rows[0].verdict else { panic!("{:?}", p.rows[0].verdict) };
        assert_eq!(fields[0].field, Field::Groups);
    }
}
