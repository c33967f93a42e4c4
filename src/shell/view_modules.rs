//! The views whose code arrives in a module of its own the first time one of them is shown, so the first
//! visit downloads the shell and sign-in only: the admin views, the partner views, and the signed-in part of
//! the start page (it needs the Graph client). The token requests are split the same way, in `auth::client`.
//!
//! With the `split` feature (the release build, `cargo xtask dist`), each function below is a split point of
//! `wasm_split_helpers` (re-exported by Leptos): the build cuts its code out of the main module, and calling
//! it fetches that module first. Without the feature (native and wasm tests, clippy) it is an ordinary
//! function, so those builds need no splitting step.

use crate::auth::session::AuthStatus;
use crate::components::error_panel::ErrorPanel;
use crate::features::access_packages::view::AccessPackagesPage;
use crate::features::access_request::{request::RequestPage, review::ReviewPage};
use crate::features::bulk::view::BulkPage;
use crate::features::convert::view::ConvertPage;
use crate::features::guests::view::GuestsPage;
use crate::features::invite::view::InvitePage;
use crate::features::join::JoinPage;
use crate::features::partner_welcome::PartnerWelcomePage;
use crate::features::{home::Capabilities, home::HomePage, home::TenantPolicy, not_found::NotFoundPage};
use crate::rules::inline_script::{partner_module, Module};
use crate::shell::routing::Route;
use crate::shell::ui_language::{self, WordsPart};
use crate::text::catalogue::Lang;
use crate::text::Explain;
use leptos::prelude::*;

/// Builds a view from its route's payload (ignored by views without one). A plain function pointer: it is
/// all that crosses from the split module, and the view is then built where the caller renders it.
pub type PageFn = fn(String) -> AnyView;

/// The split module could not be fetched (offline, or the site was replaced by a newer build).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLoaded;

/// The error in words, beside the error: `text` sits below the shell.
impl crate::text::Explain for NotLoaded {
    fn report(&self) -> crate::text::ErrorReport {
        use crate::text::catalogue::words::app as a;
        crate::text::ErrorReport::new(a::view_not_loaded(), a::view_not_loaded_what()).step(a::view_not_loaded_step())
    }
}

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// One split point: `$name` resolves to the page's builder, loading `$module` first in the release build.
macro_rules! split_page {
    ($name:ident, $module:ident, |$payload:ident| $build:expr) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name() -> Result<PageFn, NotLoaded> {
            Ok(|$payload: String| $build)
        }
        #[cfg(not(feature = "split"))]
        async fn $name() -> Result<PageFn, NotLoaded> {
            Ok(|$payload: String| $build)
        }
    };
}

split_page!(invite, invite, |_p| view! { <InvitePage/> }.into_any());
split_page!(bulk, admin, |_p| view! { <BulkPage/> }.into_any());
split_page!(guests, admin, |_p| view! { <GuestsPage/> }.into_any());
split_page!(access_packages, admin, |_p| view! { <AccessPackagesPage/> }.into_any());
split_page!(convert, admin, |_p| view! { <ConvertPage/> }.into_any());
split_page!(review, admin, |payload| view! { <ReviewPage payload=payload/> }.into_any());
split_page!(signed_in_home, signed_in_home, |_p| view! { <Capabilities/> <TenantPolicy/> }.into_any());
split_page!(request, partner_request, |payload| view! { <RequestPage payload=payload/> }.into_any());
split_page!(join, partner, |payload| view! { <JoinPage payload=payload/> }.into_any());
split_page!(welcome, partner, |payload| view! { <PartnerWelcomePage payload=payload/> }.into_any());

/// Reads the language of a partner's welcome link; in the partner module, with the link's decoder.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(partner, wasm_split_path = ::leptos::wasm_split, fallible)]
fn link_language_reader() -> Result<fn(&str) -> Option<Lang>, NotLoaded> {
    Ok(ui_language::link_language)
}
#[cfg(not(feature = "split"))]
async fn link_language_reader() -> Result<fn(&str) -> Option<Lang>, NotLoaded> {
    Ok(ui_language::link_language)
}

/// The language a partner's welcome link asks for, once the partner module is here (`None` if it cannot be
/// fetched: the page then explains that, in the reader's other choice of language).
pub async fn welcome_link_language(payload: &str) -> Option<Lang> {
    link_language_reader().await.ok()?(payload)
}

