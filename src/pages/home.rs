use crate::config::Config;
use leptos::prelude::*;

/// The landing view for admins.
#[component]
pub fn HomePage(config: Config) -> impl IntoView {
    view! {
        <h1 id="page-title" tabindex="-1">{format!("Guest onboarding for {}", config.organization.display_name)}</h1>
        <p>"Invite partners to collaborate with your organisation, hand them their redeem link yourself, and convert existing internal accounts to B2B collaboration."</p>
        <dl class="facts">
            <dt>"Tenant"</dt><dd><code>{config.tenant()}</code></dd>
            <dt>"Sign-in service"</dt><dd><code>{config.login_host()}</code></dd>
        </dl>
    }
}
