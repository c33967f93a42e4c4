//! Invite a partner: the form (kept in sessionStorage as typed) and the result with every way to hand the link
//! over. The form and the existence check with the invitation are shared (`components::invite_form`,
//! `ops::invite`): the review of a partner's request uses them too.

pub mod view;
