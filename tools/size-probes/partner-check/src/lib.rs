//! What a pre-rendered "Accept invitation" needs, without Leptos: the config's checks, the link's decoder and
//! the redeem check. Returns the redeem URL to go to, or nothing.
use b2b_portal::config::Config;
use b2b_portal::rules::partner_link::PartnerLink;
use b2b_portal::rules::redeem_allowlist::{check, RedeemPolicy};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn accept_url(config_json: &str, payload: &str) -> Option<String> {
    let config = Config::from_json(config_json).ok()?;
    let link = PartnerLink::decode(payload).ok()?;
    let login_host = config.login_host().to_ascii_lowercase();
    let policy =
        RedeemPolicy { login_host: &login_host, tenant_id: &config.tenant_id, extra_hosts: &config.extra_redeem_hosts };
    check(&link.redeem, &policy).ok().map(|u| u.to_string())
}
