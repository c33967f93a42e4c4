//! The words of the views: headings, labels, hints and buttons, grouped by view.

use crate::graph::values::InvitationStatus;
use crate::onboarding::invitation_draft::Field;
use crate::routing::Route;

pub const APP_NAME: &str = "Guest onboarding portal";
pub const LOADING: &str = "Loading…";
pub const SKIP_LINK: &str = "Skip to content";
pub const FRAMED: &str = "This page cannot be shown inside another page. Open its address in a tab of its own.";
pub const DEVELOPMENT_BANNER: &str =
    "Development settings: not for production. This page may talk to a local stand-in for Microsoft.";
pub const ADMIN_NAV: &str = "Admin";
pub const SIGNING_IN: &str = "Signing in…";
pub const NONE: &str = "—";

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
    pub const SIGN_IN: &str = "Sign in";
    pub const SIGN_IN_AGAIN: &str = "Sign in again";
    pub const SWITCH: &str = "Switch account";
    pub const SIGN_OUT: &str = "Sign out";
    pub const TENANT_ID: &str = "Tenant ID";
    pub fn tenant(id: &str) -> String {
        format!("tenant {id}")
    }
    pub const OPEN_ADMIN_CONSENT: &str = "Open the admin consent page";
    pub const SIGN_IN_TO_CONTINUE: &str = "Sign in to continue";
    pub const SIGN_IN_NEEDED: &str =
        "Sign in with your work account to continue. You need a role that may invite guests, such as Guest Inviter.";
}

pub mod errors {
    pub const WHAT_TO_DO: &str = "What to do";
}

pub mod home {
    pub fn title(org: &str) -> String {
        format!("Guest onboarding for {org}")
    }
    pub const INTRO: &str = "Invite partners to collaborate with your organisation, one at a time or from a file, hand them their redeem link yourself, follow up on the guests who have not accepted, let partners request access themselves, and convert existing internal accounts to B2B collaboration.";
    pub const TENANT: &str = "Tenant";
    pub const SIGN_IN_SERVICE: &str = "Sign-in service";
    pub const WHAT_YOU_CAN_DO: &str = "What you can do";
    pub const CHECKING_ROLES: &str = "Checking your roles…";
}

pub mod not_found {
    pub const BEFORE: &str = "There is no page at ";
    pub const AFTER: &str = ". The link may be mistyped or out of date.";
    pub const HOME_LINK: &str = "Go to the start page";
}

/// Label, hint and the language list of the invitation fields.
pub mod fields {
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

    pub const SEND_EMAIL: &str = "Send invitation email";
    pub const SEND_EMAIL_HINT: &str =
        "Microsoft sends the email from invites@microsoft.com. Switch it off to share the link through your own channel.";
    pub const EMAIL_SETTINGS: &str = "Invitation email";
    pub const DEFAULT_LANGUAGE: &str = "Default (English, United States)";
}

pub mod invite {
    pub const TITLE: &str = "Invite a partner";
    pub fn intro(org: &str) -> String {
        format!("Invite someone from outside {org} as a guest. Microsoft can email the invitation, or you can hand the link over yourself.")
    }
    pub const USER_TYPE: &str = "User type";
    pub const GUEST: &str = "Guest";
    pub const MEMBER: &str = "Member";
    pub const MEMBER_HINT: &str = "Members get the same default access as employees. Only a Global Administrator or User Administrator may invite Members.";
    pub const SEND: &str = "Send invitation";
    pub const SENDING: &str = "Sending…";
    pub const SENDING_STATUS: &str =
        "Sending the invitation… (if Microsoft Graph is busy, it is retried automatically)";
}

pub mod result {
    use crate::components::result_panel::Outcome;

