//! Access packages partners can request through My Access: the list with each package's catalog, policies
//! and a plain verdict, the share panel (My Access link, QR code, email, join page), and a package's
//! requests in flight. The partner's join page is `features::join`; the request link without entitlement management is made
//! here (`request_link`).

mod approvals;
pub mod request_link;
mod requests;
mod setup;
mod share;
pub mod view;
