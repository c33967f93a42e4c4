//! The session, provided once by the shell and read by any view (as Leptos' `todomvc` example shares state).

use crate::auth::session::AuthStatus;
use crate::auth::session::Session;
use crate::config::Config;
use crate::graph::client::GraphClient;
use crate::rules::invitation_draft::ChosenPerson;
use leptos::prelude::*;

/// The handle in context: `Session` holds `Rc`s, so it lives in local (non-`Send`) storage.
pub type SessionHandle = StoredValue<Session, LocalStorage>;

/// Makes the session available to every view below the caller.
pub fn provide_session(session: Session) {
    provide_context::<SessionHandle>(StoredValue::new_local(session));
}

/// The signed-in session. Call it while a view is built, never after an `.await`.
pub fn use_session() -> Session {
    expect_context::<SessionHandle>().get_value()
}

/// A Graph client over the session.
pub fn use_graph() -> GraphClient {
    GraphClient::new(use_session())
}

/// The validated settings.
pub fn use_config() -> Config {
    use_session().config().clone()
}

/// The signed-in admin as a person to choose (a sponsor, an approver), once known.
pub fn use_me() -> Memo<Option<ChosenPerson>> {
    let status = use_session().status();
    Memo::new(move |_| match status.get() {
        AuthStatus::SignedIn(a) => Some(ChosenPerson { id: a.object_id, name: a.display_name, detail: a.username }),
        _ => None,
    })
}