    pub fn title(o: Outcome) -> &'static str {
        match o {
            Outcome::Created => "Invitation created",
            Outcome::Resent => "Invitation sent again",
            Outcome::Converted => "Converted to B2B collaboration",
            Outcome::RedemptionReset => "Redemption status reset",
        }
    }
    pub const RESENT_NOTE: &str =
        "This address had been invited before: the same guest account was kept, and this is a new redeem link.";
    pub fn object_id_kept(id: &str) -> String {
        format!("The object ID stayed the same: {id}. Group memberships and app assignments are kept.")
    }
    pub const STATUS: &str = "Status";
    pub const USER_ID: &str = "Invited user ID";
    pub const ADDRESS: &str = "Invited address";
    pub const EMAIL: &str = "Invitation email";
    pub fn email_sent(to: &str) -> String {
        format!("Microsoft sent the invitation email to {to}.")
    }
    pub const EMAIL_NOT_SENT: &str = "Not sent: hand the link over yourself, below.";
    pub const HANDOVER: &str = "Hand over the invitation";
    pub const CREDENTIAL: &str = "This link is a credential. ";
    pub fn credential_warning(email: &str) -> String {
        format!("Whoever opens it first can accept the invitation as this guest. Share it only with {email}, through a channel you trust. It is shown only now: Microsoft does not return it again.")
    }
    pub const REDEEM_LINK: &str = "Redeem link";
    pub const COPY_LINK: &str = "Copy link";
    pub const QR_LABEL: &str = "QR code of the redeem link";
    pub const QR_CAPTION: &str = "Scan to open the redeem link.";
    pub const NOTE_LABEL: &str = "Note for the partner (optional)";
    pub fn note_hint(max: usize) -> String {
        format!("Shown as plain text on the welcome page; at most {max} characters.")
    }
    pub const PARTNER_LINK: &str = "Partner link";
    pub const COPY_PARTNER_LINK: &str = "Copy partner link";
    pub const PARTNER_LINK_HINT: &str = "The partner link opens this app's welcome page, which explains who invites them and what happens next. Its contents stay in the link's #fragment, which web servers never see.";
    pub const EMAIL_YOURSELF: &str = "Email it yourself";
    pub const COPIED: &str = "Copied.";
    pub const COPY_REFUSED: &str =
        "Your browser did not allow copying: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.";
}

/// The invitation status as Graph sends it; a missing one is pending.
pub fn invitation_status(s: &Option<InvitationStatus>) -> String {
    s.as_ref().map(|s| s.as_graph_str().to_string()).unwrap_or_else(|| "PendingAcceptance".into())
}

pub mod convert {
    pub const TITLE: &str = "Convert an internal user";
    pub const INTRO: &str = "Let a partner who has an internal account in your directory sign in with their own identity instead, while their object ID, user principal name, group memberships and app assignments stay. The conversion is one-way.";
    pub const FIND: &str = "1. Find the user";
    pub const SEARCH: &str = "Find a user";
    pub const SEARCH_HINT: &str = "Type at least two letters of the name, email or user principal name.";
    pub const SEARCHING: &str = "Searching…";
    pub const NO_MATCH: &str = "No internal user matches.";
    pub const SHOW_MORE: &str = "Show more users";
    pub fn choose(name: &str, upn: &str) -> String {
        format!("Choose {name} ({upn})")
    }
    pub const LOADING_USER: &str = "Loading the user…";
    pub fn facts_title(name: &str) -> String {
        format!("2. {name}")
    }
    pub const UPN: &str = "User principal name";
    pub const OBJECT_ID: &str = "Object ID";
    pub const USER_TYPE: &str = "User type";
    pub const CREATION_TYPE: &str = "Creation type";
    pub const NO_CREATION_TYPE: &str = "none (a work account)";
    pub const MAIL: &str = "Mail";
    pub const OTHER_MAILS: &str = "Other emails";
    pub const SYNCED: &str = "Synced from on-premises";
    pub fn synced_from(upn: &str) -> String {
        format!("Yes ({upn})")
    }
    pub const CLOUD_ONLY: &str = "No, cloud-only";
    pub const EXCHANGE: &str = "Exchange licence";
    pub const ASSIGNED: &str = "Assigned";
    pub const NO_LICENCE: &str = "None";
    pub const ADDRESS: &str = "3. Invitation address";
    pub const SEND_TO: &str = "Send the invitation to";
    pub const PREFLIGHT: &str = "4. Preflight";
    pub const NO_BLOCKER: &str = "No blocker found: this user can be converted.";
    pub const CANNOT_CONVERT: &str = "This user cannot be converted";
    pub fn reset_explained(address: &str) -> String {
        format!("A reset keeps the object ID, group memberships and app assignments, and sends a new invitation to {address}. Whoever redeems the new link gets this account: type the user principal name to confirm.")
    }
    pub const RESET: &str = "Reset redemption status";
    pub const BEFORE_YOU_CONVERT: &str = "Before you convert";
    pub const CONFIRM: &str = "5. Confirm";
    pub fn one_way(name: &str, upn: &str) -> String {
        format!("Converting is one-way: {name} will sign in with their own partner identity from now on, and the account cannot be turned back into an internal one. Type the user principal name, {upn}, to confirm.")
    }
    pub const TYPE_UPN: &str = "Type the user principal name to confirm";
    pub const CONVERT: &str = "Convert to external user";
    pub const CONVERTING: &str = "Converting…";
    pub const CANCEL: &str = "Cancel";
}

