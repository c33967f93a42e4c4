//! Every error of the app in words: a title, what happened, what to do, and the ids that support needs.

use super::report::ErrorReport;
use super::rules;
use crate::auth::error::{AuthError, IdTokenProblem, Protocol, RenewalReason, ServerError, StorageProblem};
use crate::config::{ConfigError, CONFIG_PATH};
use crate::features::convert::ops::ConvertError;
use crate::features::invite::ops::InviteError;
use crate::graph::error::GraphError;
use crate::graph::refusal::{classify, Refusal};

/// Turns an error into the report the error panel shows.
pub trait Explain {
    fn report(&self) -> ErrorReport;
}

impl Explain for ConfigError {
    fn report(&self) -> ErrorReport {
        let fix_file = format!(
            "Edit {CONFIG_PATH} next to index.html on your web server, then reload this page. No rebuild is needed."
        );
        match self {
            ConfigError::Missing { status } => ErrorReport::new(
                "The app is not configured yet",
                format!("The settings file {CONFIG_PATH} was not found next to the app (the server answered HTTP {status})."),
            )
            .step(format!("Copy {CONFIG_PATH} from the release into the same folder as index.html."))
            .step("See \"Use it with your tenant\" in the README for the fields it needs."),
            ConfigError::Unreachable(why) => ErrorReport::new(
                "The settings could not be downloaded",
                format!("The browser could not fetch {CONFIG_PATH}: {why}"),
            )
            .step("Check your network connection and reload the page."),
            ConfigError::Malformed(why) => ErrorReport::new(
                "The settings file is not valid JSON",
                format!("{CONFIG_PATH} could not be read: {why}"),
            )
            .step(fix_file)
            .step("A JSON validator shows the exact spot; a missing comma or quote is the usual cause."),
            ConfigError::Invalid(problems) => {
                let mut report = ErrorReport::new(
                    "The settings need fixing",
                    format!("{CONFIG_PATH} has {} {}:", problems.len(), plural(problems.len(), "problem", "problems")),
                )
                .step(fix_file);
                report.details = problems.iter().map(rules::config_problem).collect();
                report
            }
        }
    }
}

/// English plural by count.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn with_server_ids(mut r: ErrorReport, s: Option<&ServerError>) -> ErrorReport {
    let Some(s) = s else { return r };
    if let Some(code) = s.aadsts() {
        r = r.support_id("Error code", code);
    }
    for (label, value) in
        [("Trace ID", &s.trace_id), ("Correlation ID", &s.correlation_id), ("Timestamp", &s.timestamp)]
    {
        if let Some(v) = value {
            r = r.support_id(label, v.clone());
        }
    }
    let summary = s.summary();
    if !summary.is_empty() {
        r = r.detail(format!("The sign-in service said: {summary}"));
    }
    r
}

fn renewal_reason(r: RenewalReason) -> &'static str {
    match r {
        RenewalReason::NotSignedIn => "You are not signed in.",
        RenewalReason::DailyLimit => "Your sign-in has reached its 24-hour limit.",
        RenewalReason::SignInAgain => "Your session needs you to sign in again.",
    }
}

fn id_token_problem(p: &IdTokenProblem) -> String {
    match p {
        IdTokenProblem::Missing => "the response has no id token".into(),
        IdTokenProblem::NotAJwt => "it is not a JWT".into(),
        IdTokenProblem::Unreadable(detail) => format!("its claims are not readable ({detail})"),
        IdTokenProblem::Issuer { got, expected } => format!("it was issued by {got} instead of {expected}"),
        IdTokenProblem::Audience { got } => format!("it is for another application ({got})"),
        IdTokenProblem::Nonce => "its nonce does not match this sign-in".into(),
        IdTokenProblem::Expired => "it has expired".into(),
    }
}

