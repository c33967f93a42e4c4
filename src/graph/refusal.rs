//! Why Graph refused a request, classified by HTTP status and `error.code` first.
//!
//! Graph documents no codes for the invitation refusals (a verified domain, an existing user, a blocked
//! tenant): they all come as `400 Request_BadRequest` or `403` with a message. For those, and only after
//! status and code, the message is read as a hint; anything unrecognised falls back to the generic refusal
//! for its status. Messages as published: https://learn.microsoft.com/entra/external-id/troubleshoot

use super::error::GraphError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 403 `Authorization_RequestDenied`: the admin's role or the app's permission is missing.
    MissingPrivilege,
    /// 403: Microsoft blocked invitations for the tenant (suspicious activity); retrying does not help.
    InvitationsBlocked,
    /// 400: the address is on one of the tenant's verified domains.
    VerifiedDomain,
    /// 400: the address belongs to an existing internal user.
    ExistingUser,
    /// 400: the redirect URL was not accepted.
    RedirectRejected,
    /// 403 or 400: cross-tenant access settings block the invitation.
    CrossTenantBlocked,
    /// 400: the external collaboration settings' domain allow or deny list keeps the address out.
    DomainNotAllowed,
    /// 401 after a renewal: the token is not accepted.
    TokenRejected,
    /// 404.
    NotFound,
    /// 5xx: Graph's own failure.
    ServiceFailure { status: u16 },
    /// Any other refusal, with its status.
    Other { status: u16 },
}

/// The refusal behind an HTTP error; `None` for errors that never reached Graph.
pub fn classify(e: &GraphError) -> Option<Refusal> {
    let GraphError::Http { status, code, message, .. } = e else { return None };
    let hint = message.to_ascii_lowercase();
    let has = |needle: &str| hint.contains(needle);
    Some(match (*status, code.as_str()) {
        (403, "Authorization_RequestDenied") => Refusal::MissingPrivilege,
        (401, _) => Refusal::TokenRejected,
        (404, _) => Refusal::NotFound,
        (s, _) if s >= 500 => Refusal::ServiceFailure { status: s },
        // Undocumented codes: the message is a hint, never the only way to a sensible answer.
        (400 | 403, _) if has("cross-tenant access") => Refusal::CrossTenantBlocked,
        (403, _) if has("suspicious activity") => Refusal::InvitationsBlocked,
        (400 | 403, _) if has("can't be invited to this directory") || has("cannot be invited to this directory") => {
            Refusal::DomainNotAllowed
        }
        (400, _) if has("verified domain") => Refusal::VerifiedDomain,
        (400, _) if has("already exists") => Refusal::ExistingUser,
        (400, _) if has("redirect") => Refusal::RedirectRejected,
        (s, _) => Refusal::Other { status: s },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(status: u16, code: &str, message: &str) -> GraphError {
        let json = serde_json::json!({"error": {"code": code, "message": message,
            "innerError": {"date": "2026-01-01T00:00:00", "request-id": "r", "client-request-id": "c"}}});
        GraphError::from_response(status, &json.to_string(), None)
    }

    #[test]
    fn status_and_code_decide_first() {
        // Graph's documented privilege error (https://learn.microsoft.com/graph/errors).
        let e = body(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        assert_eq!(classify(&e), Some(Refusal::MissingPrivilege));
        // The code decides even when the text would suggest something else.
        let e = body(403, "Authorization_RequestDenied", "blocked due to suspicious activity");
        assert_eq!(classify(&e), Some(Refusal::MissingPrivilege));
        let e = body(500, "InternalServerError", "Unable to find target address");
        assert_eq!(classify(&e), Some(Refusal::ServiceFailure { status: 500 }));
        let e = body(401, "InvalidAuthenticationToken", "Access token has expired.");
        assert_eq!(classify(&e), Some(Refusal::TokenRejected));
    }

    #[test]
    fn published_invitation_messages_are_recognised_as_hints() {
        let cases = [
            (400, "Request_BadRequest", "This user cannot be invited because the domain of the user's email address is a verified domain of this directory.", Refusal::VerifiedDomain),
            (400, "Request_BadRequest", "The invited user already exists in the directory as objectID: 6d1a6e3a-0000-4000-8000-000000000000. They can use that account to sign in to shared apps and resources.", Refusal::ExistingUser),
            (403, "", "Invitations are blocked for this directory due to suspicious activity. Please contact Microsoft support", Refusal::InvitationsBlocked),
            (400, "Request_BadRequest", "This invitation is blocked by cross-tenant access settings. Admins in both your organization and the invited user's organization must configure cross-tenant access settings to allow the invitation.", Refusal::CrossTenantBlocked),
            (400, "Request_BadRequest", "This user can't be invited to this directory: the external collaboration settings do not allow invitations to the domain 'x.example'.", Refusal::DomainNotAllowed),
        ];
        for (status, code, message, expected) in cases {
            assert_eq!(classify(&body(status, code, message)), Some(expected), "{message}");
        }
    }

    #[test]
    fn unknown_messages_fall_back_to_the_status() {
        assert_eq!(classify(&body(400, "Request_BadRequest", "Something new.")), Some(Refusal::Other { status: 400 }));
        assert_eq!(classify(&body(409, "", "")), Some(Refusal::Other { status: 409 }));
        assert_eq!(classify(&GraphError::ForeignNextLink), None);
    }
}
