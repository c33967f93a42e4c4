//! Views live in the URL fragment (`…/#/invite`), so any static host serves every deep link from the one
//! `index.html` with no rewrite rules, also under a sub-path, and fragments never reach server logs.
//!
//! leptos_router 0.8 routes on the path only (leptos-rs/leptos#2184), which needs server rewrites;
//! this small fragment router replaces it. The OAuth redirect still arrives in the *query*
//! (`?code=…&state=…`), which never collides with the fragment.

use crate::rules::inline_script::{is_partner_page, view_and_payload, WELCOME_VIEW};

/// One view of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Sign-in and overview.
    Home,
    /// Invite a partner.
    Invite,
    /// Invite many partners from a CSV file.
    BulkInvite,
    /// Convert an internal user to B2B collaboration.
    ConvertInternalUser,
    /// The tenant's guests and the follow-ups.
    Guests,
    /// Access packages partners can request, and their share links.
    AccessPackages,
    /// The partner's page for one access package; the payload is the encoded join link (no sign-in needed).
    Join { payload: String },
    /// The partner's request form; the payload is the admin's request link (no sign-in needed).
    Request { payload: String },
    /// A partner's request, opened by the admin: the invite form filled in from it.
    Review { payload: String },
    /// The partner welcome view; the payload is the encoded partner link (no sign-in needed).
    PartnerWelcome { payload: String },
    /// Anything else; keeps the text so the page can say what was not found.
    NotFound { fragment: String },
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn from_fragment(fragment: &str) -> Route {
        // The same reading as index.html's scripts (`rules::inline_script`).
        let payload = |p: &str| p.to_string();
        match view_and_payload(fragment) {
            ("" | "home", "") => Route::Home,
            ("invite", "") => Route::Invite,
            ("bulk", "") => Route::BulkInvite,
            ("convert", "") => Route::ConvertInternalUser,
            ("guests", "") => Route::Guests,
            ("access-packages", "") => Route::AccessPackages,
            ("request", p) => Route::Request { payload: payload(p) },
            ("review", p) => Route::Review { payload: payload(p) },
            ("join", p) => Route::Join { payload: payload(p) },
            (WELCOME_VIEW, p) => Route::PartnerWelcome { payload: payload(p) },
            _ => Route::NotFound { fragment: fragment.to_string() },
        }
    }

    /// What the view is built from beyond its name: the link's payload, or the fragment that was not found.
    pub fn payload(&self) -> String {
        match self {
            Route::Join { payload } | Route::Request { payload } | Route::Review { payload } => payload.clone(),
            Route::PartnerWelcome { payload } => payload.clone(),
            Route::NotFound { fragment } => fragment.clone(),
            _ => String::new(),
        }
    }

    /// The fragment for this view, with the leading `#`.
    pub fn to_fragment(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Invite => "#/invite".to_string(),
            Route::BulkInvite => "#/bulk".to_string(),
            Route::ConvertInternalUser => "#/convert".to_string(),
            Route::Guests => "#/guests".to_string(),
            Route::AccessPackages => "#/access-packages".to_string(),
            Route::Join { payload } => format!("#/join/{payload}"),
            Route::Request { payload } => format!("#/request/{payload}"),
            Route::Review { payload } => format!("#/review/{payload}"),
            Route::PartnerWelcome { payload } => format!("#/welcome/{payload}"),
            Route::NotFound { fragment } => fragment.clone(),
        }
    }

    /// Who may open the view; the shell applies it, so a new route cannot forget its gate.
    pub fn access(&self) -> Access {
        match self {
            Route::Invite
            | Route::BulkInvite
            | Route::ConvertInternalUser
            | Route::Guests
            | Route::AccessPackages
            | Route::Review { .. } => Access::SignedInAdmin,
            Route::Home
            | Route::PartnerWelcome { .. }
            | Route::Join { .. }
            | Route::Request { .. }
            | Route::NotFound { .. } => Access::Anyone,
        }
    }

    /// The partner's view shows no admin navigation or account bar.
    pub fn audience(&self) -> Audience {
        match is_partner_page(&self.to_fragment()) {
            true => Audience::Partner,
            false => Audience::Admin,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Anyone,
    SignedInAdmin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Admin,
    Partner,
}

/// The admin navigation, in order.
pub const ADMIN_NAV: &[Route] =
    &[Route::Home, Route::Invite, Route::BulkInvite, Route::Guests, Route::ConvertInternalUser, Route::AccessPackages];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_view() {
        assert_eq!(Route::from_fragment(""), Route::Home);
        assert_eq!(Route::from_fragment("#"), Route::Home);
        assert_eq!(Route::from_fragment("#/"), Route::Home);
        assert_eq!(Route::from_fragment("#/invite"), Route::Invite);
        assert_eq!(Route::from_fragment("#/invite/"), Route::Invite);
        assert_eq!(Route::from_fragment("#/invite?x=1"), Route::Invite);
        assert_eq!(Route::from_fragment("#/convert"), Route::ConvertInternalUser);
        assert_eq!(Route::from_fragment("#/bulk"), Route::BulkInvite);
        assert_eq!(Route::from_fragment("#/guests"), Route::Guests);
        assert_eq!(Route::from_fragment("#/access-packages"), Route::AccessPackages);
        assert_eq!(Route::from_fragment("#/join/eyJ2"), Route::Join { payload: "eyJ2".into() });
        assert_eq!(Route::from_fragment("#/joinx"), Route::NotFound { fragment: "#/joinx".into() });
        assert_eq!(Route::from_fragment("#/request/abc"), Route::Request { payload: "abc".into() });
        assert_eq!(Route::from_fragment("#/review/abc"), Route::Review { payload: "abc".into() });
        assert_eq!(Route::from_fragment("#/welcome/abc-_1"), Route::PartnerWelcome { payload: "abc-_1".into() });
        assert_eq!(Route::from_fragment("#/welcome"), Route::PartnerWelcome { payload: String::new() });
        assert_eq!(Route::from_fragment("#/nope"), Route::NotFound { fragment: "#/nope".into() });
        assert_eq!(Route::from_fragment("#/welcomex"), Route::NotFound { fragment: "#/welcomex".into() });
        assert_eq!(Route::from_fragment("#/invite/x"), Route::NotFound { fragment: "#/invite/x".into() });
        assert_eq!(Route::from_fragment("#//welcome/x"), Route::NotFound { fragment: "#//welcome/x".into() });
        assert_eq!(Route::from_fragment("#/request//abc/"), Route::Request { payload: "abc".into() });
    }

    #[test]
    fn round_trips() {
        for r in [
            Route::Home,
            Route::Invite,
            Route::BulkInvite,
            Route::ConvertInternalUser,
            Route::Guests,
            Route::AccessPackages,
            Route::Join { payload: "eyJ2IjoxfQ".into() },
            Route::Request { payload: "eyJ2IjoxfQ".into() },
            Route::Review { payload: "eyJ2IjoxfQ".into() },
            Route::PartnerWelcome { payload: "eyJ2IjoxfQ".into() },
        ] {
            assert_eq!(Route::from_fragment(&r.to_fragment()), r);
        }
    }

    #[test]
    fn only_admin_views_need_sign_in() {
        assert_eq!(Route::Invite.access(), Access::SignedInAdmin);
        assert_eq!(Route::ConvertInternalUser.access(), Access::SignedInAdmin);
        assert_eq!(Route::BulkInvite.access(), Access::SignedInAdmin);
        assert_eq!(Route::Guests.access(), Access::SignedInAdmin);
        assert_eq!(Route::AccessPackages.access(), Access::SignedInAdmin);
        assert_eq!(Route::Join { payload: String::new() }.access(), Access::Anyone);
        assert_eq!(Route::Join { payload: String::new() }.audience(), Audience::Partner);
        assert_eq!(Route::Request { payload: String::new() }.access(), Access::Anyone);
        assert_eq!(Route::Request { payload: String::new() }.audience(), Audience::Partner);
        assert_eq!(Route::Review { payload: String::new() }.access(), Access::SignedInAdmin);
        assert_eq!(Route::Home.access(), Access::Anyone);
        assert_eq!(Route::PartnerWelcome { payload: String::new() }.access(), Access::Anyone);
        assert_eq!(Route::NotFound { fragment: "#/x".into() }.access(), Access::Anyone);
        assert_eq!(Route::PartnerWelcome { payload: String::new() }.audience(), Audience::Partner);
        assert_eq!(Route::Invite.audience(), Audience::Admin);
    }
}
