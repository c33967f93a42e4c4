//! Every error of the app in words: a title, what happened, what to do, and the ids that support needs.

use super::report::ErrorReport;
use super::rules;
use crate::auth::error::{AuthError, IdTokenProblem, Protocol, RenewalReason, ServerError, Stage, StorageProblem};
use crate::config::{ConfigError, CONFIG_PATH};
use crate::graph::error::GraphError;
use crate::graph::refusal::{classify, Refusal};
use crate::text::catalogue::words::errors as w;

/// Turns an error into the report the error panel shows.
pub trait Explain {
    fn report(&self) -> ErrorReport;
}

impl Explain for ConfigError {
    fn report(&self) -> ErrorReport {
        let fix_file = w::config_error::fix_file(CONFIG_PATH);
        match self {
            ConfigError::Missing { status } => {
                ErrorReport::new(w::config_error::missing_title(), w::config_error::missing_what(CONFIG_PATH, status))
                    .step(w::config_error::missing_copy(CONFIG_PATH))
                    .step(w::config_error::missing_step())
            }
            ConfigError::Unreachable(why) => ErrorReport::new(
                w::config_error::unreachable_title(),
                w::config_error::unreachable_what(CONFIG_PATH, why),
            )
            .step(w::config_error::unreachable_step()),
            ConfigError::Malformed(why) => {
                ErrorReport::new(w::config_error::malformed_title(), w::config_error::malformed_what(CONFIG_PATH, why))
                    .step(fix_file)
                    .step(w::config_error::malformed_step())
            }
            ConfigError::Invalid(problems) => {
                let mut report = ErrorReport::new(
                    w::config_error::invalid_title(),
                    w::config_error::invalid_what(problems.len() as u64, CONFIG_PATH),
                )
                .step(fix_file);
                report.details = problems.iter().map(rules::config_problem).collect();
                report
            }
        }
    }
}

fn with_server_ids(mut r: ErrorReport, s: Option<&ServerError>) -> ErrorReport {
    let Some(s) = s else { return r };
    if let Some(code) = s.aadsts() {
        r = r.support_id(w::ids::error_code(), code);
    }
    for (label, value) in [
        (w::ids::trace_id(), &s.trace_id),
        (w::ids::correlation_id(), &s.correlation_id),
        (w::ids::timestamp(), &s.timestamp),
    ] {
        if let Some(v) = value {
            r = r.support_id(label, v.clone());
        }
    }
    let summary = s.summary();
    if !summary.is_empty() {
        r = r.detail(w::ids::sign_in_service_said(summary));
    }
    r
}

fn renewal_reason(r: RenewalReason) -> &'static str {
    match r {
        RenewalReason::NotSignedIn => w::renewal_reason::not_signed_in(),
        RenewalReason::DailyLimit => w::renewal_reason::daily_limit(),
        RenewalReason::SignInAgain => w::renewal_reason::sign_in_again(),
    }
}

fn id_token_problem(p: &IdTokenProblem) -> String {
    match p {
        IdTokenProblem::Missing => w::id_token_problem::missing().into(),
        IdTokenProblem::NotAJwt => w::id_token_problem::not_a_jwt().into(),
        IdTokenProblem::Unreadable(detail) => w::id_token_problem::unreadable(detail),
        IdTokenProblem::Issuer { got, expected } => w::id_token_problem::issuer(got, expected),
        IdTokenProblem::Audience { got } => w::id_token_problem::audience(got),
        IdTokenProblem::Nonce => w::id_token_problem::nonce().into(),
        IdTokenProblem::Expired => w::id_token_problem::expired().into(),
    }
}

fn protocol_problem(p: &Protocol) -> String {
    match p {
        Protocol::DiscoveryStatus(s) => w::protocol_problem::discovery_status(s),
        Protocol::DiscoveryUnreadable(d) => w::protocol_problem::discovery_unreadable(d),
        Protocol::InsecureEndpoint { name, url } => w::protocol_problem::insecure_endpoint(name, url),
        Protocol::BadUrl { what, detail } => w::protocol_problem::bad_url(what, detail),
        Protocol::TokenResponseUnreadable(d) => w::protocol_problem::token_response_unreadable(d),
        Protocol::NoCodeNorError => w::protocol_problem::no_code_nor_error().into(),
        Protocol::NoRefreshToken => w::protocol_problem::no_refresh_token().into(),
        Protocol::Other(d) => d.clone(),
    }
}