pub mod partner {
    pub const BROKEN_TITLE: &str = "This invitation link doesn't work";
    pub const ASK_AGAIN: &str = "Ask the person who invited you to send the link again, complete and unchanged.";
    pub fn title(org: &str) -> String {
        format!("{org} invites you to collaborate")
    }
    pub fn intro(org: &str) -> String {
        format!("{org} has invited you as a guest, so that you can use the apps and files they share with you, signed in with your own account.")
    }
    pub const NOTE_FROM: &str = "A note from the person who sent you this link:";
    pub const NEXT: &str = "What happens next";
    pub fn steps(org: &str) -> [String; 4] {
        [
            "Choose \"Accept invitation\". Microsoft's sign-in page opens.".into(),
            "Sign in with the account the invitation was sent to (your work account, a Microsoft account, or a one-time code by email).".into(),
            format!("Review the permissions {org} asks for, and accept."),
            format!("You land on the page {org} chose for you."),
        ]
    }
    pub const ACCEPT: &str = "Accept invitation";
    pub const UNSAFE: &str = "This link cannot be opened safely";
    pub const NOTHING_OPENED: &str = "Nothing was opened. Ask the person who invited you for a new link.";
}

pub mod bulk {
    use crate::features::bulk::outcome::RowStatus;
    use crate::graph::batch::QueueSummary;

    pub const TITLE: &str = "Invite from a file";
    pub const INTRO: &str = "Invite many partners at once from a CSV file: the Entra admin center's bulk-invite template works unchanged, and so does a plain header (email, displayName, redirectUrl, sendEmail, message, language, cc, userType). Nothing is sent until you press the send button below the check.";
    pub const FILE_HEADING: &str = "1. The file";
    pub const CHOOSE_FILE: &str = "CSV file";
    pub const CHOOSE_HINT: &str = "Choose a .csv file, or drop it on this box.";
    pub const DROP_ZONE: &str = "Drop a CSV file here";
    pub const PASTE: &str = "Or paste the rows";
    pub const PASTE_HINT: &str = "With the header line first, as in the file.";
    pub const CHECK_PASTED: &str = "Check the pasted rows";
    pub const DOWNLOAD_TEMPLATE: &str = "Download template";
    pub const PASTED_NAME: &str = "pasted rows";
    pub const READING: &str = "Reading the file…";
    pub fn loaded(name: &str, rows: usize) -> String {
        format!("{name}: {rows} {} read.", if rows == 1 { "row" } else { "rows" })
    }
    pub fn ignored_columns(cols: &str) -> String {
        format!("Columns not used: {cols}.")
    }
    pub const DEFAULTS_HEADING: &str = "2. Settings for rows that leave them out";
    pub const DEFAULTS_HINT: &str = "A value in the file wins over these.";
    pub const CHECK_HEADING: &str = "3. Check";
    pub fn counts(send: usize, invalid: usize, duplicate: usize, internal: usize) -> String {
        format!("{send} will be sent · {invalid} invalid · {duplicate} duplicate · {internal} internal")
    }
    pub const PROBLEMS_ONLY: &str = "Show problems only";
    pub const COL_LINE: &str = "Line";
    pub const COL_EMAIL: &str = "Email";
    pub const COL_NAME: &str = "Display name";
    pub const COL_WHAT: &str = "What will happen";
    pub const COL_STATUS: &str = "Status";
    pub const COL_USER_ID: &str = "User ID";
    pub const COL_REDEEM: &str = "Redeem link";
    pub const COL_DETAIL: &str = "Details";
    pub const PREVIOUS: &str = "Previous rows";
    pub const NEXT: &str = "Next rows";
    pub fn page_of(first: usize, last: usize, total: usize) -> String {
        format!("Rows {first}–{last} of {total}")
    }
    pub const NO_PROBLEMS: &str = "No problems: every row can be sent.";
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
    pub const CONCURRENCY: &str = "Batches in flight";
    pub const CONCURRENCY_HINT: &str =
        "Each batch carries 20 invitations. More goes faster until Microsoft Graph throttles.";
    pub const RUN_HEADING: &str = "4. Sending";
    pub const PROGRESS_LABEL: &str = "Invitations processed";
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
    pub const PAUSE: &str = "Pause";
    pub const RESUME: &str = "Resume";
    pub const CANCEL: &str = "Cancel the run";
    pub const PAUSED: &str = "Paused: nothing more is sent until you resume.";
    pub const CANCELLING: &str = "Cancelling: the batches already out finish, nothing else is sent.";
    pub const LEAVE_WARNING: &str =
        "Leaving or reloading this page stops the run; when you come back to this page, it offers to resume.";
    pub const RESULTS_HEADING: &str = "Results";
    pub const RETRY_FAILED: &str = "Retry failed rows";
    pub const EXPORT: &str = "Export results (CSV)";
    pub const EXPORT_FILE_NAME: &str = "bulk-invitation-results.csv";
    pub const CREDENTIAL_WARNING: &str = "The export holds redeem links, which are credentials: anyone with a link can accept that invitation. Share or store it as you would a password.";
    pub const START_OVER: &str = "Start over with another file";
    pub const RESUME_TITLE: &str = "An unfinished run";
    pub fn resume_note(file: &str) -> String {
        format!("A run from {file} stopped before it finished (the page was closed or reloaded). Resuming looks up the rows that may have gone out before it sends anything, so no partner is invited twice.")
    }
    pub fn resume(left: usize, total: usize) -> String {
        format!("Resume the unfinished run ({left} of {total} left)")
    }
    pub const DISCARD: &str = "Discard";
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
    pub const CONFIRMED_DETAIL: &str = "The answer was lost on the way back; the guest exists, so the invitation went out. Its redeem link is not known here.";
    pub const CONFLICT_DETAIL: &str = "An internal account holds this address: convert that user instead of inviting.";
    pub const UNKNOWN_DETAIL: &str = "The answer was lost and the check could not tell whether the invitation went out. Look the address up before sending it again.";
}

