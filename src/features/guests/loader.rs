//! Loads the list: the first page for the current filters (debounced, so typing a search sends one
//! query), and further pages on request. Every load stops when the view goes away or a newer one
//! supersedes it, before it touches a signal.

use crate::cancel::{Cancellation, Latest};
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::guests::{self, Guest, GuestPage};
use crate::graph::page::{self, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Wait this long after the last change of a filter before loading.
const DEBOUNCE_MS: u32 = 300;

pub type Loaded = Option<Result<Page<Guest>, GraphError>>;

#[derive(Clone)]
pub struct GuestLoader {
    graph: GraphClient,
    cancel: Cancellation,
    latest: Latest,
    pub loaded: RwSignal<Loaded>,
    pub loading: RwSignal<bool>,
}

impl GuestLoader {
    pub fn new(graph: GraphClient) -> GuestLoader {
        GuestLoader {
            graph,
            cancel: Cancellation::for_this_view(),
            latest: Latest::default(),
            loaded: RwSignal::new(None),
            loading: RwSignal::new(false),
        }
    }

    fn stale(&self, ticket: u32) -> bool {
        self.cancel.is_cancelled() || !self.latest.is_current(ticket)
    }

    pub fn start(&self, page: GuestPage) {
        let (me, ticket) = (self.clone(), self.latest.begin());
        spawn_local(async move {
            if matches!(page, GuestPage::First(_)) {
                gloo_timers::future::TimeoutFuture::new(DEBOUNCE_MS).await;
            }
            if me.stale(ticket) {
                return;
            }
            me.loading.try_set(true);
            let result = guests::list(&me.graph, &page).await;
            if me.stale(ticket) {
                return;
            }
            me.loading.try_set(false);
            match (page, result) {
                (GuestPage::Next(_), Ok(more)) => {
                    me.loaded.try_update(|l| {
                        if let Some(Ok(loaded)) = l {
                            page::append(loaded, more);
                        }
                    });
                }
                (_, result) => {
                    me.loaded.try_set(Some(result));
                }
            }
        });
    }

    /// Forgets guests that are gone (deleted from this page), without loading again.
    pub fn remove(&self, ids: &[String]) {
        self.loaded.update(|l| {
            if let Some(Ok(page)) = l {
                let before = page.value.len();
                page.value.retain(|g| !ids.contains(&g.id));
                let removed = (before - page.value.len()) as u64;
                page.count = page.count.map(|c| c.saturating_sub(removed));
            }
        });
    }
}
