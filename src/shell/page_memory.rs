//! What a page holds that a language switch must not lose: a switch builds the page again (every word is
//! read when a view is built), so the signals behind the page's inputs live here, outside the page, for as long
//! as the address stays the same. Navigating to another page forgets them, as before.

use leptos::prelude::*;
use std::any::Any;
use std::collections::HashMap;
use std::rc::Rc;

/// The signals of the current route, owned by an owner of their own so that leaving the route frees them.
#[derive(Clone, Copy)]
pub struct PageMemory {
    inner: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    owner: Owner,
    signals: HashMap<&'static str, Rc<dyn Any>>,
}

impl PageMemory {
    fn fresh() -> Inner {
        Inner { owner: Owner::new(), signals: HashMap::new() }
    }

    /// Forgets the route's signals. Their owner is dropped a frame later, once the old page is gone, so that
    /// nothing of it can read a freed signal.
    pub fn forget(self) {
        let old = self.inner.try_update_value(|inner| std::mem::replace(inner, PageMemory::fresh()));
        if let Some(old) = old {
            request_animation_frame(move || drop(old));
        }
    }

    fn find(self, key: &'static str) -> Option<Rc<dyn Any>> {
        self.inner.try_with_value(|inner| inner.signals.get(key).cloned()).flatten()
    }

    fn owner(self) -> Option<Owner> {
        self.inner.try_with_value(|inner| inner.owner.clone())
    }

    fn keep(self, key: &'static str, signal: Rc<dyn Any>) {
        self.inner.try_update_value(|inner| inner.signals.insert(key, signal));
    }
}

pub fn provide() -> PageMemory {
    let memory = PageMemory { inner: StoredValue::new_local(PageMemory::fresh()) };
    provide_context(memory);
    memory
}

/// The signal kept under `key` for this route, made with `init` the first time. Without a shell (a
/// component mounted alone), a plain signal. Only the lines that must know `T` are generic.
pub fn remembered<T: Send + Sync + 'static>(key: &'static str, init: impl FnOnce() -> T) -> RwSignal<T> {
    let memory = use_context::<PageMemory>();
    if let Some(found) = memory.and_then(|m| m.find(key)).and_then(|s| s.downcast_ref::<RwSignal<T>>().copied()) {
        return found;
    }
    let signal = match memory.and_then(PageMemory::owner) {
        Some(owner) => owner.with(|| RwSignal::new(init())),
        None => RwSignal::new(init()),
    };
    if let Some(m) = memory {
        m.keep(key, Rc::new(signal));
    }
    signal
}
