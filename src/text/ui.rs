//! The words of the views: headings, labels, hints and buttons, grouped by view.

use crate::graph::values::InvitationStatus;
use crate::onboarding::invitation_draft::Field;
use crate::routing::Route;

pub use crate::text::catalogue::words::app::*;


/// The page title, also announced to screen readers on navigation.
pub fn route_title(r: &Route) -> &'static str {
    match r {
        Route::Home => "Home",
        Route::Invite => "Invite a partner",
        Route::BulkInvite => "Invite from a file",
        Route::ConvertInternalUser => "Convert an internal user",
        Route::Guests => "Guests",
        Route::AccessPackages => "Access packages",
        Route::Join { .. } => "Request access",
        Route::Request { .. } => "Ask for access",
        Route::Review { .. } => "Review an access request",
        Route::PartnerWelcome { .. } => "You are invited",
        Route::NotFound { .. } => "Page not found",
    }
}

/// `document.title`.
pub fn document_title(route: &Route, org: &str) -> String {
    format!("{} · {org} guest onboarding", route_title(route))
}

pub fn support_contact(contact: &str) -> String {
    format!("Questions about this page? Contact {contact}.")
}

pub mod account {
    pub use crate::text::catalogue::words::account::*;
    pub fn tenant(id: &str) -> String {
        format!("tenant {id}")
    }
}

pub mod errors {
    pub use crate::text::catalogue::words::errors::*;
}

pub mod home {
    pub use crate::text::catalogue::words::home::*;
    pub fn title(org: &str) -> String {
        format!("Guest onboarding for {org}")
    }
}

pub mod not_found {
    pub use crate::text::catalogue::words::not_found::*;
}

/// Label, hint and the language list of the invitation fields.
pub mod fields {
    pub use crate::text::catalogue::words::fields::*;
    use super::Field;

    pub fn label(f: Field) -> &'static str {
        match f {
            Field::Email => "Email address",
            Field::DisplayName => "Display name",
            Field::RedirectUrl => "Redirect URL",
            Field::Language => "Message language",
            Field::Cc => "Cc recipient",
            Field::Message => "Personal message",
        }
    }

    /// The static hint; the message's hint is its character count.
    pub fn hint(f: Field) -> &'static str {
        match f {
            Field::Email => "The partner's own work or personal address.",
            Field::DisplayName => "Optional; how the guest appears in your directory.",
            Field::RedirectUrl => {
                "Where the partner lands after accepting. An https address (http only for localhost)."
            }
            Field::Language => "Microsoft ignores the language when you write a personal message below.",
            Field::Cc => "Optional. Microsoft supports only one cc recipient.",
            Field::Message => "Optional.",
        }
    }

    pub fn message_count(len: usize, max: usize) -> String {
        format!("Optional. {len} of {max} characters.")
    }

}

pub mod invite {
    pub use crate::text::catalogue::words::invite::*;
    pub fn intro(org: &str) -> String {
        format!("Invite someone from outside {org} as a guest. Microsoft can email the invitation, or you can hand the link over yourself.")
    }
}

pub mod result {
    pub use crate::text::catalogue::words::result::*;
    use crate::components::result_panel::Outcome;

    pub fn title(o: Outcome) -> &'static str {
        match o {
            Outcome::Created => "Invitation created",
            Outcome::Resent => "Invitation sent again",
            Outcome::Converted => "Converted to B2B collaboration",
            Outcome::RedemptionReset => "Redemption status reset",
        }
    }
    pub fn object_id_kept(id: &str) -> String {
        format!("The object ID stayed the same: {id}. Group memberships and app assignments are kept.")
    }
    pub fn email_sent(to: &str) -> String {
        format!("Microsoft sent the invitation email to {to}.")
    }
    pub fn credential_warning(email: &str) -> String {
        format!("Whoever opens it first can accept the invitation as this guest. Share it only with {email}, through a channel you trust. It is shown only now: Microsoft does not return it again.")
    }
    pub fn note_hint(max: usize) -> String {
        format!("Shown as plain text on the welcome page; at most {max} characters.")
    }
}

/// The invitation status as Graph sends it; a missing one is pending.
pub fn invitation_status(s: &Option<InvitationStatus>) -> String {
    s.as_ref().map(|s| s.as_graph_str().to_string()).unwrap_or_else(|| "PendingAcceptance".into())
}

