//! The preflight of a bulk file: every row checked with the single form's rules (the same
//! [`InvitationDraft`] validation), duplicates within the file (case-insensitive, the first valid row kept), and
//! addresses on the tenant's own domains (internal accounts: conversion, not invitation). Nothing is sent.

use super::bulk_file::{BulkFile, BulkRow, Column};
use super::email;
use super::invitation_draft::{FieldError, InvitationDraft};
use crate::graph::invitations::InvitationRequest;
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

/// What is wrong with a row beyond the single form's field rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    /// `sendEmail` must say true or false.
    SendEmailNotYesNo(String),
    /// `userType` must be Guest or Member.
    UnknownUserType(String),
}

/// What will happen to a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Send(Box<InvitationRequest>),
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Preflight {
    pub rows: Vec<RowCheck>,
    pub counts: Counts,
}

impl Preflight {
    /// The invitations to send, with the line each came from.
    pub fn to_send(&self) -> impl Iterator<Item = (u64, &InvitationRequest)> {
        self.rows.iter().filter_map(|r| match &r.verdict {
            Verdict::Send(req) => Some((r.line, req.as_ref())),
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

fn check_row(row: &BulkRow, defaults: &BulkDefaults) -> Verdict {
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
        ..InvitationDraft::default()
    };
    match draft.validate() {
        Ok(req) if cells.is_empty() => Verdict::Send(Box::new(req)),
        Ok(_) => Verdict::Invalid { fields: Vec::new(), cells },
        Err(fields) => Verdict::Invalid { fields, cells },
    }
}

/// Checks every row; `own_domains` are the tenant's domains (lower case).
pub fn run(file: &BulkFile, defaults: &BulkDefaults, own_domains: &[String]) -> Preflight {
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
                check_row(row, defaults)
            };
            // Only a row that will be sent claims its address: a later, valid row with the address of a
            // broken one is the one to send.
            if matches!(verdict, Verdict::Send(_)) {
                first_seen.entry(key).or_insert(row.line);
            }
            match &verdict {
                Verdict::Send(req) => {
                    counts.send += 1;
                    counts.with_email += usize::from(req.send_invitation_message);
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
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own());
        assert_eq!(p.counts, Counts { send: 1, invalid: 3, duplicate: 1, internal: 1, with_email: 0 });
        let verdicts: Vec<&Verdict> = p.rows.iter().map(|r| &r.verdict).collect();
        let Verdict::Send(kim) = verdicts[0] else { panic!("{:?}", verdicts[0]) };
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
    fn missing_columns_take_the_forms_defaults_and_file_values_win() {
        let d = BulkDefaults { language: "de-DE".into(), message: "Willkommen".into(), ..defaults() };
        let text = "email,redirectUrl,language\na@fabrikam.example,,\nb@fabrikam.example,https://fabrikam.example/start,fr-FR\n";
        let p = run(&read(text.as_bytes()).unwrap(), &d, &own());
        let sent: Vec<&InvitationRequest> = p.to_send().map(|(_, r)| r).collect();
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
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own());
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
        let p = run(&read(text.as_bytes()).unwrap(), &defaults(), &own());
        assert_eq!((p.counts.send, p.counts.invalid, p.counts.duplicate), (48_000, 1_000, 1_000));
        assert_eq!(p.rows[3].verdict, Verdict::Duplicate { first_line: 4 });
    }
}