/// The language the page opens in asks this first: the language of the welcome link `route` is, if any.
pub async fn link_language(route: &Route) -> Option<Lang> {
    match route {
        Route::PartnerWelcome { payload } => welcome_link_language(payload).await,
        _ => None,
    }
}

/// The start page, in the main module; its signed-in part arrives with a module of its own.
pub fn home() -> AnyView {
    view! { <HomePage><SignedInPart/></HomePage> }.into_any()
}

/// What a signed-in admin may do needs Graph, so its code arrives with a module of its own: the first visit,
/// signed out, does not download the Graph client.
#[component]
fn SignedInPart() -> impl IntoView {
    let part = LocalResource::new(capabilities);
    move || match part.get() {
        None => view! { <p role="status">{crate::text::ui::home::checking_roles()}</p> }.into_any(),
        Some(Ok(build)) => build(String::new()),
        Some(Err(e)) => view! { <ErrorPanel report=e.report()/> }.into_any(),
    }
}

/// The signed-in part of the start page (the admin's roles, from Graph), once its module and words are here.
pub async fn capabilities() -> Result<PageFn, NotLoaded> {
    let words = ui_language::load_words_of(WordsPart::SignedInHome);
    let build = signed_in_home().await;
    words.await.map_err(|_| NotLoaded)?;
    build
}

/// The builder of a route's view, once its module and, in a fetched language, that module's words are here
/// (both requested at once). Home and "not found" live in the main module.
pub async fn load(route: &Route) -> Result<PageFn, NotLoaded> {
    let part = match route {
        Route::Home | Route::NotFound { .. } => return module(route).await,
        Route::Invite => WordsPart::Invite,
        _ => match partner_module(&route.to_fragment()) {
            Some(Module::PartnerRequest) => WordsPart::PartnerRequest,
            Some(_) => WordsPart::Partner,
            None => WordsPart::Admin,
        },
    };
    let words = ui_language::load_words_of(part);
    let build = module(route).await;
    // Either missing is the same failure for the view.
    words.await.map_err(|_| NotLoaded)?;
    build
}

async fn module(route: &Route) -> Result<PageFn, NotLoaded> {
    match route {
        Route::Invite => invite().await,
        Route::BulkInvite => bulk().await,
        Route::Guests => guests().await,
        Route::AccessPackages => access_packages().await,
        Route::ConvertInternalUser => convert().await,
        Route::Review { .. } => review().await,
        Route::Request { .. } => request().await,
        Route::Join { .. } => join().await,
        Route::PartnerWelcome { .. } => welcome().await,
        Route::Home => Ok(|_| home()),
        Route::NotFound { .. } => Ok(|fragment| view! { <NotFoundPage fragment=fragment/> }.into_any()),
    }
}

/// Once an admin has signed in, fetches the admin views' modules and the token requests' in the background, so
/// a click on Invite does not wait for them. Once per page load, and only after the view on screen has its own
/// module, so the background never competes with what the admin waits for.
pub fn preload_when_signed_in(status: RwSignal<AuthStatus>, route: RwSignal<Route>) {
    Effect::new(move |preloaded: Option<bool>| {
        let signed_in = matches!(status.get(), AuthStatus::SignedIn(_));
        if signed_in && preloaded != Some(true) {
            leptos::task::spawn_local(preload_admin_views(route.get_untracked()));
        }
        signed_in || preloaded == Some(true)
    });
}

/// One at a time, the view on screen first, then the invite form (most often opened next), then the rest. A
/// failure is left for the view to report when it opens (a load is tried again then).
async fn preload_admin_views(on_screen: Route) {
    // A reload keeps the refresh token, not the access token: the first Graph call renews it.
    crate::auth::sign_in_module::preload().await;
    let admin = [Route::Invite, Route::BulkInvite, Route::Guests, Route::AccessPackages, Route::ConvertInternalUser];
    let review = Route::Review { payload: String::new() };
    // Home and "not found" live in the main module: loading them fetches nothing.
    for route in std::iter::once(&on_screen).chain(&admin).chain([&review]) {
        let _ = load(route).await;
    }
}
