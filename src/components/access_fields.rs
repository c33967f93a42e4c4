//! The invite form's access section: the groups the guest joins, the sponsors sent with the invitation (the
//! signed-in admin at first), and the profile written on the new account. A part the signed-in token has no
//! permission for is shown disabled, with the one sentence that says which permission and role unlock it. The
//! groups part stands alone too (`GroupsField`), for the guests page's resends.

use super::directory_pickers::{GroupPicker, SponsorPicker};
use super::invitation_fields::{DraftField, DraftForm};
use crate::auth::session::AuthStatus;
use crate::graph::directory_roles::my_capabilities;
use crate::rules::follow_up::{
    role_groups, ChosenGroup, RoleAssignableGroups, GROUPS_PERMISSION, MAX_GROUPS, MAX_SPONSORS, PROFILE_PERMISSION,
};
use crate::rules::invitation_draft::{ChosenPerson, Field};
use crate::rules::permission::{permission, Permission};
use crate::shell::context::{use_graph, use_session};
use crate::text::ui::access as t;
use leptos::prelude::*;

/// Asks for an access token when none is held yet (a reload keeps the refresh token only), so the granted
/// permissions are known at once.
fn know_permissions_now() {
    let session = use_session();
    if session.granted_scopes().with_untracked(Vec::is_empty) {
        leptos::task::spawn_local(async move {
            let _ = session.access_token(false).await;
        });
    }
}

/// The groups the guest joins: the picker, disabled with the reason while the permission is missing.
#[component]
pub fn GroupsField(
    chosen: Signal<Vec<ChosenGroup>>,
    on_change: Callback<Vec<ChosenGroup>>,
    /// The search box's id.
    id: String,
) -> impl IntoView {
    know_permissions_now();
    let granted = use_session().granted_scopes();
    let groups_permission = Memo::new(move |_| granted.with(|g| permission(g, GROUPS_PERMISSION)));
    let graph = use_graph();
    let roles = LocalResource::new(move || {
        let graph = graph.clone();
        async move { my_capabilities(&graph).await }
    });
    let role_groups = Signal::derive(move || match roles.get() {
        Some(Ok(c)) => role_groups(&c.roles),
        _ => RoleAssignableGroups::MayNotManage,
    });
    let groups_off = Signal::derive(move || groups_permission.get() != Permission::Granted);
    view! {
        <fieldset>
            <legend>{t::groups()}</legend>
            <p class="hint">{t::groups_hint(MAX_GROUPS)}</p>
            {move || {
                t::permission(groups_permission.get(), t::groups_permission, GROUPS_PERMISSION)
                    .map(|why| view! { <p class="warning">{why}</p> })
            }}
            <GroupPicker chosen=chosen on_change=on_change role_groups=role_groups disabled=groups_off id=id/>
        </fieldset>
    }
}

#[component]
pub fn AccessFields(form: DraftForm) -> impl IntoView {
    know_permissions_now();
    let session = use_session();
    let granted = session.granted_scopes();
    let profile_permission = Memo::new(move |_| granted.with(|g| permission(g, PROFILE_PERMISSION)));
    // The signed-in admin sponsors the guest unless they change it; an emptied list stays empty.
    let status = session.status();
    Effect::new(move |_| {
        if let AuthStatus::SignedIn(a) = status.get() {
            if !form.draft.with_untracked(|d| d.sponsors_set) {
                form.draft.update(|d| {
                    d.sponsors = vec![ChosenPerson { id: a.object_id, name: a.display_name, detail: a.username }];
                    d.sponsors_set = true;
                });
            }
        }
    });
    let profile_off = Signal::derive(move || profile_permission.get() != Permission::Granted);
    view! {
        <fieldset class="access">
            <legend>{t::heading()}</legend>
            <p class="hint">{t::intro()}</p>
            <GroupsField
                chosen=Signal::derive(move || form.draft.with(|d| d.groups.clone()))
                on_change=Callback::new(move |groups| form.draft.update(|d| d.groups = groups))
                id=form.id(Field::Groups)
            />
            <fieldset>
                <legend>{t::sponsors()}</legend>
                <p class="hint">{t::sponsors_hint(MAX_SPONSORS)}</p>
                <SponsorPicker
                    chosen=Signal::derive(move || form.draft.with(|d| d.sponsors.clone()))
                    on_change=Callback::new(move |sponsors| form.draft.update(|d| d.sponsors = sponsors))
                    disabled=Signal::derive(|| false)
                    id=form.id(Field::Sponsors)
                    empty_hint=t::no_sponsor()
                />
            </fieldset>
            <fieldset disabled=move || profile_off.get()>
                <legend>{t::profile()}</legend>
                {move || {
                    t::permission(profile_permission.get(), t::profile_permission, PROFILE_PERMISSION)
                        .map(|why| view! { <p class="warning">{why}</p> })
                }}
                {Field::PROFILE.into_iter().map(|f| view! { <DraftField form=form field=f/> }).collect_view()}
            </fieldset>
        </fieldset>
    }
}
