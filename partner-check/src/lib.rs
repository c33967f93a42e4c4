//! What `index.html` needs to offer a partner the one step of a welcome or join link before the app's main
//! module is here: the app's own checks, compiled without Leptos, so the offer is exactly the one the view makes
//! (`features::partner_welcome`, `features::join`). The main module's view replaces it when it starts.

use b2b_portal::config::Config;
use b2b_portal::rules::access_package_rules::my_access_url;
use b2b_portal::rules::join_link::JoinLink;
use b2b_portal::rules::partner_link::PartnerLink;
use b2b_portal::rules::redeem_allowlist::{check, RedeemPolicy};
use wasm_bindgen::prelude::*;

/// For the text of `config.json` and a welcome link's payload: the checked redeem URL and the inviting
/// organisation's name, or nothing when the app would not offer to accept (a config it refuses, a damaged link,
/// a redeem URL that is not our tenant's).
#[wasm_bindgen]
pub fn accept_offer(config_json: &str, payload: &str) -> Option<Vec<String>> {
    let config = Config::from_json(config_json).ok()?;
    let link = PartnerLink::decode(payload).ok()?;
    let login_host = config.login_host().to_ascii_lowercase();
    let policy =
        RedeemPolicy { login_host: &login_host, tenant_id: &config.tenant_id, extra_hosts: &config.extra_redeem_hosts };
    let url = check(&link.redeem, &policy).ok()?;
    Some(vec![url.to_string(), config.organization.display_name])
}

/// For the text of `config.json` and a join link's payload: the My Access address of the package, which this
/// builds for the configured cloud and tenant (never from the link), and the organisation's name; or nothing.
#[wasm_bindgen]
pub fn join_offer(config_json: &str, payload: &str) -> Option<Vec<String>> {
    let config = Config::from_json(config_json).ok()?;
    let link = JoinLink::decode(payload).ok()?;
    let url = my_access_url(&config.login_host(), &config.directory_hint(), &link.package)?;
    Some(vec![url, config.organization.display_name])
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r##"{
        "authority": "https://login.microsoftonline.com/69997834-fa40-45da-aaaa-382c3bdc66c3",
        "clientId": "00001111-aaaa-2222-bbbb-3333cccc4444",
        "graphBaseUrl": "https://graph.microsoft.com/v1.0",
        "organization": { "displayName": "Contoso & \"Partners\" Ltd" },
        "defaultInviteRedirectUrl": "https://myapps.microsoft.com/"
    }"##;
    /// Microsoft's documented `inviteRedeemUrl` (https://learn.microsoft.com/graph/api/invitation-post), our tenant.
    const REDEEM: &str = "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d69997834-fa40-45da-aaaa-382c3bdc66c3%26user%3d9071bfde-35e0-47d2-a582-d244ab1b4af6%26ticket%3dwCFIFW%26ver%3d2.0";

    fn payload(redeem: &str) -> String {
        let link = PartnerLink::new(redeem, Some("See you <i>soon</i>"));
        link.url("https://portal.example/b2b/").rsplit_once("#/welcome/").map(|(_, p)| p.to_string()).unwrap()
    }

    #[test]
    fn our_tenants_link_is_offered_with_the_organisations_name_as_written() {
        let offer = accept_offer(CONFIG, &payload(REDEEM)).expect("offered");
        assert_eq!(offer, [REDEEM.to_string(), "Contoso & \"Partners\" Ltd".to_string()]);
    }

    #[test]
    fn a_join_link_goes_to_my_access_for_our_tenant_whatever_it_carries() {
        let package = "1b2c3d4e-0000-4000-8000-00000000000a";
        let link = JoinLink::new(package, "Supplier portal", Some("https://evil.example"));
        let join = link.url("https://portal.example/b2b/").rsplit_once("#/join/").map(|(_, p)| p.to_string()).unwrap();
        let want =
            format!("https://myaccess.microsoft.com/@69997834-fa40-45da-aaaa-382c3bdc66c3#/access-packages/{package}");
        assert_eq!(join_offer(CONFIG, &join), Some(vec![want, "Contoso & \"Partners\" Ltd".to_string()]));
        assert_eq!(join_offer(CONFIG, "not-a-link"), None);
        assert_eq!(join_offer(CONFIG, &payload(REDEEM)), None, "a welcome link is no join link");
    }

    #[test]
    fn whatever_the_app_would_refuse_is_not_offered() {
        let elsewhere = REDEEM.replace("login.microsoftonline.com", "login.evil.example");
        let other_tenant =
            REDEEM.replace("69997834-fa40-45da-aaaa-382c3bdc66c3", "11112222-3333-4444-5555-666677778888");
        let placeholder = CONFIG.replace("00001111-aaaa-2222-bbbb-3333cccc4444", "<your-application-client-id>");
        for (config, link) in [
            (CONFIG, payload(&elsewhere)),
            (CONFIG, payload(&other_tenant)),
            (CONFIG, payload("javascript:alert(1)")),
            (CONFIG, format!("{}x", payload(REDEEM))),
            (CONFIG, "not-a-link".to_string()),
            (placeholder.as_str(), payload(REDEEM)),
            ("{", payload(REDEEM)),
        ] {
            assert_eq!(accept_offer(config, &link), None, "{config} {link}");
        }
    }
}
