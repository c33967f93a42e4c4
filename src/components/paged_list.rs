//! A Graph list as a view loads it: the first page for the current query (debounced, so typing sends one
//! query), further pages appended on request. Every load stops when the view goes away or a newer one
//! supersedes it, before it touches a signal. The user search and the guest list both use it.

use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::page::{self, Page, PageRequest};
use crate::web::cancel::{Cancellation, Latest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;

/// Wait this long after the last change of a query before loading its first page.
const DEBOUNCE_MS: u32 = 300;

pub type Loaded<T> = Option<Result<Page<T>, GraphError>>;

pub struct PagedList<T: Send + Sync + 'static> {
    graph: GraphClient,
    cancel: Cancellation,
    latest: Latest,
    pub loaded: RwSignal<Loaded<T>>,
    pub loading: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        PagedList {
            graph: self.graph.clone(),
            cancel: self.cancel.clone(),
            latest: self.latest.clone(),
            loaded: self.loaded,
            loading: self.loading,
        }
    }
}

impl<T: DeserializeOwned + Send + Sync + 'static> PagedList<T> {
    pub fn new(graph: GraphClient) -> PagedList<T> {
        PagedList {
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

    /// Loads a page: a first page replaces the list, a next page is appended to it.
    pub fn start(&self, request: PageRequest) {
        let (me, ticket) = (self.clone(), self.latest.begin());
        spawn_local(async move {
            if request.is_first() {
                gloo_timers::future::TimeoutFuture::new(DEBOUNCE_MS).await;
            }
            if me.stale(ticket) {
                return;
            }
            me.loading.try_set(true);
            let result = me.graph.load_page::<T>(&request).await;
            if me.stale(ticket) {
                return;
            }
            me.loading.try_set(false);
            match (request.is_first(), result) {
                (false, Ok(more)) => {
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

    /// Loads the first page and then every next one, showing each as it arrives; a newer load stops it.
    pub fn start_all(&self, first_path: String) {
        let (me, ticket) = (self.clone(), self.latest.begin());
        spawn_local(async move {
            me.loading.try_set(true);
            let mut request = PageRequest::First(first_path);
            loop {
                let result = me.graph.load_page::<T>(&request).await;
                if me.stale(ticket) {
                    return;
                }
                let next = match result {
                    Ok(page) => {
                        let next = page.next_link.clone();
                        me.loaded.try_update(|l| match (request.is_first(), l) {
                            (false, Some(Ok(loaded))) => page::append(loaded, page),
                            (_, l) => *l = Some(Ok(page)),
                        });
                        next
                    }
                    Err(e) => {
                        me.loaded.try_set(Some(Err(e)));
                        None
                    }
                };
                match next {
                    Some(link) => request = PageRequest::Next(link),
                    None => break,
                }
            }
            me.loading.try_set(false);
        });
    }

    /// Forgets the list and any load under way.
    pub fn clear(&self) {
        self.latest.begin();
        self.loaded.set(None);
        self.loading.set(false);
    }

    /// Changes the loaded items in place (e.g. after a write this page made), without loading again.
    pub fn update_each(&self, change: impl Fn(&mut T)) {
        self.loaded.update(|l| {
            if let Some(Ok(page)) = l {
                page.value.iter_mut().for_each(&change);
            }
        });
    }

    /// Drops the items `gone` says are gone (e.g. deleted from this page), without loading again.
    pub fn remove(&self, gone: impl Fn(&T) -> bool) {
        self.loaded.update(|l| {
            if let Some(Ok(page)) = l {
                let before = page.value.len();
                page.value.retain(|x| !gone(x));
                let removed = (before - page.value.len()) as u64;
                page.count = page.count.map(|c| c.saturating_sub(removed));
            }
        });
    }
}