pub mod guests {
    use crate::graph::values::ExternalUserState;
    use crate::onboarding::guest_rules::{DeletePermission, SortOrder, DELETE_PERMISSION};

    /// The invitation state in words; a value Graph adds later is shown as Microsoft sent it.
    pub fn state(s: Option<&ExternalUserState>) -> String {
        match s {
            Some(ExternalUserState::PendingAcceptance) => "Pending acceptance".into(),
            Some(ExternalUserState::Accepted) => "Accepted".into(),
            Some(other) => other.as_graph_str().to_string(),
            None => super::NONE.into(),
        }
    }

    pub const TITLE: &str = "Guests";
    pub const INTRO: &str = "Who was invited, who has not accepted yet, and the follow-ups: send an invitation again with a fresh link, reset a guest's redemption, or remove invitations nobody accepted.";
    pub const SHOW: &str = "Show";
    pub const PENDING: &str = "Not accepted yet";
    pub const ACCEPTED: &str = "Accepted";
    pub const ALL: &str = "All guests";
    pub const SEARCH: &str = "Search by name or email";
    pub const SEARCH_HINT: &str = "The start of a name or an address.";
    pub const THRESHOLD: &str = "Highlight invitations pending longer than (days)";
    pub fn only_older(days: u32) -> String {
        format!("Only guests invited more than {days} days ago")
    }
    pub const SORT: &str = "Sort by";
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
    pub const LOADING: &str = "Loading guests…";
    pub fn count(total: Option<u64>, shown: usize) -> String {
        let noun = |n: u64| if n == 1 { "guest" } else { "guests" };
        match total {
            Some(t) if t as usize > shown => format!("{t} {}, {shown} loaded", noun(t)),
            Some(t) => format!("{t} {}", noun(t)),
            None => format!("{shown} {}", noun(shown as u64)),
        }
    }
    pub const NONE_FOUND: &str = "No guests match.";
    pub const LOAD_MORE: &str = "Load more guests";
    pub const COL_SELECT: &str = "Select";
    pub const COL_NAME: &str = "Name";
    pub const COL_EMAIL: &str = "Email";
    pub const COL_STATE: &str = "Invitation state";
    pub const COL_INVITED: &str = "Invited on";
    pub const COL_CHANGED: &str = "State changed on";
    pub const COL_PENDING: &str = "Pending for";
    pub const COL_ACTIONS: &str = "Actions";
    pub const COL_PENDING_DAYS: &str = "Pending for (days)";
    pub const COL_USER_ID: &str = "User ID";
    pub const COL_RESULT: &str = "Result";
    pub const COL_DETAILS: &str = "Details";
    pub fn select(name: &str) -> String {
        format!("Select {name}")
    }
    pub const SELECT_ALL: &str = "Select all loaded guests";
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
    pub const NO_ADDRESS: &str = "No email address to send to";
    pub const SETTINGS: &str = "Settings for resends";
    pub const SETTINGS_HINT: &str =
        "Used by every resend from this page. Graph answers a resend with the same guest and a fresh redeem link.";
    pub const EXPORT: &str = "Export the list (CSV)";
    pub const EXPORT_FILE_NAME: &str = "guests.csv";
    pub const SELECTION_HEADING: &str = "Selected guests";
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
    pub const RECYCLE_BIN: &str = "Deleted users go to the directory's recycle bin (Deleted users in the Entra admin center) for 30 days, where they can be restored; after that they are gone for good. Their redeem links stop working at once.";
    pub fn type_count(n: usize) -> String {
        format!("Type {n} to confirm deleting {n} {}", if n == 1 { "guest" } else { "guests" })
    }
    pub fn confirm_delete(n: usize) -> String {
        format!("Delete {n} {} now", if n == 1 { "guest" } else { "guests" })
    }
    pub const CANCEL: &str = "Cancel";
    pub const DELETE_HEADING: &str = "Deletion";
    pub fn delete_progress(done: usize, total: usize, failed: usize) -> String {
        format!("{done} of {total} done, {failed} failed")
    }
    pub const DELETED: &str = "Deleted";
    pub const ALREADY_GONE: &str = "Already deleted";
    pub const DELETE_FAILED: &str = "Not deleted";
    pub const DELETE_UNKNOWN: &str = "Unknown: the answer was lost. Reload the list to see.";
    pub const DELETE_NOT_SENT: &str = "Not sent (cancelled)";
    pub const DELETE_EXPORT_FILE_NAME: &str = "guest-deletions.csv";
    pub const EXPORT_DELETIONS: &str = "Export the deletion results (CSV)";
    pub const RESET_HEADING: &str = "Reset redemption";
    pub const RESET_NOTE: &str = "The guest must redeem again, for example with another identity. Their object ID, group memberships and app assignments stay. Helpdesk Administrator is the least-privileged role that may do this; User Administrator and Global Administrator may too.";
    pub const RESET_NO_ROLE: &str = "Your roles do not include Helpdesk Administrator, User Administrator or Global Administrator, so Microsoft will refuse the reset.";
    pub const RESET: &str = "Reset redemption and create a new link";
    pub const RESENDS_HEADING: &str = "Resends";
    pub const RESENDING: &str = "Sending…";
}

