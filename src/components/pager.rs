//! A long list shown a page at a time, so 50,000 rows never become 50,000 table rows in the page.

use crate::text::ui::bulk as t;
use leptos::prelude::*;

/// Rows per page.
pub const PAGE: usize = 100;

/// The page's first index for a row count, kept in range when the list shrinks.
pub fn clamp_start(start: usize, total: usize) -> usize {
    if total == 0 {
        0
    } else {
        start.min((total - 1) / PAGE * PAGE)
    }
}

/// "Rows 1–100 of 250" and the previous/next buttons; `id` makes the ids unique per table.
#[component]
pub fn Pager(id: &'static str, start: RwSignal<usize>, total: Signal<usize>) -> impl IntoView {
    let first = move || clamp_start(start.get(), total.get());
    let label_id = format!("{id}-pages");
    let labelled_by = label_id.clone();
    view! {
        <div class="pager" role="group" aria-labelledby=labelled_by>
            <button type="button" class="secondary" disabled=move || first() == 0 on:click=move |_| start.set(first().saturating_sub(PAGE))>
                {t::previous()}
            </button>
            <span id=label_id aria-live="polite">
                {move || {
                    let (f, n) = (first(), total.get());
                    t::page_of(if n == 0 { 0 } else { f + 1 }, (f + PAGE).min(n), n)
                }}
            </span>
            <button type="button" class="secondary" disabled={move || first() + PAGE >= total.get()} on:click=move |_| start.set(first() + PAGE)>
                {t::next()}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_start_stays_in_range() {
        assert_eq!(clamp_start(0, 0), 0);
        assert_eq!(clamp_start(200, 250), 200);
        assert_eq!(clamp_start(300, 250), 200, "the list shrank under the last page");
        assert_eq!(clamp_start(100, 100), 0);
    }
}
