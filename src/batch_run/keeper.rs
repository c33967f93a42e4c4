//! Keeps the current run in IndexedDB while it goes: the run when it starts, the rows about to be sent
//! (awaited before they leave), and every outcome, saved every few seconds and at the end.

use super::outcome::RowResult;
use super::saved_run::{SavedRow, SavedRun, LAUNCHED_KEY, RUN_KEY};
use super::send::RunHooks;
use super::steps::SavedStep;
use crate::web::indexed_db;
use std::sync::{Arc, Mutex};

/// How often outcomes are saved while a run goes.
const SAVE_EVERY_MS: f64 = 2_000.0;

#[derive(Default)]
struct Kept {
    run: Option<SavedRun>,
    /// Rows handed to Graph since the run was last saved.
    launched: Vec<usize>,
    last_save_ms: f64,
    saving: bool,
}

#[derive(Clone, Default)]
pub struct Keeper(Arc<Mutex<Kept>>);

impl Keeper {
    /// Starts keeping `run` (rows in `check` are marked to be looked up, should the page go away again);
    /// an error when this browser cannot keep it (no IndexedDB, as in some private windows).
    pub async fn begin(&self, mut run: SavedRun, check: &[usize]) -> Result<(), String> {
        for &i in check {
            if let Some(r) = run.rows.get_mut(i) {
                *r = SavedRow::Unknown;
            }
        }
        let text = serde_json::to_string(&run).map_err(|e| e.to_string())?;
        if let Ok(mut k) = self.0.lock() {
            *k = Kept { run: Some(run), last_save_ms: js_sys::Date::now(), ..Kept::default() };
        }
        indexed_db::put(RUN_KEY, &text).await?;
        indexed_db::put(LAUNCHED_KEY, "[]").await
    }

    /// The run's hooks for one dispatch; `rows[p]` is the run's row for position `p` of that dispatch.
    pub fn hooks(&self, rows: Vec<usize>) -> RunHooks {
        let rows = Arc::new(rows);
        let (keeper, rows_sent) = (self.clone(), rows.clone());
        let before_send = move |positions: Vec<usize>| {
            let keeper = keeper.clone();
            let launched: Vec<usize> = positions.iter().filter_map(|&p| rows_sent.get(p).copied()).collect();
            Box::pin(async move { keeper.launched(launched).await }) as futures::future::LocalBoxFuture<'static, ()>
        };
        let keeper = self.clone();
        let settled = move |p: usize, r: &RowResult| {
            if let Some(&row) = rows.get(p) {
                keeper.settled(row, r);
            }
        };
        RunHooks { before_send: Box::new(before_send), settled: Box::new(settled) }
    }

    /// A step after an invitation ended; saved with the next save (a step may be sent again without harm).
    pub fn step_settled(&self, row: usize, step: usize, saved: SavedStep) {
        self.change(|run| {
            if run.steps.len() < run.rows.len() {
                run.steps.resize_with(run.rows.len(), Vec::new);
            }
            if let Some(slot) = run.steps.get_mut(row).and_then(|r| r.get_mut(step)) {
                *slot = saved;
            }
        });
    }

    async fn launched(&self, rows: Vec<usize>) {
        let text = match self.0.lock() {
            Ok(mut k) => {
                k.launched.extend(rows);
                serde_json::to_string(&k.launched).unwrap_or_default()
            }
            Err(_) => return,
        };
        let _ = indexed_db::put(LAUNCHED_KEY, &text).await;
    }

    fn settled(&self, row: usize, result: &RowResult) {
        self.change(|run| {
            if let Some(slot) = run.rows.get_mut(row) {
                *slot = SavedRow::from(result);
            }
        });
    }

    /// Changes the kept run, and saves it when the last save is a while ago.
    fn change(&self, f: impl FnOnce(&mut SavedRun)) {
        let now = js_sys::Date::now();
        let due = match self.0.lock() {
            Ok(mut k) => {
                if let Some(run) = k.run.as_mut() {
                    f(run);
                }
                let due = !k.saving && now - k.last_save_ms >= SAVE_EVERY_MS;
                k.saving |= due;
                due
            }
            Err(_) => false,
        };
        if due {
            let keeper = self.clone();
            wasm_bindgen_futures::spawn_local(async move { keeper.save().await });
        }
    }

    /// Saves the run, then forgets the launched rows the save covered.
    pub async fn save(&self) {
        let (text, covered) = match self.0.lock() {
            Ok(k) => (k.run.as_ref().and_then(|r| serde_json::to_string(r).ok()), k.launched.len()),
            Err(_) => return,
        };
        if let Some(text) = text {
            let _ = indexed_db::put(RUN_KEY, &text).await;
        }
        let launched = match self.0.lock() {
            Ok(mut k) => {
                let covered = covered.min(k.launched.len());
                k.launched.drain(..covered);
                k.saving = false;
                k.last_save_ms = js_sys::Date::now();
                serde_json::to_string(&k.launched).unwrap_or_default()
            }
            Err(_) => return,
        };
        let _ = indexed_db::put(LAUNCHED_KEY, &launched).await;
    }

    /// After a dispatch: saves the outcome, and forgets a run with nothing left to send or check.
    pub async fn finish(&self) {
        let left = self.0.lock().ok().and_then(|k| k.run.as_ref().map(SavedRun::left)).unwrap_or(0);
        if left == 0 {
            Keeper::discard().await;
        } else {
            self.save().await;
        }
    }

    pub async fn discard() {
        let _ = indexed_db::delete(RUN_KEY).await;
        let _ = indexed_db::delete(LAUNCHED_KEY).await;
    }

    /// The unfinished run this account left, with the rows launched after its last save. Another account's
    /// run, or one whose parts do not line up, is removed, never shown.
    pub async fn load(account: &str) -> Option<(SavedRun, Vec<usize>)> {
        let run: SavedRun = serde_json::from_str(&indexed_db::get(RUN_KEY).await.ok()??).ok()?;
        if !run.account.eq_ignore_ascii_case(account) || !run.is_whole() {
            Keeper::discard().await;
            return None;
        }
        let launched = indexed_db::get(LAUNCHED_KEY)
            .await
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str::<Vec<usize>>(&t).ok())
            .unwrap_or_default();
        (run.left() > 0).then_some((run, launched))
    }
}