pub mod convert {
    pub use crate::text::catalogue::words::convert::*;
    pub fn choose(name: &str, upn: &str) -> String {
        format!("Choose {name} ({upn})")
    }
    pub fn facts_title(name: &str) -> String {
        format!("2. {name}")
    }
    pub fn synced_from(upn: &str) -> String {
        format!("Yes ({upn})")
    }
    pub fn reset_explained(address: &str) -> String {
        format!("A reset keeps the object ID, group memberships and app assignments, and sends a new invitation to {address}. Whoever redeems the new link gets this account: type the user principal name to confirm.")
    }
    pub fn one_way(name: &str, upn: &str) -> String {
        format!("Converting is one-way: {name} will sign in with their own partner identity from now on, and the account cannot be turned back into an internal one. Type the user principal name, {upn}, to confirm.")
    }
}

pub mod partner {
    pub use crate::text::catalogue::words::partner::*;
    pub fn title(org: &str) -> String {
        format!("{org} invites you to collaborate")
    }
    pub fn intro(org: &str) -> String {
        format!("{org} has invited you as a guest, so that you can use the apps and files they share with you, signed in with your own account.")
    }
    pub fn steps(org: &str) -> [String; 4] {
        [
            "Choose \"Accept invitation\". Microsoft's sign-in page opens.".into(),
            "Sign in with the account the invitation was sent to (your work account, a Microsoft account, or a one-time code by email).".into(),
            format!("Review the permissions {org} asks for, and accept."),
            format!("You land on the page {org} chose for you."),
        ]
    }
}

pub mod bulk {
    pub use crate::text::catalogue::words::bulk::*;
    use crate::features::bulk::outcome::RowStatus;
    use crate::graph::batch::QueueSummary;

    pub fn loaded(name: &str, rows: usize) -> String {
        format!("{name}: {rows} {} read.", if rows == 1 { "row" } else { "rows" })
    }
    pub fn ignored_columns(cols: &str) -> String {
        format!("Columns not used: {cols}.")
    }
    pub fn counts(send: usize, invalid: usize, duplicate: usize, internal: usize) -> String {
        format!("{send} will be sent · {invalid} invalid · {duplicate} duplicate · {internal} internal")
    }
    pub fn page_of(first: usize, last: usize, total: usize) -> String {
        format!("Rows {first}–{last} of {total}")
    }
    pub fn send_button(n: usize, with_email: usize) -> String {
        let what = if n == 1 { "invitation" } else { "invitations" };
        match with_email {
            0 => format!("Send {n} {what} without email"),
            e if e == n => format!("Send {n} {what} and email each partner"),
            e => format!("Send {n} {what} ({e} with Microsoft's email)"),
        }
    }
    pub fn least_time(minutes: u64) -> String {
        format!("Microsoft Graph allows about 3,000 invitations per 2.5 minutes for this app, so this run takes at least {minutes} minutes.")
    }
    pub fn progress(s: &QueueSummary) -> String {
        let mut text = format!(
            "{} of {} done: {} sent, {} failed, {} waiting, {} throttled or retrying",
            s.finished(),
            s.total,
            s.succeeded,
            s.failed,
            s.waiting + s.in_flight,
            s.retrying
        );
        if s.unknown > 0 {
            text.push_str(&format!(", {} to check", s.unknown));
        }
        if s.not_sent > 0 {
            text.push_str(&format!(", {} not sent", s.not_sent));
        }
        text
    }
    /// Whole numbers only: formatting floats would add the float printer to the download.
    pub fn rate(per_minute: u64, left_s: u64) -> String {
        format!("{per_minute} per minute; about {} left", duration(left_s))
    }
    pub fn duration(s: u64) -> String {
        if s < 90 {
            format!("{s} seconds")
        } else {
            format!("{} minutes", s.div_ceil(60))
        }
    }
    pub fn title_progress(pct: u32) -> String {
        format!("{pct}% sent · ")
    }
    pub fn resume_note(file: &str) -> String {
        format!("A run from {file} stopped before it finished (the page was closed or reloaded). Resuming looks up the rows that may have gone out before it sends anything, so no partner is invited twice.")
    }
    pub fn resume(left: usize, total: usize) -> String {
        format!("Resume the unfinished run ({left} of {total} left)")
    }
    pub fn not_kept(why: &str) -> String {
        format!("This browser cannot keep the run ({why}), so a reload or a closed tab would lose the rows not yet sent. Keep this page open until the run ends.")
    }

    pub fn status(s: RowStatus) -> &'static str {
        match s {
            RowStatus::NotSent => "Not sent",
            RowStatus::Sent => "Sent",
            RowStatus::Confirmed => "Sent (confirmed by lookup)",
            RowStatus::Conflict => "Internal account",
            RowStatus::Failed => "Failed",
            RowStatus::Unknown => "Unknown",
        }
    }
}

