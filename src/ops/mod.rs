//! The async steps that more than one feature takes, with typed inputs and outputs and their errors in words:
//! an invitation after the existence check (the invite form, a partner's request), a conversion (the convert
//! page, a guest's reset). A step only one feature takes stays in that feature's folder.

pub mod convert;
pub mod follow_up;
pub mod invite;
pub mod invite_policy;
pub mod self_service;