impl Explain for AuthError {
    fn report(&self) -> ErrorReport {
        let give_it = w::auth_error::give_it();
        match self {
            AuthError::Cancelled(s) => with_server_ids(
                ErrorReport::new(w::auth_error::cancelled_title(), w::auth_error::cancelled_what())
                    .step(w::auth_error::cancelled_step()),
                Some(s),
            ),
            AuthError::ConsentRequired { server, admin_consent_url, scopes } => {
                let mut r =
                    ErrorReport::new(w::auth_error::consent_required_title(), w::auth_error::consent_required_what())
                        .step(w::auth_error::consent_required_step());
                if !scopes.is_empty() {
                    let names: Vec<&str> = scopes.iter().map(|s| s.rsplit('/').next().unwrap_or(s)).collect();
                    r = r.detail(w::auth_error::consent_required_scopes(names.join(crate::text::ui::list_separator())));
                }
                if let Some(u) = admin_consent_url {
                    r = r.support_id(w::auth_error::consent_required_label(), u.clone());
                }
                with_server_ids(r, Some(server.as_ref()))
            }
            AuthError::InteractionRequired { reason, server } => with_server_ids(
                ErrorReport::new(w::auth_error::interaction_required_title(), renewal_reason(*reason))
                    .step(w::auth_error::interaction_required_step()),
                server.as_deref(),
            ),
            AuthError::Server(s) => with_server_ids(
                ErrorReport::new(w::auth_error::server_title(), w::auth_error::server_what(&s.error)).step(give_it),
                Some(s),
            ),
            AuthError::StateMismatch => {
                ErrorReport::new(w::auth_error::state_mismatch_title(), w::auth_error::state_mismatch_what())
                    .step(w::auth_error::state_mismatch_step())
            }
            AuthError::StateNotFound => {
                ErrorReport::new(w::auth_error::state_not_found_title(), w::auth_error::state_not_found_what())
                    .step(w::auth_error::state_not_found_step())
            }
            AuthError::IdTokenInvalid(p) => ErrorReport::new(
                w::auth_error::id_token_invalid_title(),
                w::auth_error::id_token_invalid_what(id_token_problem(p)),
            )
            .step(w::auth_error::id_token_invalid_step()),
            AuthError::NetworkOrCors { host, detail } => {
                ErrorReport::new(w::auth_error::network_or_cors_title(host), w::auth_error::network_or_cors_what(host))
                    .step(w::auth_error::network_or_cors_step())
                    .step(w::auth_error::network_or_cors_step_2())
                    .detail(detail.clone())
            }
            AuthError::InvalidResponse(p) => {
                ErrorReport::new(w::auth_error::invalid_response_title(), protocol_problem(p)).step(give_it)
            }
            AuthError::Storage(p) => ErrorReport::new(
                w::auth_error::storage_title(),
                match p {
                    StorageProblem::NoWindow | StorageProblem::Disabled => w::auth_error::storage_off().to_string(),
                    StorageProblem::Refused(why) => w::auth_error::storage_refused(why),
                },
            )
            .step(w::auth_error::storage_step()),
            AuthError::NoSecureRandom => {
                ErrorReport::new(w::auth_error::no_secure_random_title(), w::auth_error::no_secure_random_what())
                    .step(w::auth_error::no_secure_random_step())
            }
            AuthError::ModuleNotLoaded(Stage::Start) => ErrorReport::new(
                w::auth_error::module_not_loaded_start_title(),
                w::auth_error::module_not_loaded_start_what(),
            )
            .step(w::auth_error::module_not_loaded_start_step()),
            AuthError::ModuleNotLoaded(Stage::Finish) => {
                ErrorReport::new(w::auth_error::module_not_loaded_title(), w::auth_error::module_not_loaded_what())
                    .step(w::auth_error::module_not_loaded_step())
            }
        }
    }
}