pub mod guests {
    pub use crate::text::catalogue::words::guests::*;
    use crate::graph::values::ExternalUserState;
    use crate::onboarding::guest_rules::{DeletePermission, SortOrder, DELETE_PERMISSION};

    /// The invitation state in words; a value Graph adds later is shown as Microsoft sent it.
    pub fn state(s: Option<&ExternalUserState>) -> String {
        match s {
            Some(ExternalUserState::PendingAcceptance) => "Pending acceptance".into(),
            Some(ExternalUserState::Accepted) => "Accepted".into(),
            Some(other) => other.as_graph_str().to_string(),
            None => super::none().into(),
        }
    }

    pub fn only_older(days: u32) -> String {
        format!("Only guests invited more than {days} days ago")
    }
    pub fn sort_label(o: SortOrder) -> &'static str {
        match o {
            SortOrder::Name => "Name",
            SortOrder::InvitedOldest => "Waiting longest",
            SortOrder::InvitedNewest => "Newest invitation",
        }
    }
    pub fn local_sort_note(loaded: usize) -> String {
        format!("Microsoft Graph sorts guests by name only, so this order applies to the {loaded} guests loaded so far. Load the rest to sort them all.")
    }
    pub fn count(total: Option<u64>, shown: usize) -> String {
        let noun = |n: u64| if n == 1 { "guest" } else { "guests" };
        match total {
            Some(t) if t as usize > shown => format!("{t} {}, {shown} loaded", noun(t)),
            Some(t) => format!("{t} {}", noun(t)),
            None => format!("{shown} {}", noun(shown as u64)),
        }
    }
    pub fn select(name: &str) -> String {
        format!("Select {name}")
    }
    pub fn days(n: u32) -> String {
        format!("{n} {}", if n == 1 { "day" } else { "days" })
    }
    pub fn overdue(n: u32, threshold: u32) -> String {
        format!("{}, over {threshold}", days(n))
    }
    pub fn resend_one(name: &str) -> String {
        format!("Resend to {name}")
    }
    pub fn reset_one(name: &str) -> String {
        format!("Reset redemption for {name}")
    }
    pub fn selected(n: usize) -> String {
        format!("{n} selected")
    }
    pub fn resend_selected(n: usize) -> String {
        format!("Resend to {n} selected {}", if n == 1 { "guest" } else { "guests" })
    }
    pub fn delete_selected(n: usize) -> String {
        format!("Delete {n} selected {} who never accepted", if n == 1 { "guest" } else { "guests" })
    }
    pub fn accepted_skipped(n: usize) -> String {
        format!("{n} selected {} accepted and will not be deleted.", if n == 1 { "guest has" } else { "guests have" })
    }
    pub fn permission(p: DeletePermission) -> Option<String> {
        match p {
            DeletePermission::Granted => None,
            DeletePermission::Unknown => Some("Checking whether your sign-in may delete users…".into()),
            DeletePermission::Missing => Some(format!(
                "Deleting needs the delegated Microsoft Graph permission {DELETE_PERMISSION}, which this app does not ask for by default. To allow it: add {DELETE_PERMISSION} to the app registration's API permissions with admin consent, add it to \"scopes\" in config.json, and sign in again. You also need the User Administrator or Global Administrator role."
            )),
        }
    }
    pub fn type_count(n: usize) -> String {
        format!("Type {n} to confirm deleting {n} {}", if n == 1 { "guest" } else { "guests" })
    }
    pub fn confirm_delete(n: usize) -> String {
        format!("Delete {n} {} now", if n == 1 { "guest" } else { "guests" })
    }
    pub fn delete_progress(done: usize, total: usize, failed: usize) -> String {
        format!("{done} of {total} done, {failed} failed")
    }
}

pub mod access_packages {
    pub use crate::text::catalogue::words::access_packages::*;
    use crate::graph::values::RequestState;
    use crate::onboarding::access_package_rules::{PolicyAudience, Requestability};