fn protocol_problem(p: &Protocol) -> String {
    match p {
        Protocol::DiscoveryStatus(s) => format!("The discovery document answered HTTP {s}."),
        Protocol::DiscoveryUnreadable(d) => format!("The discovery document is not readable: {d}"),
        Protocol::InsecureEndpoint { name, url } => {
            format!("The discovery document's {name} is not an https URL: {url}")
        }
        Protocol::BadUrl { what, detail } => format!("{what} is not a valid URL: {detail}"),
        Protocol::TokenResponseUnreadable(d) => format!("The token response is not readable: {d}"),
        Protocol::NoCodeNorError => "The response has neither a code nor an error.".into(),
        Protocol::NoRefreshToken => "The response has no refresh token (is offline_access allowed?).".into(),
        Protocol::Other(d) => d.clone(),
    }
}

impl Explain for AuthError {
    fn report(&self) -> ErrorReport {
        let give_it = "If it keeps happening, give the codes below to your IT support.";
        match self {
            AuthError::Cancelled(s) => with_server_ids(
                ErrorReport::new("Sign-in was cancelled", "You were not signed in: the sign-in was cancelled or the permissions were declined.")
                    .step("Choose \"Sign in\" to try again."),
                Some(s),
            ),
            AuthError::ConsentRequired { server, admin_consent_url, scopes } => {
                let mut r = ErrorReport::new(
                    "This app needs an administrator's consent",
                    "Your organisation has not yet granted this app the permissions it asks for (inviting guests and reading users).",
                )
                .step("Ask a Global Administrator to grant consent, using the link below, then sign in again.");
                if !scopes.is_empty() {
                    let names: Vec<&str> = scopes.iter().map(|s| s.rsplit('/').next().unwrap_or(s)).collect();
                    r = r.detail(format!("Permissions the app asks for: {}", names.join(", ")));
                }
                if let Some(u) = admin_consent_url {
                    r = r.support_id("Admin consent link", u.clone());
                }
                with_server_ids(r, Some(server.as_ref()))
            }
            AuthError::InteractionRequired { reason, server } => with_server_ids(
                ErrorReport::new("Please sign in again", renewal_reason(*reason)).step("Choose \"Sign in again\". What you typed on this page is kept."),
                server.as_deref(),
            ),
            AuthError::Server(s) => with_server_ids(
                ErrorReport::new("The sign-in service refused the request", format!("The sign-in service answered with \"{}\".", s.error)).step(give_it),
                Some(s),
            ),
            AuthError::StateMismatch => ErrorReport::new(
                "This sign-in response was not expected",
                "The response from the sign-in service does not belong to the sign-in started in this tab, so it was ignored. Nobody was signed in.",
            )
            .step("Choose \"Sign in\" to start again."),
            AuthError::StateNotFound => ErrorReport::new(
                "No sign-in was in progress",
                "The page was opened with a sign-in response, but no sign-in was started in this tab (or it was already completed). It was ignored.",
            )
            .step("Choose \"Sign in\" to start again."),
            AuthError::IdTokenInvalid(p) => ErrorReport::new(
                "The sign-in response could not be trusted",
                format!("The identity token failed a check: {}. Nobody was signed in.", id_token_problem(p)),
            )
            .step("Check that config.json names the right authority and client id, then sign in again."),
            AuthError::NetworkOrCors { host, detail } => ErrorReport::new(
                format!("Cannot reach {host}"),
                format!("The browser could not talk to the sign-in service at {host}. You may be offline, or the app registration may not be of type \"Single-page application\" (then the browser blocks the response)."),
            )
            .step("Check your connection and try again.")
            .step("Check that the redirect URI is registered under the Single-page application platform.")
            .detail(detail.clone()),
            AuthError::InvalidResponse(p) => ErrorReport::new("Unexpected answer from the sign-in service", protocol_problem(p)).step(give_it),
            AuthError::Storage(p) => ErrorReport::new(
                "The browser's session storage is not available",
                match p {
                    StorageProblem::NoWindow | StorageProblem::Disabled => "Signing in needs sessionStorage, which this browser has switched off.".to_string(),
                    StorageProblem::Refused(why) => format!("Signing in needs sessionStorage, which this browser refused: {why}"),
                },
            )
            .step("Leave private browsing or allow site data for this page, then reload."),
            AuthError::NoSecureRandom => ErrorReport::new(
                "This browser cannot sign you in safely",
                "A safe sign-in needs the browser's cryptographic random numbers (Web Crypto), which this browser does not offer.",
            )
            .step("Open this page in a current version of Edge, Chrome, Firefox or Safari."),
        }
    }
}