fn graph_support_ids(mut r: ErrorReport, e: &GraphError) -> ErrorReport {
    if let GraphError::Http { code, request_id, client_request_id, date, .. } = e {
        if !code.is_empty() {
            r = r.support_id(w::ids::error_code(), code.clone());
        }
        for (label, value) in [
            (w::ids::request_id(), request_id),
            (w::ids::client_request_id(), client_request_id),
            (w::ids::date(), date),
        ] {
            if let Some(v) = value {
                r = r.support_id(label, v.clone());
            }
        }
    }
    r
}

fn said(message: &str) -> String {
    w::graph_said(message)
}

fn refusal(refusal: Refusal, message: &str) -> ErrorReport {
    match refusal {
        Refusal::MissingPrivilege => {
            ErrorReport::new(w::refusal::missing_privilege_title(), w::refusal::missing_privilege_what())
                .step(w::refusal::missing_privilege_step())
                .step(w::refusal::missing_privilege_step_2())
        }
        Refusal::InvitationsBlocked => {
            ErrorReport::new(w::refusal::invitations_blocked_title(), w::refusal::invitations_blocked_what())
                .step(w::refusal::invitations_blocked_step())
                .detail(said(message))
        }
        Refusal::VerifiedDomain => {
            ErrorReport::new(w::refusal::verified_domain_title(), w::refusal::verified_domain_what())
                .step(w::refusal::verified_domain_step())
                .detail(said(message))
        }
        Refusal::ExistingUser => ErrorReport::new(w::refusal::existing_user_title(), w::refusal::existing_user_what())
            .step(w::refusal::existing_user_step())
            .detail(said(message)),
        Refusal::RedirectRejected => {
            ErrorReport::new(w::refusal::redirect_rejected_title(), w::refusal::redirect_rejected_what())
                .step(w::refusal::redirect_rejected_step())
                .detail(said(message))
        }
        Refusal::CrossTenantBlocked => {
            ErrorReport::new(w::refusal::cross_tenant_blocked_title(), w::refusal::cross_tenant_blocked_what())
                .step(w::refusal::cross_tenant_blocked_step())
                .detail(said(message))
        }
        Refusal::DomainNotAllowed => {
            ErrorReport::new(w::refusal::domain_not_allowed_title(), w::refusal::domain_not_allowed_what())
                .step(w::refusal::domain_not_allowed_step())
                .detail(said(message))
        }
        Refusal::TokenRejected => {
            ErrorReport::new(w::refusal::token_rejected_title(), w::refusal::token_rejected_what())
                .step(w::refusal::token_rejected_step())
        }
        Refusal::NotFound => ErrorReport::new(w::refusal::not_found_title(), w::refusal::not_found_what(message)),
        Refusal::ServiceFailure { status } => {
            ErrorReport::new(w::refusal::service_failure_title(), w::refusal::service_failure_what(status))
                .step(w::refusal::service_failure_step())
        }
        Refusal::Other { status } => {
            ErrorReport::new(w::refusal::other_title(), w::refusal::other_what(status, message))
                .step(w::refusal::other_step())
        }
    }
}

impl Explain for GraphError {
    fn report(&self) -> ErrorReport {
        let unexpected = w::graph_error::unexpected();
        match self {
            GraphError::Auth(a) => a.report(),
            GraphError::Network { host, detail } => {
                ErrorReport::new(w::graph_error::network_title(host), w::graph_error::network_what())
                    .step(w::graph_error::network_step())
                    .detail(detail.clone())
            }
            GraphError::Throttled { tries, request_id } => {
                let r = ErrorReport::new(w::graph_error::throttled_title(), w::graph_error::throttled_what(tries))
                    .step(w::graph_error::throttled_step());
                match request_id {
                    Some(id) => r.support_id(w::ids::request_id(), id.clone()),
                    None => r,
                }
            }
            GraphError::InvalidResponse(why) => ErrorReport::new(unexpected, why.clone()),
            GraphError::ForeignNextLink => ErrorReport::new(unexpected, w::graph_error::foreign_next_link_what()),
            GraphError::Http { status, message, .. } => {
                let kind = classify(self).unwrap_or(Refusal::Other { status: *status });
                graph_support_ids(refusal(kind, message), self)
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
