//! The in-memory tenant: directory, sign-in state, outbox, request log and fault switches.

use crate::seed::{Seed, User};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

/// Token lifetimes; tests shorten them.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub access_token_s: i64,
    pub refresh_token_s: i64,
    pub code_s: i64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Lifetimes { access_token_s: 3599, refresh_token_s: 24 * 3600, code_s: 600 }
    }
}

/// `PUT /_emulator/faults`: injected on Graph calls. `{}` clears everything.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttle_ratio: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_ratio: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_ratio: Option<f64>,
    /// Leave `Retry-After` out of `Access-Control-Expose-Headers`, as real Graph was seen to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_retry_after: Option<bool>,
    /// Answer invitations with the tenant abuse block (403).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_abuse_block: Option<bool>,
    /// Only apply the ratio faults to Graph paths containing this text (e.g. `invitations`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_contains: Option<String>,
    /// Answer the first page of `/users` empty, with a `nextLink` to the real first page (Graph may do so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_first_page: Option<bool>,
    /// Cut the connection *after* a write was carried out (an invitation created, a whole `$batch` run), so
    /// the client cannot know the outcome: the case a bulk run must settle by looking before resending.
    /// Reads are never cut this way, and `path_contains` does not aim it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_after_ratio: Option<f64>,
    /// Like `drop_after_ratio`, for exactly the next this many writes (counted down), so a test knows which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_next_writes: Option<u32>,
    /// A user created by an invitation stays unknown to writes on it (group members, `PATCH`) for this many
    /// seconds, as a new object is not at once in every replica.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_delay_s: Option<i64>,
    /// Delay every token-endpoint answer by this much (a slow sign-in service, for races in the tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_latency_ms: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub tenant_id: String,
    pub user_id: String,
    pub scopes: Vec<String>,
    pub challenge: String,
    pub nonce: Option<String>,
    pub issued_at: i64,
    pub redeemed: bool,
    pub client_info: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshGrant {
    pub client_id: String,
    pub user_id: String,
    pub scopes: Vec<String>,
    /// The original interactive sign-in: SPA refresh tokens die 24 h after it, however often rotated.
    pub first_sign_in: i64,
    pub spa: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Invitation {
    pub id: String,
    pub user_id: String,
    pub invited_user_email_address: String,
    pub invite_redirect_url: String,
    pub ticket: String,
    pub created: String,
    pub redeemed: bool,
    pub invited_by: String,
    pub request: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub to: String,
    pub cc: Vec<String>,
    pub cc_dropped: usize,
    pub language: Option<String>,
    pub custom_body: Option<String>,
    pub redeem_url: String,
    pub invited_by: String,
    pub sent: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoggedRequest {
    pub time: String,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
    pub client_request_id: Option<String>,
    pub origin: Option<String>,
    /// True for a request that arrived inside a `$batch`.
    #[serde(default)]
    pub via_batch: bool,
}

/// What `--state FILE` persists.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Persisted {
    pub seed: Seed,
    pub invitations: Vec<Invitation>,
    pub outbox: Vec<OutboxMessage>,
    pub user_consents: HashMap<String, Vec<String>>,
    #[serde(default)]
    pub deleted_users: Vec<(User, String)>,
}

pub struct Tenant {
    pub seed: Seed,
    pub original_seed: Seed,
    pub invitations: Vec<Invitation>,
    pub outbox: Vec<OutboxMessage>,
    pub codes: HashMap<String, AuthCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    /// Browser sessions at the sign-in page (cookie value → user id).
    pub sessions: HashMap<String, String>,
    /// Per-user consent (user id → scopes), beside the app's admin consent.
    pub user_consents: HashMap<String, Vec<String>>,
    pub requests: Vec<LoggedRequest>,
    /// The recycle bin: deleted users with the time they were deleted (Graph keeps them 30 days).
    pub deleted_users: Vec<(User, String)>,
    pub faults: Faults,
    /// When each user an invitation created was created (emulator seconds), for the replication delay.
    pub created_at: HashMap<String, i64>,
    pub clock_offset_s: i64,
    pub lifetimes: Lifetimes,
    pub state_file: Option<PathBuf>,
    /// The rows behind each `/users` paging cursor, as its first page saw them (the latest few only): a
    /// `$skiptoken` page reads them instead of the whole directory again.
    pub list_cursors: std::collections::VecDeque<(u64, std::sync::Arc<Vec<serde_json::Value>>)>,
    pub next_cursor: u64,
}

impl Tenant {
    pub fn new(mut seed: Seed, lifetimes: Lifetimes, state_file: Option<PathBuf>) -> Tenant {
        seed.resolve_days_ago(chrono::Utc::now());
        let mut t = Tenant {
            original_seed: seed.clone(),
            seed,
            invitations: Vec::new(),
            outbox: Vec::new(),
            codes: HashMap::new(),
            refresh_tokens: HashMap::new(),
            sessions: HashMap::new(),
            user_consents: HashMap::new(),
            requests: Vec::new(),
            deleted_users: Vec::new(),
            faults: Faults::default(),
            created_at: HashMap::new(),
            clock_offset_s: 0,
            lifetimes,
            state_file,
            list_cursors: Default::default(),
            next_cursor: 0,
        };
        if let Some(saved) = t.state_file.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) {
            if let Ok(p) = serde_json::from_str::<Persisted>(&saved) {
                t.seed = p.seed;
                t.invitations = p.invitations;
                t.outbox = p.outbox;
                t.user_consents = p.user_consents;
                t.deleted_users = p.deleted_users;
            }
        }
        t
    }

    /// Seconds since the epoch, moved by `POST /_emulator/clock` so tests can expire tokens.
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.clock_offset_s
    }

    pub fn now_iso(&self) -> String {
        chrono::DateTime::from_timestamp(self.now(), 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// Whether a user an invitation created is visible to writes yet, given the replication delay the fault
    /// switches set (a new object is not at once in every replica).
    pub fn replicated(&self, user_id: &str) -> bool {
        let delay = self.faults.replication_delay_s.unwrap_or(0);
        self.created_at.get(user_id).is_none_or(|at| self.now() - at >= delay)
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.seed.users.iter().find(|u| u.id == id)
    }

    pub fn user_mut(&mut self, id: &str) -> Option<&mut User> {
        self.seed.users.iter_mut().find(|u| u.id == id)
    }

    pub fn user_by_upn(&self, upn: &str) -> Option<&User> {
        self.seed.users.iter().find(|u| u.user_principal_name.eq_ignore_ascii_case(upn))
    }

    pub fn reset(&mut self) {
        let lifetimes = self.lifetimes;
        let file = self.state_file.clone();
        let seed = self.original_seed.clone();
        *self = Tenant::new(seed, lifetimes, None);
        self.state_file = file;
        self.save();
    }

    /// Writes the tenant to `--state FILE`, if one was given.
    pub fn save(&self) {
        if let Some(path) = &self.state_file {
            let p = Persisted {
                seed: self.seed.clone(),
                invitations: self.invitations.clone(),
                outbox: self.outbox.clone(),
                user_consents: self.user_consents.clone(),
                deleted_users: self.deleted_users.clone(),
            };
            if let Ok(text) = serde_json::to_string_pretty(&p) {
                let tmp = path.with_extension("tmp");
                if std::fs::write(&tmp, text).is_ok() {
                    let _ = std::fs::rename(tmp, path);
                }
            }
        }
    }
}

#[derive(Clone)]
pub struct Shared {
    inner: Arc<Mutex<Tenant>>,
    pub keys: Arc<crate::tokens::Keys>,
    /// `http://127.0.0.1:PORT`, for issuers, links and redeem URLs.
    pub base_url: Arc<str>,
}

impl Shared {
    pub fn new(t: Tenant, base_url: &str) -> Shared {
        Shared {
            inner: Arc::new(Mutex::new(t)),
            keys: Arc::new(crate::tokens::Keys::load()),
            base_url: base_url.into(),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, Tenant> {
        // A panic while holding the lock must not take the emulator down with it.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}