pub mod access_packages {
    use crate::graph::values::RequestState;
    use crate::onboarding::access_package_rules::{PolicyAudience, Requestability};

    pub const TITLE: &str = "Access packages";
    pub const INTRO: &str = "Let partners sign themselves up: they request an access package in Microsoft's My Access portal, and once approved they become guests with the groups, apps and sites the package grants. Share a package that partners can request with its My Access link or this app's join page.";
    pub const LOADING: &str = "Loading access packages…";
    pub const NONE: &str = "There are no access packages you can read. Entitlement management needs Microsoft Entra ID Governance (or P2) licences, and a role such as Identity Governance Administrator, or catalog ownership.";
    pub const CATALOG: &str = "Catalog";
    pub fn catalog(name: &str, external: bool) -> String {
        if external {
            format!("{name} (enabled for external users)")
        } else {
            format!("{name} (not enabled for external users)")
        }
    }
    pub const HIDDEN: &str = "Hidden in My Access: only people with its link find it.";
    pub const POLICIES: &str = "Assignment policies";
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
    pub const MY_ACCESS_LINK: &str = "My Access link";
    pub const JOIN_LINK: &str = "Join page (this app)";
    pub const JOIN_HINT: &str = "A page in your organisation's name that explains the steps, then opens My Access.";
    pub const COPY: &str = "Copy link";
    pub const EMAIL_IT: &str = "Email it yourself";
    pub const QR: &str = "QR code of the My Access link";
    pub const NO_MY_ACCESS: &str =
        "Microsoft documents no My Access address for this cloud, so this page cannot build a link.";
    pub fn mail_subject(org: &str, name: &str) -> String {
        format!("{org}: request access to {name}")
    }
    pub fn mail_body(org: &str, name: &str, link: &str) -> String {
        format!("Hello,\n\n{org} would like to work with you. Request access to \"{name}\" here, signing in with your own work account:\n\n{link}\n\nOnce your request is approved, you are a guest of {org} with what the package grants.\n")
    }
    pub const REQUESTS_HEADING: &str = "Requests in flight";
    pub const REQUESTS_NOTE: &str =
        "Read-only. Approvers decide in My Access (Approvals); this page only shows where each request stands.";
    pub const OPEN_MY_ACCESS: &str = "Open My Access";
    pub const NO_REQUESTS: &str = "No requests for this package.";
    pub const COL_WHO: &str = "Who";
    pub const COL_WHEN: &str = "Requested on";
    pub const COL_STATE: &str = "State";
    pub const COL_DETAIL: &str = "Details from Microsoft";
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
            None => super::NONE.into(),
        }
    }
}

