//! The bulk page's own async step: every group and sponsor name the file uses, looked up once, through
//! `$batch` (20 reads a call). A group is named by id (`GET /groups/{id}`) or exact `displayName`; a sponsor
//! by user principal name or mail.

use crate::graph::batch::{self, BatchItem, ItemOutcome};
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::groups::{self, Group};
use crate::graph::page::Page;
use crate::graph::users::{self, DirectoryUser};
use crate::rules::directory_names::{is_object_id, key, Lookup, NameLookups};
use crate::rules::invitation_draft::ChosenPerson;

/// What a directory user is called in a row's results.
fn person(u: DirectoryUser) -> ChosenPerson {
    let detail = u.user_principal_name.or(u.mail).unwrap_or_default();
    ChosenPerson { name: u.display_name.unwrap_or_else(|| detail.clone()), id: u.id, detail }
}

/// One read's answer as a lookup, or why it could not be made.
fn lookup<T, P: serde::de::DeserializeOwned>(
    o: &ItemOutcome,
    found: impl FnOnce(P) -> Lookup<T>,
) -> Result<Lookup<T>, GraphError> {
    match o {
        ItemOutcome::Succeeded { .. } => match o.parse::<P>() {
            Some(Ok(p)) => Ok(found(p)),
            Some(Err(e)) => Err(e),
            None => Ok(Lookup::NotLookedUp),
        },
        // An id nothing has.
        ItemOutcome::Failed(GraphError::Http { status: 404, .. }) => Ok(Lookup::Unknown),
        ItemOutcome::Failed(e) => Err(e.clone()),
        ItemOutcome::Unknown | ItemOutcome::NotSent => Ok(Lookup::NotLookedUp),
    }
}

/// Looks every name up; the names that could not be looked up stay unknown to the check, with the first
/// reason why.
pub async fn look_up_names(
    graph: &GraphClient,
    group_names: &[String],
    sponsor_names: &[String],
) -> (NameLookups, Option<GraphError>) {
    let mut items: Vec<BatchItem> = group_names
        .iter()
        .map(|n| match is_object_id(n) {
            true => BatchItem::get(&groups::by_id_path(n)),
            false => BatchItem::get(&groups::by_name_path(n)),
        })
        .collect();
    items.extend(sponsor_names.iter().map(|n| BatchItem::get(&users::by_upn_or_mail_path(n))));
    let outcomes = batch::run(graph, items, |_| true).await;
    let (mut found, mut problem) = (NameLookups::default(), None);
    for (name, o) in group_names.iter().zip(&outcomes) {
        let l = match is_object_id(name) {
            true => lookup(o, |g: Group| Lookup::Found(g)),
            false => lookup(o, |p: Page<Group>| Lookup::of(p.value)),
        };
        found.groups.insert(
            key(name),
            l.unwrap_or_else(|e| {
                problem.get_or_insert(e);
                Lookup::NotLookedUp
            }),
        );
    }
    for (name, o) in sponsor_names.iter().zip(outcomes.iter().skip(group_names.len())) {
        let l = lookup(o, |p: Page<DirectoryUser>| Lookup::of(p.value.into_iter().map(person).collect()));
        found.sponsors.insert(
            key(name),
            l.unwrap_or_else(|e| {
                problem.get_or_insert(e);
                Lookup::NotLookedUp
            }),
        );
    }
    (found, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> ItemOutcome {
        ItemOutcome::Succeeded { status: 200, body: body.into() }
    }

    #[test]
    fn each_answer_becomes_what_the_check_knows_of_a_name() {
        let by_name = |o: &ItemOutcome| lookup(o, |p: Page<Group>| Lookup::of(p.value));
        assert_eq!(by_name(&ok(r#"{"value":[]}"#)), Ok(Lookup::Unknown));
        assert!(
            matches!(by_name(&ok(r#"{"value":[{"id":"g1","displayName":"Finance"}]}"#)), Ok(Lookup::Found(g)) if g.id == "g1")
        );
        assert_eq!(by_name(&ok(r#"{"value":[{"id":"g1"},{"id":"g2"}]}"#)), Ok(Lookup::Ambiguous));
        let missing =
            GraphError::from_response(404, r#"{"error":{"code":"Request_ResourceNotFound","message":"x"}}"#, None);
        assert_eq!(lookup(&ItemOutcome::Failed(missing), |g: Group| Lookup::Found(g)), Ok(Lookup::Unknown));
        let denied =
            GraphError::from_response(403, r#"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#, None);
        assert!(matches!(by_name(&ItemOutcome::Failed(denied)), Err(GraphError::Http { status: 403, .. })));
        assert_eq!(by_name(&ItemOutcome::Unknown), Ok(Lookup::NotLookedUp));
        let people =
            |o: &ItemOutcome| lookup(o, |p: Page<DirectoryUser>| Lookup::of(p.value.into_iter().map(person).collect()));
        let lee = ok(r#"{"value":[{"id":"u1","displayName":"Lee","userPrincipalName":"lee@contoso.com"}]}"#);
        assert_eq!(
            people(&lee),
            Ok(Lookup::Found(ChosenPerson { id: "u1".into(), name: "Lee".into(), detail: "lee@contoso.com".into() }))
        );
    }
}
