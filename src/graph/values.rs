//! Graph's string-valued enums. Each keeps an `Unknown` arm with the text as Microsoft sent it, so a value
//! added to Graph later never breaks parsing and is still shown as sent.

/// Declares a string enum that (de)serialises as its Graph spelling, with an `Unknown(String)` fallback.
macro_rules! graph_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this app does not know yet, kept as Microsoft sent it.
            Unknown(String),
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Unknown(s),
                }
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.as_graph_str().to_string()
            }
        }

        impl $name {
            /// The value exactly as Graph spells it.
            pub fn as_graph_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(s) => s,
                }
            }
        }
    };
}

graph_string_enum! {
    /// `user.userType`.
    UserType { Member = "Member", Guest = "Guest" }
}

graph_string_enum! {
    /// `user.externalUserState`; `null` (not invited) is `Option::None` where it is read.
    ExternalUserState { PendingAcceptance = "PendingAcceptance", Accepted = "Accepted" }
}

graph_string_enum! {
    /// An assignment policy's `allowedTargetScope`: who the policy is for.
    AllowedTargetScope {
        NotSpecified = "notSpecified",
        SpecificDirectoryUsers = "specificDirectoryUsers",
        SpecificConnectedOrganizationUsers = "specificConnectedOrganizationUsers",
        SpecificDirectoryServicePrincipals = "specificDirectoryServicePrincipals",
        AllMemberUsers = "allMemberUsers",
        AllDirectoryUsers = "allDirectoryUsers",
        AllDirectoryServicePrincipals = "allDirectoryServicePrincipals",
        AllConfiguredConnectedOrganizationUsers = "allConfiguredConnectedOrganizationUsers",
        AllExternalUsers = "allExternalUsers",
    }
}

graph_string_enum! {
    /// An access package assignment request's `state`.
    RequestState {
        Submitted = "submitted",
        PendingApproval = "pendingApproval",
        Delivering = "delivering",
        Delivered = "delivered",
        DeliveryFailed = "deliveryFailed",
        Denied = "denied",
        Scheduled = "scheduled",
        Canceled = "canceled",
        PartiallyDelivered = "partiallyDelivered",
    }
}

graph_string_enum! {
    /// `invitation.status`, documented as PendingAcceptance, Completed, InProgress or Error.
    InvitationStatus { PendingAcceptance = "PendingAcceptance", Completed = "Completed", InProgress = "InProgress", Error = "Error" }
}

graph_string_enum! {
    /// `invitation.invitedUserType`.
    InvitedUserType { Guest = "Guest", Member = "Member" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_parse_and_new_ones_are_kept() {
        let v: Vec<ExternalUserState> =
            serde_json::from_str(r#"["PendingAcceptance","Accepted","Pending Acceptance"]"#).unwrap();
        assert_eq!(
            v,
            vec![
                ExternalUserState::PendingAcceptance,
                ExternalUserState::Accepted,
                ExternalUserState::Unknown("Pending Acceptance".into())
            ]
        );
        assert_eq!(serde_json::to_string(&UserType::Guest).unwrap(), r#""Guest""#);
        assert_eq!(serde_json::to_string(&InvitationStatus::Unknown("Paused".into())).unwrap(), r#""Paused""#);
        let s: InvitationStatus = serde_json::from_str(r#""Completed""#).unwrap();
        assert_eq!(s, InvitationStatus::Completed);
    }
}
