//! View pieces and view-level services that several features share: panels, the hand-over, the invitation
//! fields, the account bar and language switch, and a Graph list as a view loads it.

pub mod access_fields;
pub mod account_bar;
pub mod auth_gate;
pub mod broken_link;
pub mod directory_pickers;
pub mod domain_policy_note;
pub mod error_panel;
pub mod follow_up_panel;
pub mod handover;
pub mod invitation_fields;
pub mod invite_form;
pub mod language_switch;
pub mod paged_list;
pub mod pager;
pub mod result_panel;
pub mod upn_confirmation;
