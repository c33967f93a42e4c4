//! The list as CSV: the columns shown, through the app's one formula-safe writer.

use crate::graph::guests::Guest;
use crate::rules::guest_rules::{date_of, format_time, pending_days, SponsorsOf};
use crate::rules::inactivity::last_sign_in_ms;
use crate::text::ui::guests as t;

/// The columns' names, in the reader's language.
pub fn header() -> [&'static str; 9] {
    [
        t::col_name(),
        t::col_email(),
        t::col_state(),
        t::col_invited(),
        t::col_changed(),
        t::col_pending_days(),
        t::col_last_sign_in(),
        t::col_sign_in_allowed(),
        t::col_sponsors(),
    ]
}

/// One guest as a CSV row; dates as `YYYY-MM-DD` (UTC), the state as Microsoft sent it.
pub fn row(g: &Guest, sponsors: Option<&SponsorsOf>, now_ms: f64) -> Vec<String> {
    let date = |d: &Option<String>| d.as_deref().and_then(date_of).unwrap_or_default();
    vec![
        g.display_name.clone().unwrap_or_default(),
        g.mail.clone().unwrap_or_default(),
        g.external_user_state.as_ref().map(|s| s.as_graph_str().to_string()).unwrap_or_default(),
        date(&g.created_date_time),
        date(&g.external_user_state_change_date_time),
        pending_days(g, now_ms).map(|d| d.to_string()).unwrap_or_default(),
        // Blank when not loaded or never; the date of the latest sign-in of any kind.
        g.sign_in_activity
            .as_ref()
            .and_then(last_sign_in_ms)
            .map(|ms| format_time(ms)[..10].to_string())
            .unwrap_or_default(),
        g.account_enabled.map(|e| e.to_string()).unwrap_or_default(),
        // Names between semicolons; blank when not read.
        sponsors
            .and_then(SponsorsOf::known)
            .map(|s| {
                s.iter().map(|x| x.display_name.clone().unwrap_or_else(|| x.id.clone())).collect::<Vec<_>>().join("; ")
            })
            .unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::values::ExternalUserState;
    use crate::rules::guest_rules::parse_time;
    use crate::web::csv_export;

    #[test]
    fn exports_what_the_list_shows_formula_safe() {
        let g = Guest {
            display_name: Some("=HYPERLINK(\"x\")".into()),
            mail: Some("a@p.example".into()),
            external_user_state: Some(ExternalUserState::PendingAcceptance),
            created_date_time: Some("2026-10-15T13:00:00Z".into()),
            external_user_state_change_date_time: Some("2026-10-15T13:00:00Z".into()),
            account_enabled: Some(false),
            sign_in_activity: Some(crate::graph::guests::SignInActivity {
                last_non_interactive_sign_in_date_time: Some("2026-11-20T08:00:00Z".into()),
                ..Default::default()
            }),
            ..Guest::default()
        };
        let now = parse_time("2026-11-29T12:00:00Z").unwrap_or_default();
        let sponsors = SponsorsOf::Known(vec![
            crate::graph::guests::Sponsor { id: "a".into(), display_name: Some("Adele Admin".into()) },
            crate::graph::guests::Sponsor { id: "b".into(), display_name: None },
        ]);
        let csv = csv_export::write(&header(), vec![row(&g, Some(&sponsors), now)]);
        assert_eq!(
            csv,
            "\u{feff}Name,Email,Invitation state,Invited on,State changed on,Pending for (days),Last sign-in,Sign-in allowed,Sponsors\r\n\"'=HYPERLINK(\"\"x\"\")\",a@p.example,PendingAcceptance,2026-10-15,2026-10-15,44,2026-11-20,false,Adele Admin; b\r\n"
        );
    }
}
