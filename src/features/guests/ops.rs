//! The guests page's async steps: a resend or a reset for one guest, and deleting a selection through
//! `$batch` (https://learn.microsoft.com/graph/api/user-delete).

use crate::batch_run::round::{send_round, Control, RoundIo};
use crate::graph::batch::{self, BatchItem, ItemOutcome, QueueSummary};
use crate::graph::client::{Consistency, GraphClient};
use crate::graph::error::GraphError;
use crate::graph::guests::Guest;
use crate::graph::guests::{sponsors_item, Sponsor};
use crate::graph::invitations::{self, InvitationRequest};
use crate::graph::pacing::Pacer;
use crate::graph::page::Page;
use crate::graph::retry;
use crate::graph::users::user_path;
use crate::ops::convert::ConvertError;
use crate::rules::guest_rules::invite_address;
use crate::rules::invitation_draft::InvitationDraft;
use crate::rules::invitation_outcome::Outcome;
use crate::rules::invitation_outcome::Sent;

/// The invitation that sends a guest a fresh link: the page's settings, to the guest's own address.
/// `None` when the guest has no address to send to.
pub fn resend_request(g: &Guest, settings: &InvitationDraft) -> Option<Result<InvitationRequest, ConvertError>> {
    let address = invite_address(g)?;
    let draft = InvitationDraft {
        email: address.to_string(),
        display_name: g.display_name.clone().unwrap_or_default(),
        ..settings.clone()
    };
    Some(draft.validate().map_err(ConvertError::Settings))
}

/// Sends one resend; Graph answers with the same guest and a new redeem link.
pub async fn resend(graph: &GraphClient, request: &InvitationRequest) -> Result<Sent, ConvertError> {
    let invitation = invitations::send(graph, request).await.map_err(ConvertError::Graph)?;
    Ok(Sent { invitation, outcome: Outcome::Resent })
}

/// How one deletion ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Deletion {
    NotSent,
    Deleted,
    /// 404: gone already (deleted elsewhere, or by an earlier try whose answer was lost).
    AlreadyGone,
    Failed(GraphError),
    /// The answer was lost twice over.
    Unknown,
}

impl Deletion {
    fn from_outcome(o: ItemOutcome) -> Deletion {
        match o {
            ItemOutcome::Succeeded { .. } => Deletion::Deleted,
            ItemOutcome::Failed(GraphError::Http { status: 404, .. }) => Deletion::AlreadyGone,
            ItemOutcome::Failed(e) => Deletion::Failed(e),
            ItemOutcome::Unknown => Deletion::Unknown,
            ItemOutcome::NotSent => Deletion::NotSent,
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, Deletion::Deleted | Deletion::AlreadyGone)
    }
}

/// Deletes these users, 20 per `$batch`. A deletion whose answer was lost is settled by looking the user
/// up (a read, safe to repeat): gone means it was carried out; still there, it is sent once more.
/// `progress` hears the queue after every batch.
pub async fn delete_users(
    graph: &GraphClient,
    ids: &[String],
    cancelled: impl Fn() -> bool,
    progress: impl Fn(QueueSummary),
) -> Vec<Deletion> {
    let items = |ids: &[&String]| ids.iter().map(|id| BatchItem::delete(&user_path(id))).collect::<Vec<_>>();
    let keep_going = |q: &batch::BatchQueue| {
        progress(q.summary());
        !cancelled()
    };
    let first = batch::run(graph, items(&ids.iter().collect::<Vec<_>>()), keep_going).await;
    let mut results: Vec<Deletion> = first.into_iter().map(Deletion::from_outcome).collect();
    let mut again = Vec::new();
    let lost: Vec<usize> = (0..results.len()).filter(|&i| results[i] == Deletion::Unknown).collect();
    for i in lost {
        match still_there(graph, &ids[i]).await {
            Some(false) => results[i] = Deletion::Deleted,
            Some(true) if !cancelled() => again.push(i),
            _ => {}
        }
    }
    if !again.is_empty() {
        let retried = batch::run(graph, items(&again.iter().map(|&i| &ids[i]).collect::<Vec<_>>()), keep_going).await;
        for (&i, o) in again.iter().zip(retried) {
            results[i] = Deletion::from_outcome(o);
        }
    }
    results
}

/// Each guest's sponsors, read 20 to a `$batch` with four batches in flight; `None` where the read failed.
pub async fn read_sponsors(
    graph: &GraphClient,
    ids: &[String],
    cancelled: impl Fn() -> bool,
) -> Vec<Option<Vec<Sponsor>>> {
    let items = ids.iter().map(|id| sponsors_item(id)).collect();
    // Reads are not under the write limit; a page's reads (500 at most) never wait on a fresh pacer.
    let mut pacer = Pacer::default();
    let control = || match cancelled() {
        true => Control::Cancel,
        false => Control::Go,
    };
    let out = send_round(graph, items, &RoundIo::quiet(4), &mut pacer, &control, &|_| {}).await;
    out.iter().map(|o| o.parse::<Page<Sponsor>>().and_then(Result::ok).map(|p| p.value)).collect()
}

/// Whether the user still exists: `Some(false)` on 404, `None` when the lookup cannot tell.
async fn still_there(graph: &GraphClient, id: &str) -> Option<bool> {
    let path = format!("{}?$select=id", user_path(id));
    match retry::read_again_on_drop(|| graph.get::<serde::de::IgnoredAny>(&path, Consistency::Default)).await {
        Ok(_) => Some(true),
        Err(GraphError::Http { status: 404, .. }) => Some(false),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::invitation_draft::Field;

    #[test]
    fn a_resend_goes_to_the_guests_address_with_the_pages_settings() {
        let g = Guest {
            id: "g".into(),
            display_name: Some("Paula".into()),
            mail: Some("paula@woodgrove.example".into()),
            ..Guest::default()
        };
        let settings = InvitationDraft {
            send_email: false,
            ..InvitationDraft::with_default_redirect("https://myapps.microsoft.com/")
        };
        let r = resend_request(&g, &settings).unwrap().unwrap();
        assert_eq!(r.invited_user_email_address, "paula@woodgrove.example");
        assert_eq!(r.invited_user_display_name.as_deref(), Some("Paula"));
        assert!(!r.send_invitation_message && r.invited_user.is_none() && !r.reset_redemption);
        let bad = InvitationDraft { cc: "not an address".into(), ..settings };
        let Some(Err(ConvertError::Settings(p))) = resend_request(&g, &bad) else { panic!() };
        assert_eq!(p.iter().map(|p| p.field).collect::<Vec<_>>(), vec![Field::Cc]);
        assert!(resend_request(&Guest::default(), &InvitationDraft::default()).is_none());
    }

    #[test]
    fn deletions_read_their_outcomes() {
        let not_found = GraphError::Http {
            status: 404,
            code: "Request_ResourceNotFound".into(),
            message: String::new(),
            request_id: None,
            client_request_id: None,
            date: None,
        };
        assert_eq!(
            Deletion::from_outcome(ItemOutcome::Succeeded { status: 204, body: String::new() }),
            Deletion::Deleted
        );
        assert_eq!(Deletion::from_outcome(ItemOutcome::Failed(not_found)), Deletion::AlreadyGone);
        assert!(Deletion::AlreadyGone.is_done() && !Deletion::Unknown.is_done());
    }
}