pub mod join {
    pub fn title(org: &str) -> String {
        format!("Request access at {org}")
    }
    pub const FROM_LINK: &str = "About this access package, as written in the link you received:";
    pub const STEPS_HEADING: &str = "What happens";
    pub const STEP_SIGN_IN: &str = "You sign in to Microsoft's My Access portal with your own work account.";
    pub const STEP_REQUEST: &str = "You request the access package there, answering any questions it asks.";
    pub const STEP_WAIT: &str = "Someone at the organisation may need to approve it; Microsoft emails you the outcome.";
    pub const STEP_GUEST: &str =
        "Once approved, you are a guest of the organisation, with the access the package grants.";
    pub const GO: &str = "Continue to My Access";
    pub const DAMAGED: &str = "This link is damaged or incomplete. Ask the person who sent it for a new one.";
    pub const NO_CLOUD: &str =
        "This organisation's cloud has no My Access address this page knows, so it cannot continue.";
}

pub mod access_request {
    use crate::onboarding::access_request::{RequestField, RequestProblem};

    pub const MAKER_HEADING: &str = "A request-access link, without entitlement management";
    pub const MAKER_INTRO: &str = "Partners who open it tell you who they are and why they need access; their own email brings you a review link, which opens the invite form filled in. Nothing is invited until you press Invite.";
    pub const CONTACT: &str = "Requests go to";
    pub const CONTACT_HINT: &str = "An address of your organisation: the support contact's domain or your tenant's.";
    pub fn contact_refused(domains: &str) -> String {
        format!("Partners' pages refuse this address: use one at {domains}.")
    }
    pub const NOTE: &str = "Note for partners (optional)";
    pub const REDIRECT: &str = "Suggested redirect URL (optional)";
    pub const LANGUAGE: &str = "Suggested invitation language";
    pub const LINK: &str = "Request-access link";
    pub const COPY: &str = "Copy link";

    pub fn title(org: &str) -> String {
        format!("Ask {org} for access")
    }
    pub fn intro(org: &str, contact: &str) -> String {
        format!("Tell {org} who you are and why you need access. Your request goes by your own email to {contact}; nothing is sent from this page.")
    }
    pub const NOTE_FROM: &str = "A note from the organisation:";
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
    pub const PREPARE: &str = "Prepare my request";
    pub const READY_HEADING: &str = "Your request is ready";
    pub const READY: &str = "Send it with your own email, or copy it into a message to the address above.";
    pub const SEND_BY_EMAIL: &str = "Send request by email";
    pub const COPY_REQUEST: &str = "Request to copy";
    pub fn mail_subject(name: &str, company: &str) -> String {
        format!("Access request: {name} ({company})")
    }
    pub fn summary(name: &str, email: &str, company: &str, reason: &str, review: &str) -> String {
        format!("Name: {name}\nEmail: {email}\nCompany: {company}\nReason: {reason}\n\nReview and invite (for the organisation's administrators):\n{review}\n")
    }
    pub const FOREIGN_CONTACT: &str = "This link would send your request to an address outside the organisation, so this page does not use it. Ask your contact for a new link.";

    pub const REVIEW_TITLE: &str = "Review an access request";
    pub const UNTRUSTED: &str = "As the partner wrote it: check who they are before you invite them.";
    pub const INVITE_HEADING: &str = "Invite";
    pub const DECLINE: &str = "Decline";
    pub const DECLINED: &str =
        "Declined. Nothing was sent, and the partner was not contacted: tell them yourself if you wish.";
    pub const DAMAGED: &str = "This review link is damaged or was changed: its fields do not pass the checks, so nothing is filled in. Ask the partner to send the request again.";
}
