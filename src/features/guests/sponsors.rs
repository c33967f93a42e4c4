//! The loaded guests' sponsors: read in `$batch` as pages arrive (the list's query cannot `$expand` them), kept
//! by guest, and updated in place when this page adds one.

use super::ops::read_sponsors;
use crate::components::paged_list::Loaded;
use crate::graph::guests::{Guest, Sponsor};
use crate::rules::guest_rules::SponsorsOf;
use crate::rules::invitation_draft::ChosenPerson;
use crate::shell::context::use_graph;
use crate::web::cancel::Cancellation;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// Sponsors read in one go: the most Graph gives in a page with sign-ins, well inside the write pacer's window.
const READS_AT_ONCE: usize = 500;

#[derive(Clone, Copy)]
pub struct SponsorBook {
    pub of: RwSignal<HashMap<String, SponsorsOf>>,
}

impl SponsorBook {
    /// Reads the sponsors of every loaded guest not read yet, whenever the list changes and no page is on its
    /// way: the reads never compete with the pages for the browser's connections.
    pub fn new(loaded: RwSignal<Loaded<Guest>>, loading: RwSignal<bool>) -> SponsorBook {
        let of = RwSignal::new(HashMap::<String, SponsorsOf>::new());
        let (graph, cancel) = (use_graph(), Cancellation::for_this_view());
        Effect::new(move |_| {
            if loading.get() {
                return;
            }
            let missing: Vec<String> = loaded.with(|l| match l {
                Some(Ok(p)) => of.with_untracked(|m| {
                    p.value.iter().filter(|g| !m.contains_key(&g.id)).map(|g| g.id.clone()).collect()
                }),
                _ => Vec::new(),
            });
            if missing.is_empty() {
                return;
            }
            of.update(|m| missing.iter().for_each(|id| drop(m.insert(id.clone(), SponsorsOf::Reading))));
            let (graph, cancel) = (graph.clone(), cancel.clone());
            spawn_local(async move {
                // A page's worth at a time, so the column fills as the reads come back.
                for chunk in missing.chunks(READS_AT_ONCE) {
                    let read = read_sponsors(&graph, chunk, || cancel.is_cancelled()).await;
                    if cancel.is_cancelled() {
                        return;
                    }
                    of.try_update(|m| {
                        for (id, r) in chunk.iter().zip(read) {
                            m.insert(id.clone(), r.map_or(SponsorsOf::Unreadable, SponsorsOf::Known));
                        }
                    });
                }
            });
        });
        SponsorBook { of }
    }

    /// What this page just added shows at once.
    pub fn added(&self, ids: &[String], p: &ChosenPerson) {
        self.of.update(|m| {
            for id in ids {
                if let Some(SponsorsOf::Known(s)) = m.get_mut(id) {
                    if !s.iter().any(|x| x.id == p.id) {
                        s.push(Sponsor { id: p.id.clone(), display_name: Some(p.name.clone()) });
                    }
                }
            }
        });
    }

    /// Whether this guest is known to have this sponsor already.
    pub fn has(&self, guest: &str, sponsor: &str) -> bool {
        self.of.with(|m| m.get(guest).and_then(SponsorsOf::known).is_some_and(|s| s.iter().any(|x| x.id == sponsor)))
    }
}
