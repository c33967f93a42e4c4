//! Rules for the guests list, pure: Graph's timestamps, how long an invitation has been pending, the
//! highlight threshold, the orders Graph cannot apply, the address a resend goes to, who may be deleted,
//! and whether the signed-in token may delete at all.

use super::inactivity::{activity, Activity};
use super::permission::{permission, Permission};
use crate::graph::guests::{Guest, Sponsor};
use crate::graph::values::ExternalUserState;

const DAY_MS: f64 = 86_400_000.0;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Milliseconds since the epoch of a Graph `DateTimeOffset` (`2025-03-01T10:15:00Z`, fractions and offsets
/// allowed), or `None` when it is not one.
pub fn parse_time(s: &str) -> Option<f64> {
    let s = s.trim();
    // Graph writes these in ASCII; anything else is not one, and byte slicing below stays on char boundaries.
    if !s.is_ascii() {
        return None;
    }
    let num =
        |r: std::ops::Range<usize>| s.get(r).filter(|t| t.bytes().all(|b| b.is_ascii_digit()))?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let seps = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if seps.iter().any(|&(i, c)| s.as_bytes().get(i).map(u8::to_ascii_uppercase) != Some(c)) {
        return None;
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut fraction = 0.0;
    if let Some(f) = rest.strip_prefix('.') {
        let digits = f.bytes().take_while(u8::is_ascii_digit).count();
        fraction = crate::web::decimal::parse(&format!("0.{}", &f[..digits]))?;
        rest = &f[digits..];
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) && &o[3..4] == ":" => {
            let (oh, om) = (o[1..3].parse::<i64>().ok()?, o[4..6].parse::<i64>().ok()?);
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    let seconds = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some(seconds as f64 * 1000.0 + fraction * 1000.0)
}

/// An instant as Graph writes it in a filter, to the second, in UTC.
pub fn format_time(ms: f64) -> String {
    let secs = (ms / 1000.0).floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The calendar date (UTC) of a Graph timestamp, `2025-03-01`, for the list's date columns.
pub fn date_of(s: &str) -> Option<String> {
    parse_time(s).map(|ms| format_time(ms)[..10].to_string())
}

/// The instant `days` days before `now_ms`, as a `createdDateTime le …` literal.
pub fn days_before(now_ms: f64, days: u32) -> String {
    format_time(now_ms - f64::from(days) * DAY_MS)
}

/// Whole days a pending invitation has waited: since the guest was invited (`createdDateTime`), the date
/// Graph can filter on. `None` for anyone not pending, or without a readable date.
pub fn pending_days(g: &Guest, now_ms: f64) -> Option<u32> {
    if g.external_user_state != Some(ExternalUserState::PendingAcceptance) {
        return None;
    }
    let invited = parse_time(g.created_date_time.as_deref()?)?;
    Some(((now_ms - invited).max(0.0) / DAY_MS).floor() as u32)
}

/// The highlight for a row: pending for more than `threshold_days`.
pub fn is_overdue(g: &Guest, now_ms: f64, threshold_days: u32) -> bool {
    pending_days(g, now_ms).is_some_and(|d| d > threshold_days)
}

/// The default highlight threshold, in days.
pub const DEFAULT_THRESHOLD_DAYS: u32 = 30;

/// The orders the list offers. Graph sorts users by name only; the others apply to the loaded pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// By display name, as Graph returns the pages.
    #[default]
    Name,
    /// Longest waiting first (oldest invitation).
    InvitedOldest,
    /// Newest invitation first.
    InvitedNewest,
}

impl SortOrder {
    /// True when the order is the app's, over the loaded pages only.
    pub fn is_local(self) -> bool {
        self != SortOrder::Name
    }
}

/// The loaded guests in this order (positions into `guests`). Guests without a date go last.
pub fn sorted(guests: &[Guest], order: SortOrder) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..guests.len()).collect();
    let invited = |i: usize| guests[i].created_date_time.as_deref().and_then(parse_time);
    match order {
        SortOrder::Name => {}
        SortOrder::InvitedOldest | SortOrder::InvitedNewest => idx.sort_by(|&a, &b| {
            let (x, y) = (invited(a), invited(b));
            match (x, y) {
                (Some(x), Some(y)) if order == SortOrder::InvitedOldest => x.total_cmp(&y),
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        }),
    }
    idx
}

/// The address a resend goes to: the guest's `mail`, else their first other address.
pub fn invite_address(g: &Guest) -> Option<&str> {
    g.mail
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .or_else(|| g.other_mails.iter().map(String::as_str).find(|m| !m.trim().is_empty()))
}

/// Whether a selected guest can be deleted from this page: invitations never accepted, and guests inactive by
/// the stated rule (`window_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteEligibility {
    NeverAccepted,
    Inactive,
    /// They accepted and are active, or their sign-ins are not known: they may be working with you, so the page
    /// does not remove them.
    Kept,
}

impl DeleteEligibility {
    pub fn may_delete(self) -> bool {
        self != DeleteEligibility::Kept
    }
}

pub fn delete_eligibility(g: &Guest, now_ms: f64, window_days: u32) -> DeleteEligibility {
    match activity(g, g.sign_in_activity.as_ref(), now_ms, window_days) {
        Activity::NeverAccepted => DeleteEligibility::NeverAccepted,
        a if a.is_inactive() => DeleteEligibility::Inactive,
        _ => DeleteEligibility::Kept,
    }
}

/// What is known of one guest's sponsors.
#[derive(Debug, Clone, PartialEq)]
pub enum SponsorsOf {
    Reading,
    Known(Vec<Sponsor>),
    Unreadable,
}

impl SponsorsOf {
    pub fn known(&self) -> Option<&[Sponsor]> {
        match self {
            SponsorsOf::Known(s) => Some(s),
            _ => None,
        }
    }
}

/// Which guests the list shows by their sponsors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SponsorFilter {
    #[default]
    Any,
    NoSponsor,
    /// Sponsored by the signed-in admin.
    Mine,
}