    pub fn catalog(name: &str, external: bool) -> String {
        if external {
            format!("{name} (enabled for external users)")
        } else {
            format!("{name} (not enabled for external users)")
        }
    }
    pub fn audience(a: &PolicyAudience) -> String {
        match a {
            PolicyAudience::AllExternalUsers => "Who may request: any user from outside your organisation.".into(),
            PolicyAudience::AllConnectedOrganizations => "Who may request: users of any connected organisation.".into(),
            PolicyAudience::ConnectedOrganizations(names) if names.is_empty() => {
                "Who may request: users of specific connected organisations.".into()
            }
            PolicyAudience::ConnectedOrganizations(names) => format!("Who may request: users of {}.", names.join(", ")),
            PolicyAudience::InDirectoryOnly => "Who may request: people already in your directory only.".into(),
            PolicyAudience::AutomaticAssignment => "Assigned automatically; nobody requests it.".into(),
            PolicyAudience::Other(v) => format!("Who may request: {v} (as Microsoft reports it)."),
        }
    }
    pub fn self_request(yes: bool) -> &'static str {
        if yes {
            "People may request it themselves."
        } else {
            "Only administrators assign it."
        }
    }
    pub fn approval(yes: bool) -> &'static str {
        if yes {
            "Requests need approval."
        } else {
            "No approval needed."
        }
    }
    pub fn verdict(r: &Requestability) -> &'static str {
        match r {
            Requestability::Partners { approval: true, .. } => {
                "Partners from outside can request this package; an approver decides."
            }
            Requestability::Partners { approval: false, .. } => {
                "Partners from outside can request this package, and get it without approval."
            }
            Requestability::CatalogNotExternallyVisible => {
                "Partners cannot request this package: its catalog is not enabled for external users."
            }
            Requestability::InternalOnly => {
                "Partners cannot request this package: its policies are for people in your directory only."
            }
            Requestability::AssignedByAdministrators => {
                "Partners cannot request this package: its policy for outside users lets only administrators assign it."
            }
            Requestability::NoPolicy => "Partners cannot request this package: it has no assignment policy.",
        }
    }
    pub fn share(name: &str) -> String {
        format!("Share {name}")
    }
    pub fn requests(name: &str) -> String {
        format!("Requests for {name}")
    }
    pub fn share_heading(name: &str) -> String {
        format!("Share {name} with partners")
    }
    pub fn mail_subject(org: &str, name: &str) -> String {
        format!("{org}: request access to {name}")
    }
    pub fn mail_body(org: &str, name: &str, link: &str) -> String {
        format!("Hello,\n\n{org} would like to work with you. Request access to \"{name}\" here, signing in with your own work account:\n\n{link}\n\nOnce your request is approved, you are a guest of {org} with what the package grants.\n")
    }
    pub fn state(s: Option<&RequestState>) -> String {
        match s {
            Some(RequestState::Submitted) => "Submitted".into(),
            Some(RequestState::PendingApproval) => "Pending approval".into(),
            Some(RequestState::Delivering) => "Being delivered".into(),
            Some(RequestState::Delivered) => "Delivered".into(),
            Some(RequestState::DeliveryFailed) => "Delivery failed".into(),
            Some(RequestState::Denied) => "Denied".into(),
            Some(RequestState::Scheduled) => "Scheduled".into(),
            Some(RequestState::Canceled) => "Cancelled".into(),
            Some(RequestState::PartiallyDelivered) => "Partly delivered".into(),
            Some(RequestState::Unknown(v)) => v.clone(),
            None => super::none().into(),
        }
    }
}

pub mod join {
    pub use crate::text::catalogue::words::join::*;
    pub fn title(org: &str) -> String {
        format!("Request access at {org}")
    }
}

pub mod access_request {
    pub use crate::text::catalogue::words::access_request::*;
    use crate::onboarding::access_request::{RequestField, RequestProblem};

    pub fn contact_refused(domains: &str) -> String {
        format!("Partners' pages refuse this address: use one at {domains}.")
    }

    pub fn title(org: &str) -> String {
        format!("Ask {org} for access")
    }
    pub fn intro(org: &str, contact: &str) -> String {
        format!("Tell {org} who you are and why you need access. Your request goes by your own email to {contact}; nothing is sent from this page.")
    }
    pub fn label(f: RequestField) -> &'static str {
        match f {
            RequestField::Name => "Your name",
            RequestField::Email => "Your work email",
            RequestField::Company => "Company",
            RequestField::Reason => "Why you need access",
        }
    }
    pub fn problem(p: &RequestProblem) -> String {
        match p {
            RequestProblem::Missing(f) => format!("{} is required.", label(*f)),
            RequestProblem::TooLong { field, max } => format!("{} can have at most {max} characters.", label(*field)),
            // The partner reads this about their own address, so the admin-facing wording does not fit.
            RequestProblem::Email(crate::onboarding::email::EmailProblem::Empty) => {
                format!("{} is required.", label(RequestField::Email))
            }
            RequestProblem::Email(e) => crate::text::rules::email_problem(e),
        }
    }
    pub fn mail_subject(name: &str, company: &str) -> String {
        format!("Access request: {name} ({company})")
    }
    pub fn summary(name: &str, email: &str, company: &str, reason: &str, review: &str) -> String {
        format!("Name: {name}\nEmail: {email}\nCompany: {company}\nReason: {reason}\n\nReview and invite (for the organisation's administrators):\n{review}\n")
    }

}