fn graph_support_ids(mut r: ErrorReport, e: &GraphError) -> ErrorReport {
    if let GraphError::Http { code, request_id, client_request_id, date, .. } = e {
        if !code.is_empty() {
            r = r.support_id("Error code", code.clone());
        }
        for (label, value) in [("Request ID", request_id), ("Client request ID", client_request_id), ("Date", date)] {
            if let Some(v) = value {
                r = r.support_id(label, v.clone());
            }
        }
    }
    r
}

fn said(message: &str) -> String {
    format!("Microsoft Graph said: {message}")
}

fn refusal(refusal: Refusal, message: &str) -> ErrorReport {
    match refusal {
        Refusal::MissingPrivilege => ErrorReport::new(
            "You don't have permission to do this",
            "Microsoft Graph refused: \"Insufficient privileges to complete the operation.\" Your account lacks the directory role, or the app lacks the permission, that this needs.",
        )
        .step("Inviting guests needs the Guest Inviter, User Administrator or Global Administrator role (unless your tenant lets every member invite). Converting internal users needs User Administrator or Global Administrator.")
        .step("Ask an administrator to assign you the role, then sign out and in again."),
        Refusal::InvitationsBlocked => ErrorReport::new("Invitations are blocked for your tenant", "Microsoft blocked invitations for this directory because of suspicious activity. Retrying will not help.")
            .step("Open a support request with Microsoft to lift the block.")
            .detail(said(message)),
        Refusal::VerifiedDomain => ErrorReport::new("This address belongs to your own organisation", "Its domain is one of your tenant's verified domains, so it cannot be invited as a guest.")
            .step("People with an address on your own domains sign in with their work account; add them as members instead.")
            .detail(said(message)),
        Refusal::ExistingUser => ErrorReport::new("This person already has an account in your directory", "The address belongs to an internal user, so a guest invitation is refused.")
            .step("To let them use their own partner identity, use \"Convert an internal user\".")
            .detail(said(message)),
        Refusal::RedirectRejected => ErrorReport::new("The redirect address was refused", "Microsoft Graph did not accept the redirect URL.")
            .step("Use a full https address, such as https://myapps.microsoft.com/?tenantid=<your tenant id>.")
            .detail(said(message)),
        Refusal::CrossTenantBlocked => ErrorReport::new("Cross-tenant access settings block this invitation", "Your organisation's or the partner's cross-tenant access settings do not allow B2B collaboration with each other.")
            .step("Ask the administrators of both organisations to allow B2B collaboration in their cross-tenant access settings.")
            .detail(said(message)),
        Refusal::TokenRejected => ErrorReport::new("Your sign-in is no longer accepted", "Microsoft Graph did not accept the access token.").step("Sign in again; what you typed is kept."),
        Refusal::NotFound => ErrorReport::new("Not found", format!("Microsoft Graph could not find it: {message}")),
        Refusal::ServiceFailure { status } => ErrorReport::new("Microsoft Graph had a problem", format!("The service answered HTTP {status}. Nothing you typed was lost.")).step("Try again in a moment."),
        Refusal::Other { status } => ErrorReport::new("Microsoft Graph refused the request", format!("HTTP {status}: {message}")).step("Check the fields and try again."),
    }
}