/// Whether a guest whose sponsors are `sponsors` (`None` until they are read) passes the filter; `me` is the
/// signed-in admin's object id. A guest whose sponsors are not known passes only "any".
pub fn sponsor_matches(filter: SponsorFilter, sponsors: Option<&[Sponsor]>, me: &str) -> bool {
    match (filter, sponsors) {
        (SponsorFilter::Any, _) => true,
        (_, None) => false,
        (SponsorFilter::NoSponsor, Some(s)) => s.is_empty(),
        (SponsorFilter::Mine, Some(s)) => !me.is_empty() && s.iter().any(|x| x.id == me),
    }
}

/// The delegated permission deleting users needs (https://learn.microsoft.com/graph/api/user-delete).
pub const DELETE_PERMISSION: &str = "User.ReadWrite.All";

/// Whether the signed-in token may delete users.
pub fn delete_permission(granted: &[String]) -> Permission {
    permission(granted, DELETE_PERMISSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guest(state: Option<ExternalUserState>, created: Option<&str>) -> Guest {
        Guest {
            id: "g".into(),
            external_user_state: state,
            created_date_time: created.map(String::from),
            ..Guest::default()
        }
    }

    #[test]
    fn reads_graph_timestamps() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_time("2025-03-01T10:15:00Z"), Some(1_740_824_100_000.0));
        assert_eq!(parse_time("2025-03-01T11:15:00.5+01:00"), Some(1_740_824_100_500.0));
        assert_eq!(parse_time("2024-02-29T00:00:00Z").map(format_time).as_deref(), Some("2024-02-29T00:00:00Z"));
        for bad in [
            "",
            "2025-13-01T00:00:00Z",
            "2025-03-01 10:15:00Z",
            "2025-03-01T10:15:00",
            "not a date",
            "2025-03-01T10:15:00+0100",
            "2025-03-01T10:15:00+0é00",
            "2025-03-01T10:15:00.é",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(date_of("2025-12-31T23:30:00-01:00").as_deref(), Some("2026-01-01"));
    }

    #[test]
    fn filter_literals_count_back_whole_days() {
        let now = parse_time("2026-11-29T12:00:00Z").unwrap();
        assert_eq!(days_before(now, 30), "2026-10-30T12:00:00Z");
        assert_eq!(days_before(now, 0), "2026-11-29T12:00:00Z");
    }

    #[test]
    fn pending_age_counts_from_the_invitation() {
        let now = parse_time("2026-11-29T12:00:00Z").unwrap();
        let pending = guest(Some(ExternalUserState::PendingAcceptance), Some("2026-10-15T13:00:00Z"));
        assert_eq!(pending_days(&pending, now), Some(44));
        assert!(is_overdue(&pending, now, 30));
        assert!(!is_overdue(&pending, now, 44), "more than the threshold, not equal");
        let accepted = guest(Some(ExternalUserState::Accepted), Some("2026-01-01T00:00:00Z"));
        assert_eq!(pending_days(&accepted, now), None);
        let undated = guest(Some(ExternalUserState::PendingAcceptance), None);
        assert_eq!(pending_days(&undated, now), None);
        assert!(!is_overdue(&undated, now, 0));
    }

    #[test]
    fn local_orders_put_undated_guests_last() {
        let gs = vec![
            guest(None, Some("2026-05-01T00:00:00Z")),
            guest(None, None),
            guest(None, Some("2026-01-01T00:00:00Z")),
            guest(None, Some("2026-09-01T00:00:00Z")),
        ];
        assert_eq!(sorted(&gs, SortOrder::Name), vec![0, 1, 2, 3]);
        assert_eq!(sorted(&gs, SortOrder::InvitedOldest), vec![2, 0, 3, 1]);
        assert_eq!(sorted(&gs, SortOrder::InvitedNewest), vec![3, 0, 2, 1]);
        assert!(SortOrder::InvitedNewest.is_local() && !SortOrder::Name.is_local());
    }

    #[test]
    fn resends_go_to_mail_then_other_mails() {
        let mut g =
            Guest { mail: Some("a@p.example".into()), other_mails: vec!["b@p.example".into()], ..Guest::default() };
        assert_eq!(invite_address(&g), Some("a@p.example"));
        g.mail = Some(" ".into());
        assert_eq!(invite_address(&g), Some("b@p.example"));
        g.other_mails.clear();
        assert_eq!(invite_address(&g), None);
    }

    #[test]
    fn only_pending_guests_are_deleted_and_only_with_the_permission() {
        let now = parse_time("2026-12-06T00:00:00Z").unwrap_or_default();
        let rule = |g: &Guest| delete_eligibility(g, now, 90);
        assert_eq!(rule(&guest(Some(ExternalUserState::PendingAcceptance), None)), DeleteEligibility::NeverAccepted);
        assert_eq!(rule(&guest(Some(ExternalUserState::Accepted), None)), DeleteEligibility::Kept, "no sign-in data");
        assert_eq!(rule(&guest(None, None)), DeleteEligibility::Kept);
        let signed_in = |when: &str| Guest {
            sign_in_activity: Some(crate::graph::guests::SignInActivity {
                last_sign_in_date_time: Some(when.into()),
                ..Default::default()
            }),
            ..guest(Some(ExternalUserState::Accepted), Some("2025-01-01T00:00:00Z"))
        };
        assert_eq!(rule(&signed_in("2026-08-01T00:00:00Z")), DeleteEligibility::Inactive);
        assert_eq!(rule(&signed_in("2026-12-05T00:00:00Z")), DeleteEligibility::Kept);
        assert!(!DeleteEligibility::Kept.may_delete() && DeleteEligibility::Inactive.may_delete());
        let granted = |s: &[&str]| delete_permission(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(granted(&[]), Permission::Unknown);
        assert_eq!(granted(&["https://graph.microsoft.com/User.Invite.All", "openid"]), Permission::Missing);
        assert_eq!(granted(&["https://graph.microsoft.com/User.ReadWrite.All"]), Permission::Granted);
        assert_eq!(granted(&["user.readwrite.all"]), Permission::Granted);
        assert_eq!(granted(&["https://graph.microsoft.com/User.ReadWrite.AllX"]), Permission::Missing);
    }

    #[test]
    fn the_sponsor_filter_passes_only_what_is_known() {
        let me = Sponsor { id: "me".into(), display_name: Some("Adele".into()) };
        let other = Sponsor { id: "o".into(), display_name: None };
        let pass = |f, s: Option<&[Sponsor]>| sponsor_matches(f, s, "me");
        assert!(pass(SponsorFilter::Any, None));
        assert!(!pass(SponsorFilter::NoSponsor, None) && !pass(SponsorFilter::Mine, None), "not read yet");
        assert!(pass(SponsorFilter::NoSponsor, Some(&[])));
        assert!(!pass(SponsorFilter::NoSponsor, Some(std::slice::from_ref(&other))));
        assert!(pass(SponsorFilter::Mine, Some(&[other.clone(), me])));
        assert!(!pass(SponsorFilter::Mine, Some(&[other])));
        assert!(!sponsor_matches(SponsorFilter::Mine, Some(&[]), ""), "no account, no match");
    }
}
