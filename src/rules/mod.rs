//! Pure rules, tested natively: Graph's email rules, the invite form's draft and its
//! validation, the conversion decision, the partner link, the redeem allow-list and the `mailto:` link.
//! They return data (enums), never sentences: `text` says them in words.

pub mod access_package_rules;
pub mod access_request;
pub mod bulk_file;
pub mod bulk_preflight;
pub mod directory_names;
pub mod email;
pub mod external_orgs;
pub mod follow_up;
pub mod guest_rules;
pub mod handover;
pub mod inactivity;
pub mod inline_script;
pub mod internal_user_rules;
pub mod invitation_draft;
pub mod invitation_outcome;
pub mod invite_policy;
pub mod join_link;
pub mod languages;
pub mod partner_link;
pub mod permission;
pub mod redeem_allowlist;
pub mod self_service;
pub mod user_change;