impl Explain for GraphError {
    fn report(&self) -> ErrorReport {
        let unexpected = "Unexpected answer from Microsoft Graph";
        match self {
            GraphError::Auth(a) => a.report(),
            GraphError::Network { host, detail } => ErrorReport::new(
                format!("Cannot reach {host}"),
                "Microsoft Graph did not answer: you may be offline, or a proxy or firewall blocks it. Nothing was changed, and what you typed is kept.",
            )
            .step("Check your connection, then try again.")
            .detail(detail.clone()),
            GraphError::Throttled { tries, request_id } => {
                let r = ErrorReport::new(
                    "Microsoft Graph is busy",
                    format!("Microsoft Graph asked us to slow down (HTTP 429) and was still busy after {tries} tries. Nothing was lost."),
                )
                .step("Wait a minute and try again.");
                match request_id {
                    Some(id) => r.support_id("Request ID", id.clone()),
                    None => r,
                }
            }
            GraphError::InvalidResponse(why) => ErrorReport::new(unexpected, why.clone()),
            GraphError::ForeignNextLink => ErrorReport::new(unexpected, "The next page of results points to another address, so it was not followed."),
            GraphError::Http { status, message, .. } => {
                let kind = classify(self).unwrap_or(Refusal::Other { status: *status });
                graph_support_ids(refusal(kind, message), self)
            }
        }
    }
}

impl Explain for InviteError {
    fn report(&self) -> ErrorReport {
        match self {
            InviteError::Graph(g) => g.report(),
            InviteError::ExistingInternalUser(u) => ErrorReport::new(
                "This person already has an internal account",
                format!(
                    "The address is already used by {} ({}), an internal account of your organisation. A guest invitation would be refused.",
                    u.display_name.clone().unwrap_or_default(),
                    u.user_principal_name.clone().unwrap_or_default()
                ),
            )
            .step("To let them sign in with their own partner identity while keeping their access, use \"Convert an internal user\".")
            .support_id("Object ID", u.id.clone()),
        }
    }
}

impl Explain for ConvertError {
    fn report(&self) -> ErrorReport {
        match self {
            ConvertError::Graph(e) => e.report(),
            ConvertError::Settings(problems) => {
                let mut r = ErrorReport::new("The invitation settings need fixing", "Nothing was sent.");
                r.details = problems.iter().map(|p| rules::field_problem(&p.problem)).collect();
                r
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_say_what_to_fix() {
        let r = ConfigError::Missing { status: 404 }.report();
        assert_eq!(r.title, "The app is not configured yet");
        assert!(r.what_happened.contains("HTTP 404"), "{}", r.what_happened);
        let r = ConfigError::Invalid(vec![
            crate::config::ConfigProblem::EmptyDisplayName,
            crate::config::ConfigProblem::AuthorityQuery,
        ])
        .report();
        assert_eq!(r.what_happened, "config.json has 2 problems:");
        assert_eq!(r.details.len(), 2);
        let r = ConfigError::Invalid(vec![crate::config::ConfigProblem::EmptyDisplayName]).report();
        assert_eq!(r.what_happened, "config.json has 1 problem:");
    }

    #[test]
    fn graph_refusals_keep_every_support_id() {
        let e = GraphError::from_response(
            403,
            r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-01-01T00:00:00","request-id":"rid","client-request-id":"crid"}}}"#,
            None,
        );
        let r = e.report();
        assert_eq!(r.title, "You don't have permission to do this");
        assert_eq!(
            r.support_ids,
            vec![
                ("Error code".to_string(), "Authorization_RequestDenied".to_string()),
                ("Request ID".into(), "rid".into()),
                ("Client request ID".into(), "crid".into()),
                ("Date".into(), "2026-01-01T00:00:00".into()),
            ]
        );
    }

    #[test]
    fn sign_in_errors_show_the_aadsts_code_and_trace() {
        let s = ServerError::from_redirect("access_denied", Some("AADSTS65004: User declined to consent to access the app. Trace ID: 0000aaaa-1111 Correlation ID: bbbb-2222 Timestamp: 2026-01-01 10:00:00Z"));
        let r = AuthError::from_server(s).report();
        assert_eq!(r.title, "Sign-in was cancelled");
        assert_eq!(r.support_ids[0], ("Error code".to_string(), "AADSTS65004".to_string()));
        assert_eq!(r.support_ids[1], ("Trace ID".to_string(), "0000aaaa-1111".to_string()));
        let r =
            AuthError::NetworkOrCors { host: "login.microsoftonline.com".into(), detail: "TypeError".into() }.report();
        assert_eq!(r.title, "Cannot reach login.microsoftonline.com");
    }
}
