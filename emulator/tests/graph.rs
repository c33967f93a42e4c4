//! Graph over HTTP: bearer validation, users queries and their errors, invitations and the redeem journey,
//! `$batch`, access packages, faults and the control API.

mod common;
use common::*;
use entra_emulator::seed::Seed;
use entra_emulator::state::Lifetimes;
use reqwest::header::LOCATION;
use reqwest::Method;
use serde_json::{json, Value};

const EV: (&str, &str) = ("ConsistencyLevel", "eventual");
/// Megan Member's object id in the demo seed.
const MEMBER_ID: &str = "a0000001-0000-4000-8000-000000000003";

fn invite(email: &str) -> Value {
    json!({ "invitedUserEmailAddress": email, "inviteRedirectUrl": "https://myapps.microsoft.com/?tenantid=contoso.onmicrosoft.com", "sendInvitationMessage": false })
}

#[tokio::test]
async fn bearer_validation() {
    let e = emu().await;
    let (s, b, h) = e.graph(Method::GET, "/me", "", None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (401, Some("InvalidAuthenticationToken")));
    assert!(h.contains_key("request-id"));
    assert!(b["error"]["innerError"]["request-id"].is_string());
    let (s, _, _) = e.graph(Method::GET, "/me", "not.a.jwt", None, &[]).await;
    assert_eq!(s, 401);
    let token = e.access_token(ADMIN).await;
    let mut forged = token.clone();
    forged.pop();
    assert_eq!(e.graph(Method::GET, "/me", &forged, None, &[]).await.0, 401);
    let (s, me, _) = e.graph(Method::GET, "/me", &token, None, &[("client-request-id", "abc-123")]).await;
    assert_eq!(s, 200);
    assert_eq!(me["userPrincipalName"], ADMIN.0);
    assert!(me.get("userType").is_none(), "userType is not a default property");
}

#[tokio::test]
async fn users_select_filter_search_count_and_paging() {
    let e = emu().await;
    let t = e.access_token(ADMIN).await;
    let (s, b, _) = e.graph(Method::GET, "/users?$select=id,displayName,userType,otherMails", &t, None, &[]).await;
    assert_eq!(s, 200);
    let first = &b["value"][0];
    assert_eq!(first.as_object().unwrap().len(), 4, "{first}");
    let (s, b, _) = e.graph(Method::GET, "/users?$select=nope", &t, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("Request_BadRequest")));

    let (_, b, _) = e.graph(Method::GET, "/users?$filter=userType%20eq%20'Guest'%20and%20externalUserState%20eq%20'PendingAcceptance'&$select=displayName", &t, None, &[]).await;
    let names: Vec<&str> = b["value"].as_array().unwrap().iter().filter_map(|u| u["displayName"].as_str()).collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.contains(&"Paula Pending (Woodgrove)"), "{names:?}");
    assert!(!names.contains(&"Alan Accepted (Proseware)"), "{names:?}");
    let (_, b, _) = e
        .graph(
            Method::GET,
            "/users?$filter=otherMails/any(x:x%20eq%20'pat@fabrikam.example')&$select=id",
            &t,
            None,
            &[],
        )
        .await;
    assert_eq!(b["value"][0]["id"], "b0000002-0000-4000-8000-000000000001");
    let (_, b, _) = e.graph(Method::GET, "/users?$filter=startswith(displayName,'sam')", &t, None, &[]).await;
    assert_eq!(b["value"].as_array().unwrap().len(), 1);

    // Advanced queries need both the header and $count=true.
    let (s, b, _) = e.graph(Method::GET, "/users?$filter=endswith(mail,'.example')", &t, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("Request_UnsupportedQuery")));
    let (s, b, _) = e.graph(Method::GET, "/users?$filter=endswith(mail,'.example')&$count=true", &t, None, &[EV]).await;
    assert_eq!(s, 200);
    assert!(b["@odata.count"].as_u64().unwrap() >= 5);
    // $count=true without the header is silently ignored.
    let (_, b, _) = e.graph(Method::GET, "/users?$count=true", &t, None, &[]).await;
    assert!(b.get("@odata.count").is_none());
    let (s, b, _) = e.graph(Method::GET, "/users/$count", &t, None, &[]).await;
    assert_eq!((s, b["error"]["message"].as_str()), (400, Some("$count is not currently supported.")));
    let (s, b, _) = e.graph(Method::GET, "/users/$count", &t, None, &[EV]).await;
    assert_eq!((s, b.as_u64()), (200, Some(18)));
    // $search needs the header.
    let (s, b, _) = e.graph(Method::GET, "/users?$search=%22displayName:partner%22", &t, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("Request_UnsupportedQuery")));
    let (s, b, _) =
        e.graph(Method::GET, "/users?$search=%22displayName:partner%22&$select=displayName", &t, None, &[EV]).await;
    assert_eq!(s, 200);
    assert_eq!(b["value"][0]["displayName"], "Pat Partner (Fabrikam)");
    // Unsupported property, $skip, bad $top.
    assert_eq!(
        e.graph(Method::GET, "/users?$filter=jobTitle%20eq%20'x'", &t, None, &[]).await.1["error"]["code"],
        "Request_UnsupportedQuery"
    );
    assert_eq!(e.graph(Method::GET, "/users?$skip=2", &t, None, &[]).await.0, 400);
    assert_eq!(e.graph(Method::GET, "/users?$top=0", &t, None, &[]).await.0, 400);

    // Paging: absolute nextLink, count on page 1 only, the header needed again.
    let (_, p1, _) = e.graph(Method::GET, "/users?$top=7&$count=true&$select=id", &t, None, &[EV]).await;
    assert_eq!(p1["value"].as_array().unwrap().len(), 7);
    assert_eq!(p1["@odata.count"], 18);
    let next = p1["@odata.nextLink"].as_str().unwrap().to_string();
    assert!(next.starts_with(&format!("{}/graph/v1.0/users?", e.base())));
    let path = next.trim_start_matches(&format!("{}/graph/v1.0", e.base())).to_string();
    let (_, p2, _) = e.graph(Method::GET, &path, &t, None, &[EV]).await;
    assert!(p2.get("@odata.count").is_none());
    let (_, p3, _) = e
        .graph(
            Method::GET,
            p2["@odata.nextLink"].as_str().unwrap().trim_start_matches(&format!("{}/graph/v1.0", e.base())),
            &t,
            None,
            &[EV],
        )
        .await;
    assert!(p3.get("@odata.nextLink").is_none());
    let ids: Vec<&Value> = [&p1, &p2, &p3].iter().flat_map(|p| p["value"].as_array().unwrap().iter()).collect();
    assert_eq!(ids.len(), 18);

    // An empty page that still has a nextLink: the data is on the next page.
    e.control(Method::PUT, "faults", Some(json!({"empty_first_page": true}))).await;
    let (_, empty, _) = e.graph(Method::GET, "/users?$top=4&$select=id", &t, None, &[]).await;
    assert_eq!(empty["value"].as_array().unwrap().len(), 0);
    let path =
        empty["@odata.nextLink"].as_str().unwrap().trim_start_matches(&format!("{}/graph/v1.0", e.base())).to_string();
    let (_, first, _) = e.graph(Method::GET, &path, &t, None, &[]).await;
    assert_eq!(first["value"].as_array().unwrap().len(), 4);
    e.control(Method::PUT, "faults", Some(json!({}))).await;

    let (s, b, _) = e.graph(Method::GET, "/users/nope", &t, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (404, Some("Request_ResourceNotFound")));
    let (s, b, _) =
        e.graph(Method::GET, "/users/pat.partner@contoso.onmicrosoft.com?$select=otherMails", &t, None, &[]).await;
    assert_eq!((s, b["otherMails"][0].as_str()), (200, Some("pat@fabrikam.example")));
}

#[tokio::test]
async fn invitation_semantics() {
    let e = emu().await;
    let t = e.access_token(INVITER).await;
    let mut body = invite("alex@partner.example");
    body["sendInvitationMessage"] = json!(true);
    body["invitedUserDisplayName"] = json!("Alex (Partner)");
    body["invitedUserMessageInfo"] = json!({ "messageLanguage": "de-DE", "customizedMessageBody": "Welcome <b>Alex</b>", "ccRecipients": [
        { "emailAddress": { "name": "Sam", "address": "sam@contoso.example" } }, { "emailAddress": { "address": "second@contoso.example" } } ] });
    let (s, inv, _) = e.graph(Method::POST, "/invitations", &t, Some(body.clone()), &[]).await;
    assert_eq!(s, 201, "{inv}");
    assert_eq!(inv["status"], "PendingAcceptance");
    assert!(inv["inviteRedeemUrl"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}/redeem?rd=http%3a%2f%2f127.0.0.1", e.base())));
    let uid = inv["invitedUser"]["id"].as_str().unwrap().to_string();
    let users = e.control(Method::GET, "users", None).await;
    let guest = users.as_array().unwrap().iter().find(|u| u["id"] == uid.as_str()).unwrap();
    assert_eq!(guest["userType"], "Guest");
    assert_eq!(guest["userPrincipalName"], "alex_partner.example#EXT#@contoso.onmicrosoft.com");
    assert_eq!(guest["externalUserState"], "PendingAcceptance");
    let outbox = e.control(Method::GET, "outbox", None).await;
    assert_eq!(outbox[0]["to"], "alex@partner.example");
    assert_eq!(outbox[0]["cc"], json!(["sam@contoso.example"]));
    assert_eq!(outbox[0]["cc_dropped"], 1);
    assert_eq!(outbox[0]["language"], "de-DE");
    assert_eq!(outbox[0]["custom_body"], "Welcome <b>Alex</b>");

    // Re-inviting returns the same user with a new invitation and link.
    let (s, again, _) = e.graph(Method::POST, "/invitations", &t, Some(invite("ALEX@partner.example")), &[]).await;
    assert_eq!(s, 201);
    assert_eq!(again["invitedUser"]["id"], uid.as_str());
    assert_ne!(again["id"], inv["id"]);
    assert_ne!(again["inviteRedeemUrl"], inv["inviteRedeemUrl"]);
    assert_eq!(
        again["invitedUserMessageInfo"]["ccRecipients"],
        json!([{ "emailAddress": { "name": null, "address": null } }])
    );
    assert_eq!(
        e.control(Method::GET, "outbox", None).await.as_array().unwrap().len(),
        1,
        "no email when sendInvitationMessage is false"
    );

    // Errors.
    let bad = |b: Value| e.graph(Method::POST, "/invitations", &t, Some(b), &[]);
    let (s, b, _) = bad(invite("someone@contoso.com")).await;
    assert_eq!(s, 400);
    assert!(b["error"]["message"].as_str().unwrap().contains("verified domain"));
    let (s, b, _) = bad(invite("alex+tag@partner.example")).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("Request_BadRequest")));
    let (s, _, _) = bad(json!({"invitedUserEmailAddress": "a@p.example"})).await;
    assert_eq!(s, 400);
    let (s, b, _) = bad(json!({"invitedUserEmailAddress": "a@p.example", "inviteRedirectUrl": "https://x.example", "invitedUserMessageInfo": {}, "customMessage": "x"})).await;
    assert_eq!(s, 400, "unknown properties such as customMessage are refused: {b}");
    let mut member = invite("m@p.example");
    member["invitedUserType"] = json!("Member");
    assert_eq!(bad(member.clone()).await.0, 403, "only admins invite Members");
    let admin = e.access_token(ADMIN).await;
    assert_eq!(e.graph(Method::POST, "/invitations", &admin, Some(member), &[]).await.0, 201);
    // A plain member cannot invite when invitations are limited to admins and Guest Inviters.
    let plain = e.access_token(MEMBER).await;
    let (s, b, _) = e.graph(Method::POST, "/invitations", &plain, Some(invite("x@p.example")), &[]).await;
    assert_eq!(
        (s, b["error"]["code"].as_str(), b["error"]["message"].as_str()),
        (403, Some("Authorization_RequestDenied"), Some("Insufficient privileges to complete the operation."))
    );
    // Existing internal user by address.
    let (s, b, _) = e.graph(Method::POST, "/invitations", &admin, Some(invite("pat@fabrikam.example")), &[]).await;
    assert_eq!(s, 400);
    assert!(b["error"]["message"].as_str().unwrap().contains("already exists"));
    assert_eq!(e.graph(Method::GET, "/invitations", &admin, None, &[]).await.0, 405);
}

#[tokio::test]
async fn conversion_of_internal_users_and_reset() {
    let e = emu().await;
    let admin = e.access_token(ADMIN).await;
    let convert = |id: &str, email: &str| {
        let mut b = invite(email);
        b["invitedUser"] = json!({"id": id});
        b
    };
    // Guest Inviters cannot convert.
    let inviter = e.access_token(INVITER).await;
    assert_eq!(
        e.graph(
            Method::POST,
            "/invitations",
            &inviter,
            Some(convert("b0000002-0000-4000-8000-000000000001", "pat@fabrikam.example")),
            &[]
        )
        .await
        .0,
        403
    );
    for (id, email, needle) in [
        ("b0000002-0000-4000-8000-000000000003", "erin@tailspin.example", "Exchange license"),
        ("b0000002-0000-4000-8000-000000000004", "dan@litware.example", "direct federation"),
        ("b0000002-0000-4000-8000-000000000005", "gina@adatum.example", "primary identity"),
    ] {
        let (s, b, _) = e.graph(Method::POST, "/invitations", &admin, Some(convert(id, email)), &[]).await;
        assert_eq!(s, 400, "{id}");
        assert!(b["error"]["message"].as_str().unwrap().contains(needle), "{b}");
    }
    let (s, inv, _) = e
        .graph(
            Method::POST,
            "/invitations",
            &admin,
            Some(convert("b0000002-0000-4000-8000-000000000001", "pat@fabrikam.example")),
            &[],
        )
        .await;
    assert_eq!(s, 201, "{inv}");
    assert_eq!(inv["invitedUser"]["id"], "b0000002-0000-4000-8000-000000000001");
    let users = e.control(Method::GET, "users", None).await;
    let pat = users.as_array().unwrap().iter().find(|u| u["id"] == "b0000002-0000-4000-8000-000000000001").unwrap();
    assert_eq!(pat["userPrincipalName"], "pat.partner@contoso.onmicrosoft.com");
    assert_eq!(pat["groups"], json!(["Partner Projects", "Fabrikam Extranet"]));
    assert_eq!(pat["userType"], "Member", "conversion does not change userType");
    assert_eq!(pat["externalUserState"], "PendingAcceptance");
    // Reset redemption needs invitedUser.id.
    let mut reset = invite("paula.new@woodgrove.example");
    reset["resetRedemption"] = json!(true);
    assert_eq!(e.graph(Method::POST, "/invitations", &admin, Some(reset.clone()), &[]).await.0, 400);
    reset["invitedUser"] = json!({"id": "c0000003-0000-4000-8000-000000000002"});
    let (s, b, _) = e.graph(Method::POST, "/invitations", &admin, Some(reset), &[]).await;
    assert_eq!((s, b["resetRedemption"].as_bool()), (201, Some(true)));
}

#[tokio::test]
async fn redeem_journey_marks_the_guest_accepted_and_redirects() {
    let e = emu().await;
    let t = e.access_token(INVITER).await;
    let (_, inv, _) = e.graph(Method::POST, "/invitations", &t, Some(invite("rita@partner.example")), &[]).await;
    let page = e.http.get(inv["inviteRedeemUrl"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("rita@partner.example") && page.contains("Contoso"), "{page}");
    let r = e
        .http
        .post(format!("{}/redeem/accept", e.base()))
        .form(&[("invitation", hidden(&page, "invitation").unwrap()), ("ticket", hidden(&page, "ticket").unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[LOCATION], "https://myapps.microsoft.com/?tenantid=contoso.onmicrosoft.com");
    let users = e.control(Method::GET, "users", None).await;
    let rita = users.as_array().unwrap().iter().find(|u| u["mail"] == "rita@partner.example").unwrap();
    assert_eq!(rita["externalUserState"], "Accepted");
    // Another account cannot redeem it.
    let r = e
        .http
        .post(format!("{}/redeem/accept", e.base()))
        .form(&[
            ("invitation", hidden(&page, "invitation").unwrap()),
            ("ticket", hidden(&page, "ticket").unwrap()),
            ("loginfmt", "someone@else.example".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // A forged ticket is refused.
    let r = e
        .http
        .post(format!("{}/redeem/accept", e.base()))
        .form(&[("invitation", hidden(&page, "invitation").unwrap()), ("ticket", "forged".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn batch_semantics() {
    let e = emu().await;
    let t = e.access_token(ADMIN).await;
    let req = |id: &str, email: &str| json!({"id": id, "method": "POST", "url": "/invitations", "headers": {"Content-Type": "application/json"}, "body": invite(email)});
    let (s, b, _) = e.graph(Method::POST, "/$batch", &t, Some(json!({"requests": [
        req("1", "b1@partner.example"),
        req("2", "bad!@partner.example"),
        {"id": "3", "method": "GET", "url": "/users?$filter=mail eq 'b1@partner.example'&$select=id,externalUserState&$count=true", "headers": {"ConsistencyLevel": "eventual"}, "dependsOn": ["1"]},
        {"id": "4", "method": "GET", "url": "/me", "dependsOn": ["2"]}
    ]})), &[]).await;
    assert_eq!(s, 200, "{b}");
    let by_id = |id: &str| b["responses"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(by_id("1")["status"], 201);
    assert_eq!(by_id("2")["status"], 400);
    assert_eq!(by_id("3")["status"], 200);
    assert_eq!(by_id("3")["body"]["value"][0]["externalUserState"], "PendingAcceptance");
    assert_eq!(by_id("4")["status"], 424);
    // Outer errors: too many, duplicate ids, body without Content-Type.
    let many: Vec<Value> = (0..21).map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"})).collect();
    assert_eq!(e.graph(Method::POST, "/$batch", &t, Some(json!({"requests": many})), &[]).await.0, 400);
    assert_eq!(e.graph(Method::POST, "/$batch", &t, Some(json!({"requests": [{"id": "a", "method": "GET", "url": "/me"}, {"id": "A", "method": "GET", "url": "/me"}]})), &[]).await.0, 400);
    assert_eq!(e.graph(Method::POST, "/$batch", &t, Some(json!({"requests": [{"id": "a", "method": "POST", "url": "/invitations", "body": invite("x@p.example")}]})), &[]).await.0, 400);
    // Throttled items are inner 429s with Retry-After in their headers.
    e.control(
        Method::PUT,
        "faults",
        Some(json!({"throttle_ratio": 1.0, "retry_after_s": 7, "path_contains": "invitations"})),
    )
    .await;
    let (s, b, _) = e
        .graph(
            Method::POST,
            "/$batch",
            &t,
            Some(json!({"requests": [req("1", "t@p.example"), {"id": "2", "method": "GET", "url": "/me"}]})),
            &[],
        )
        .await;
    assert_eq!(s, 200);
    let r1 = b["responses"].as_array().unwrap().iter().find(|r| r["id"] == "1").unwrap();
    assert_eq!((r1["status"].as_u64(), r1["headers"]["Retry-After"].as_str()), (Some(429), Some("7")));
    assert_eq!(b["responses"].as_array().unwrap().iter().find(|r| r["id"] == "2").unwrap()["status"], 200);
    let log = e.control(Method::GET, "requests", None).await;
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["via_batch"] == true && r["path"] == "/graph/v1.0/invitations" && r["status"] == 429));
}

#[tokio::test]
async fn faults_cors_and_control_api() {
    let e = emu().await;
    let t = e.access_token(ADMIN).await;
    // Preflight and exposed headers.
    let r = e
        .http
        .request(Method::OPTIONS, format!("{}/graph/v1.0/users", e.base()))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Headers", "authorization,consistencylevel")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers()["access-control-allow-headers"].to_str().unwrap().contains("ConsistencyLevel"));
    let (_, _, h) = e.graph(Method::GET, "/me", &t, None, &[("Origin", ORIGIN)]).await;
    assert!(h["access-control-expose-headers"].to_str().unwrap().contains("Retry-After"));
    // A top-level 429 with Retry-After, then hidden from CORS.
    e.control(
        Method::PUT,
        "faults",
        Some(json!({"throttle_ratio": 1.0, "retry_after_s": 2.5, "hide_retry_after": true})),
    )
    .await;
    let (s, b, h) = e.graph(Method::GET, "/me", &t, None, &[("Origin", ORIGIN)]).await;
    assert_eq!(
        (s, b["error"]["code"].as_str(), h["retry-after"].to_str().unwrap()),
        (429, Some("TooManyRequests"), "2.5")
    );
    assert!(!h["access-control-expose-headers"].to_str().unwrap().contains("Retry-After"));
    e.control(Method::PUT, "faults", Some(json!({"error_ratio": 1.0}))).await;
    assert_eq!(e.graph(Method::GET, "/me", &t, None, &[]).await.0, 503);
    e.control(Method::PUT, "faults", Some(json!({"drop_ratio": 1.0}))).await;
    let dropped = e.http.get(format!("{}/graph/v1.0/me", e.base())).bearer_auth(&t).send().await;
    let failed = match dropped {
        Err(_) => true,
        Ok(r) => r.text().await.is_err(),
    };
    assert!(failed, "a dropped connection is a network error");
    e.control(Method::PUT, "faults", Some(json!({"invitation_abuse_block": true}))).await;
    let (s, b, _) = e.graph(Method::POST, "/invitations", &t, Some(invite("z@p.example")), &[]).await;
    assert_eq!(s, 403);
    assert!(b["error"]["message"].as_str().unwrap().contains("suspicious activity"));
    e.control(Method::PUT, "faults", Some(json!({}))).await;
    assert_eq!(e.graph(Method::GET, "/me", &t, None, &[]).await.0, 200);
    let bad = e.http.put(format!("{}/_emulator/faults", e.base())).body("{\"nope\": 1}").send().await.unwrap();
    assert_eq!(bad.status(), 400);
    // Latency.
    e.control(Method::PUT, "faults", Some(json!({"latency_ms": 300}))).await;
    let started = std::time::Instant::now();
    e.graph(Method::GET, "/me", &t, None, &[]).await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    e.control(Method::PUT, "faults", Some(json!({}))).await;
    // Reset returns to the seed; the overview page renders the tenant.
    e.graph(Method::POST, "/invitations", &t, Some(invite("r@p.example")), &[]).await;
    assert_eq!(e.control(Method::GET, "invitations", None).await.as_array().unwrap().len(), 1);
    e.control(Method::POST, "reset", None).await;
    assert_eq!(e.control(Method::GET, "invitations", None).await.as_array().unwrap().len(), 0);
    assert_eq!(e.control(Method::GET, "users", None).await.as_array().unwrap().len(), 18);
    let html = e.control(Method::GET, "", None).await;
    assert!(html.as_str().unwrap().contains("Paula Pending"));
}

#[tokio::test]
async fn access_packages() {
    let e = emu().await;
    let t = e.access_token(ADMIN).await;
    let (s, b, _) =
        e.graph(Method::GET, "/identityGovernance/entitlementManagement/accessPackages", &t, None, &[]).await;
    assert_eq!(s, 200);
    assert_eq!(b["value"].as_array().unwrap().len(), 6);
    assert!(b["value"][0].get("assignmentPolicies").is_none());
    let (_, b, _) = e
        .graph(
            Method::GET,
            "/identityGovernance/entitlementManagement/accessPackages?$expand=assignmentPolicies,catalog",
            &t,
            None,
            &[],
        )
        .await;
    assert_eq!(b["value"][0]["assignmentPolicies"][0]["allowedTargetScope"], "allConfiguredConnectedOrganizationUsers");
    assert_eq!(b["value"][0]["catalog"]["isExternallyVisible"], true);
    let (s, _, _) =
        e.graph(Method::GET, "/identityGovernance/entitlementManagement/accessPackages/nope", &t, None, &[]).await;
    assert_eq!(s, 404);

    // Assignment requests of one package, with the requestor; dates from the seed's relative days.
    let q = "/identityGovernance/entitlementManagement/assignmentRequests?$expand=requestor&$filter=accessPackage/id%20eq%20'd0000004-0000-4000-8000-000000000001'";
    let (s, b, _) = e.graph(Method::GET, q, &t, None, &[]).await;
    assert_eq!(s, 200, "{b}");
    let states: Vec<&str> = b["value"].as_array().unwrap().iter().filter_map(|r| r["state"].as_str()).collect();
    assert_eq!(states, ["pendingApproval", "delivered", "denied"]);
    assert_eq!(b["value"][0]["requestor"]["email"], "kim@fabrikam.example");
    assert!(b["value"][0].get("accessPackageId").is_none(), "only Graph's names go out");
    assert!(b["value"][0]["createdDateTime"].as_str().is_some_and(|d| d.ends_with('Z')));
    let (_, b, _) =
        e.graph(Method::GET, "/identityGovernance/entitlementManagement/assignmentRequests", &t, None, &[]).await;
    assert_eq!(b["value"].as_array().unwrap().len(), 5);
    assert!(b["value"][0].get("requestor").is_none(), "requestor only on $expand");
    let bad = "/identityGovernance/entitlementManagement/assignmentRequests?$filter=state%20eq%20'x'";
    assert_eq!(e.graph(Method::GET, bad, &t, None, &[]).await.0, 400);
    let (_, orgs, _) =
        e.graph(Method::GET, "/identityGovernance/entitlementManagement/connectedOrganizations", &t, None, &[]).await;
    assert_eq!(orgs["value"][0]["displayName"], "Fabrikam");
    let listed = e.control(Method::GET, "access-packages", None).await;
    assert_eq!(listed["accessPackages"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn state_file_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("emu-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tenant.json");
    let opts = || entra_emulator::Options {
        port: 0,
        seed: entra_emulator::seed::Seed::demo(),
        state_file: Some(file.clone()),
        ..Default::default()
    };
    {
        let running = entra_emulator::start(opts()).await.unwrap();
        let e = Emu {
            running,
            http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
        };
        let t = e.access_token(ADMIN).await;
        assert_eq!(e.graph(Method::POST, "/invitations", &t, Some(invite("persist@p.example")), &[]).await.0, 201);
    }
    let running = entra_emulator::start(opts()).await.unwrap();
    let users = running.shared.lock().seed.users.clone();
    assert!(users.iter().any(|u| u.mail.as_deref() == Some("persist@p.example")));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn member_of_lists_roles_and_groups() {
    let e = emu().await;
    let t = e.access_token(INVITER).await;
    let (s, b, _) =
        e.graph(Method::GET, "/me/memberOf/microsoft.graph.directoryRole?$select=displayName", &t, None, &[]).await;
    assert_eq!(s, 200);
    assert_eq!(b["value"][0]["displayName"], "Guest Inviter");
    let t = e.access_token(MEMBER).await;
    let (_, b, _) = e.graph(Method::GET, "/me/memberOf/microsoft.graph.directoryRole", &t, None, &[]).await;
    assert_eq!(b["value"].as_array().unwrap().len(), 0);
    let admin = e.access_token(ADMIN).await;
    let (_, b, _) =
        e.graph(Method::GET, "/users/b0000002-0000-4000-8000-000000000001/memberOf", &admin, None, &[]).await;
    assert_eq!(b["value"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_connection_cut_after_the_write_leaves_the_invitations_made_and_counted() {
    let e = emu().await;
    let t = e.access_token(ADMIN).await;
    e.control(Method::PUT, "faults", Some(json!({"drop_after_ratio": 1.0}))).await;
    let batch = json!({ "requests": [
        { "id": "1", "method": "POST", "url": "/invitations", "headers": {"Content-Type": "application/json"}, "body": invite("one@fabrikam.example") },
        { "id": "2", "method": "POST", "url": "/invitations", "headers": {"Content-Type": "application/json"}, "body": invite("Two@Fabrikam.example") },
    ]});
    let cut = e.http.post(format!("{}/graph/v1.0/$batch", e.base())).bearer_auth(&t).json(&batch).send().await;
    let failed = match cut {
        Err(_) => true,
        Ok(r) => r.text().await.is_err(),
    };
    assert!(failed, "the client sees a network error");
    // Reads are never cut: the lookup that settles the outcome gets its answer.
    let (s, found, _) = e.graph(Method::GET, "/users?$filter=mail eq 'one@fabrikam.example'", &t, None, &[]).await;
    assert_eq!((s, found["value"].as_array().map(Vec::len)), (200, Some(1)));
    e.control(Method::PUT, "faults", Some(json!({}))).await;
    let (s, _, _) = e.graph(Method::POST, "/invitations", &t, Some(invite("two@fabrikam.example")), &[]).await;
    assert_eq!(s, 201);
    let counts = e.control(Method::GET, "invitations/per-address", None).await;
    assert_eq!(counts, json!({ "one@fabrikam.example": 1, "two@fabrikam.example": 2 }));
}

#[tokio::test]
async fn guests_by_age_sorting_rules_and_deletion() {
    let mut seed = Seed::demo();
    seed.apps[0].consented_scopes.push("User.ReadWrite.All".into());
    let e = emu_with(seed, Lifetimes::default()).await;
    let t = e.access_token(ADMIN).await;
    // Seed ages are relative to the start: Paula was invited 45 days ago, Nadia 3.
    let (s, b, _) = e.graph(Method::GET, "/users?$filter=mail%20eq%20'paula@woodgrove.example'&$select=createdDateTime,externalUserStateChangeDateTime", &t, None, &[]).await;
    assert_eq!(s, 200, "{b}");
    let created = chrono::DateTime::parse_from_rfc3339(b["value"][0]["createdDateTime"].as_str().unwrap()).unwrap();
    let age = chrono::Utc::now().signed_duration_since(created).num_days();
    assert_eq!(age, 45);
    // createdDateTime le …: guests invited more than 30 days ago, without the advanced parameters.
    let cutoff = (chrono::Utc::now() - chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let q = format!("/users?$filter=userType%20eq%20'Guest'%20and%20externalUserState%20eq%20'PendingAcceptance'%20and%20createdDateTime%20le%20{cutoff}&$select=displayName");
    let (s, b, _) = e.graph(Method::GET, &q, &t, None, &[]).await;
    assert_eq!(s, 200, "{b}");
    let mut names: Vec<&str> =
        b["value"].as_array().unwrap().iter().filter_map(|u| u["displayName"].as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["Paula Pending (Woodgrove)", "Priya (Tailspin)", "Quentin (Tailspin)", "Rosa (Adatum)"]);
    // The state's change time takes no ranges; users sort only by displayName and userPrincipalName.
    let q = format!("/users?$filter=externalUserStateChangeDateTime%20le%20{cutoff}");
    assert_eq!(e.graph(Method::GET, &q, &t, None, &[]).await.1["error"]["code"], "Request_UnsupportedQuery");
    let (s, b, _) = e.graph(Method::GET, "/users?$orderby=createdDateTime", &t, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("Request_UnsupportedQuery")));
    let (s, _, _) = e.graph(Method::GET, "/users?$orderby=userPrincipalName%20desc", &t, None, &[]).await;
    assert_eq!(s, 200);

    // DELETE needs User.ReadWrite.All in the token and a role that may delete users.
    let paula = "c0000003-0000-4000-8000-000000000001";
    let (s, b, _) = e.graph(Method::DELETE, &format!("/users/{paula}"), &t, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (403, Some("Authorization_RequestDenied")), "without the scope");
    let write = format!("{SCOPES} https://graph.microsoft.com/User.ReadWrite.All");
    let inviter = e.access_token_for(INVITER, &write).await;
    let (s, _, _) = e.graph(Method::DELETE, &format!("/users/{paula}"), &inviter, None, &[]).await;
    assert_eq!(s, 403, "a Guest Inviter may not delete");
    let admin = e.access_token_for(ADMIN, &write).await;
    let (s, b, _) = e.graph(Method::DELETE, &format!("/users/{paula}"), &admin, None, &[]).await;
    assert_eq!((s, b.as_str()), (204, Some("")), "no body");
    let (s, b, _) = e.graph(Method::DELETE, &format!("/users/{paula}"), &admin, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (404, Some("Request_ResourceNotFound")));
    let bin = e.control(Method::GET, "deleted-users", None).await;
    assert_eq!(bin[0]["user"]["id"], paula);
    assert!(bin[0]["deletedDateTime"].is_string());
    // Deletes inside $batch answer 204 per item.
    let alan = "c0000003-0000-4000-8000-000000000002";
    let batch = json!({"requests": [{"id": "1", "method": "DELETE", "url": format!("/users/{alan}")}]});
    let (s, b, _) = e.graph(Method::POST, "/$batch", &admin, Some(batch), &[]).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["responses"][0]["status"], 204, "{b}");
}

#[tokio::test]
async fn access_at_invite_groups_sponsors_and_profile() {
    let mut seed = Seed::demo();
    seed.apps[0].consented_scopes.extend(["GroupMember.ReadWrite.All".to_string(), "User.ReadWrite.All".to_string()]);
    let e = emu_with(seed, Lifetimes::default()).await;
    let scopes = format!(
        "{SCOPES} https://graph.microsoft.com/GroupMember.ReadWrite.All https://graph.microsoft.com/User.ReadWrite.All"
    );
    let (admin, inviter) = (e.access_token_for(ADMIN, &scopes).await, e.access_token_for(INVITER, &scopes).await);
    let eventual = [("ConsistencyLevel", "eventual")];

    // $search needs ConsistencyLevel: eventual, as Graph says.
    let search = "/groups?$search=%22displayName:partner%22&$select=id,displayName,groupTypes,membershipRule,isAssignableToRole,mailEnabled,securityEnabled&$count=true";
    let (s, b, _) = e.graph(Method::GET, search, &admin, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("Request_UnsupportedQuery")), "{b}");
    let (s, b, _) = e.graph(Method::GET, search, &admin, None, &eventual).await;
    assert_eq!(s, 200, "{b}");
    let names: Vec<&str> = b["value"].as_array().unwrap().iter().filter_map(|g| g["displayName"].as_str()).collect();
    assert!(names.contains(&"Partner Projects") && !names.contains(&"Project Falcon"), "{names:?}");
    let (s, b, _) = e.graph(Method::GET, "/groups?$select=nope", &admin, None, &[]).await;
    assert_eq!(s, 400, "{b}");
    // An exact name, as a bulk file's groups column names a group; an unknown property is Graph's 400.
    let (s, b, _) = e
        .graph(Method::GET, "/groups?$filter=displayName%20eq%20%27partner%20projects%27&$top=2", &admin, None, &[])
        .await;
    assert_eq!(s, 200, "{b}");
    let ids: Vec<&str> = b["value"].as_array().unwrap().iter().filter_map(|g| g["id"].as_str()).collect();
    assert_eq!(ids, vec!["6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e03"]);
    let (s, b, _) = e.graph(Method::GET, "/groups?$filter=visibility%20eq%20%27Public%27", &admin, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("Request_UnsupportedQuery")), "{b}");

    // Sponsors go with the invitation; without any, the inviter is stamped as the sponsor.
    let mut body = invite("kim@partner.example");
    body["invitedUserSponsors"] = json!([{ "id": "a0000001-0000-4000-8000-000000000001" }]);
    let (s, inv, _) = e.graph(Method::POST, "/invitations", &inviter, Some(body), &[]).await;
    assert_eq!(s, 201, "{inv}");
    let kim = inv["invitedUser"]["id"].as_str().unwrap().to_string();
    let (_, sponsors, _) = e.graph(Method::GET, &format!("/users/{kim}/sponsors"), &admin, None, &[]).await;
    assert_eq!(sponsors["value"][0]["displayName"], "Adele Admin", "{sponsors}");
    let (_, inv2, _) = e.graph(Method::POST, "/invitations", &inviter, Some(invite("lee@partner.example")), &[]).await;
    let lee = inv2["invitedUser"]["id"].as_str().unwrap().to_string();
    let (_, sponsors, _) = e.graph(Method::GET, &format!("/users/{lee}/sponsors"), &admin, None, &[]).await;
    assert_eq!(sponsors["value"][0]["id"], "a0000001-0000-4000-8000-000000000002", "the inviter: {sponsors}");
    let mut six = invite("max@partner.example");
    six["invitedUserSponsors"] = json!((0..6).map(|i| json!({ "id": format!("x{i}") })).collect::<Vec<_>>());
    let (s, b, _) = e.graph(Method::POST, "/invitations", &inviter, Some(six), &[]).await;
    assert_eq!(s, 400, "{b}");

    // Members: the owner may add, a stranger to the group may not; a member already is a 400; Exchange's,
    // dynamic and role-assignable groups are refused; a user not yet replicated is a 404.
    let add = |g: &str| format!("/groups/6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e0{g}/members/$ref");
    let member = json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{kim}") });
    let (s, b, _) = e.graph(Method::POST, &add("1"), &inviter, Some(member.clone()), &[]).await;
    assert_eq!(s, 204, "the owner adds: {b}");
    let (s, b, _) = e.graph(Method::POST, &add("1"), &inviter, Some(member.clone()), &[]).await;
    assert_eq!(s, 400, "{b}");
    assert!(b["error"]["message"].as_str().unwrap().contains("already exist"), "{b}");
    let (s, _, _) = e.graph(Method::POST, &add("2"), &inviter, Some(member.clone()), &[]).await;
    assert_eq!(s, 403, "not an owner, no role");
    let (s, _, _) = e.graph(Method::POST, &add("2"), &admin, Some(member.clone()), &[]).await;
    assert_eq!(s, 204, "a Global Administrator");
    for (g, status) in [("5", 400), ("6", 403), ("7", 403), ("8", 403)] {
        let (s, b, _) = e.graph(Method::POST, &add(g), &admin, Some(member.clone()), &[]).await;
        assert_eq!(s, status, "group {g}: {b}");
    }
    // The profile: User.ReadWrite.All and a user-administering role; unknown names and bad values refused.
    let profile = json!({"givenName": "Kim", "surname": "Lee", "jobTitle": "Engineer", "companyName": "Partner Ltd", "department": "R&D", "usageLocation": "TW"});
    let (s, _, _) = e.graph(Method::PATCH, &format!("/users/{kim}"), &inviter, Some(profile.clone()), &[]).await;
    assert_eq!(s, 403, "a Guest Inviter may not write profiles");
    let (s, b, _) = e.graph(Method::PATCH, &format!("/users/{kim}"), &admin, Some(profile), &[]).await;
    assert_eq!(s, 204, "{b}");
    let (_, u, _) = e
        .graph(Method::GET, &format!("/users/{kim}?$select=jobTitle,companyName,usageLocation"), &admin, None, &[])
        .await;
    assert_eq!(
        (u["jobTitle"].as_str(), u["companyName"].as_str(), u["usageLocation"].as_str()),
        (Some("Engineer"), Some("Partner Ltd"), Some("TW"))
    );
    for bad in [json!({"usageLocation": "tw"}), json!({"nickname": "x"}), json!({"givenName": "x".repeat(65)})] {
        let (s, b, _) = e.graph(Method::PATCH, &format!("/users/{kim}"), &admin, Some(bad.clone()), &[]).await;
        assert_eq!(s, 400, "{bad}: {b}");
    }
    e.running.shared.lock().faults.replication_delay_s = Some(60);
    let (_, inv3, _) = e.graph(Method::POST, "/invitations", &inviter, Some(invite("new@partner.example")), &[]).await;
    let new = inv3["invitedUser"]["id"].as_str().unwrap().to_string();
    let fresh = json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{new}") });
    let (s, b, _) = e.graph(Method::POST, &add("2"), &admin, Some(fresh), &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (404, Some("Request_ResourceNotFound")), "{b}");
    let (s, _, _) = e.graph(Method::PATCH, &format!("/users/{new}"), &admin, Some(json!({"jobTitle": "x"})), &[]).await;
    assert_eq!(s, 404, "not replicated yet");
    e.running.shared.lock().faults.replication_delay_s = None;
    // Blocking sign-in: a boolean, by a role that manages authentication; the user can no longer sign in.
    let (s, b, _) =
        e.graph(Method::PATCH, &format!("/users/{kim}"), &admin, Some(json!({"accountEnabled": "no"})), &[]).await;
    assert_eq!(s, 400, "{b}");
    let (s, b, _) =
        e.graph(Method::PATCH, &format!("/users/{kim}"), &admin, Some(json!({"accountEnabled": false})), &[]).await;
    assert_eq!(s, 204, "{b}");
    let (_, u, _) = e.graph(Method::GET, &format!("/users/{kim}?$select=accountEnabled"), &admin, None, &[]).await;
    assert_eq!(u["accountEnabled"], json!(false), "{u}");
    let (s, _, _) =
        e.graph(Method::PATCH, &format!("/users/{kim}"), &inviter, Some(json!({"accountEnabled": true})), &[]).await;
    assert_eq!(s, 403, "a Guest Inviter may not unblock");
    // Sponsors: a user or group by reference, once each, five at most; a Guest Inviter may not.
    let sponsor = |id: &str| json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/users/{id}") });
    let add_sponsor = format!("/users/{kim}/sponsors/$ref");
    let (s, _, _) = e.graph(Method::POST, &add_sponsor, &inviter, Some(sponsor(MEMBER_ID)), &[]).await;
    assert_eq!(s, 403);
    let (s, b, _) = e.graph(Method::POST, &add_sponsor, &admin, Some(sponsor(MEMBER_ID)), &[]).await;
    assert_eq!(s, 204, "{b}");
    let (s, b, _) = e.graph(Method::POST, &add_sponsor, &admin, Some(sponsor(MEMBER_ID)), &[]).await;
    assert!(s == 400 && b["error"]["message"].as_str().unwrap_or_default().contains("already exist"), "{b}");
    let (_, listed, _) =
        e.graph(Method::GET, &format!("/users/{kim}/sponsors?$select=id,displayName"), &admin, None, &[]).await;
    let names: Vec<&str> =
        listed["value"].as_array().unwrap().iter().filter_map(|u| u["displayName"].as_str()).collect();
    assert!(names.contains(&"Megan Member"), "{listed}");
}

#[tokio::test]
async fn sign_in_activity_only_when_selected_with_its_permission_and_licence() {
    let mut seed = Seed::demo();
    seed.apps[0].consented_scopes.push("AuditLog.Read.All".to_string());
    let e = emu_with(seed, Lifetimes::default()).await;
    let plain = e.access_token_for(ADMIN, SCOPES).await;
    let audit = e.access_token_for(ADMIN, &format!("{SCOPES} https://graph.microsoft.com/AuditLog.Read.All")).await;
    let alan = "/users?$filter=mail%20eq%20%27alan%40proseware.example%27";
    let (s, b, _) = e.graph(Method::GET, alan, &audit, None, &[]).await;
    assert_eq!(s, 200, "{b}");
    assert!(b["value"][0].get("signInActivity").is_none(), "not without $select: {b}");
    let selected = format!("{alan}&$select=id,signInActivity");
    let (s, b, _) = e.graph(Method::GET, &selected, &plain, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (403, Some("Authorization_RequestDenied")), "{b}");
    let (s, b, _) = e.graph(Method::GET, &selected, &audit, None, &[]).await;
    assert_eq!(s, 200, "{b}");
    let a = &b["value"][0]["signInActivity"];
    assert!(a["lastSignInDateTime"].is_string() && a["lastNonInteractiveSignInDateTime"].is_string(), "{a}");
    assert_eq!(a["lastSuccessfulSignInDateTime"], a["lastNonInteractiveSignInDateTime"], "the later of the two");
    // Never signed in: the object is there, its fields null.
    let (_, b, _) = e
        .graph(
            Method::GET,
            "/users?$filter=mail%20eq%20%27tomoko%40lucerne.example%27&$select=signInActivity",
            &audit,
            None,
            &[],
        )
        .await;
    assert!(b["value"][0]["signInActivity"]["lastSignInDateTime"].is_null(), "{b}");
    let (s, b, _) = e.graph(Method::GET, "/users?$select=id,signInActivity&$top=999", &audit, None, &[]).await;
    assert_eq!(s, 400, "500 at most with signInActivity: {b}");
    // A tenant without P1 or P2 refuses, as Graph does.
    e.running.shared.lock().seed.tenant.premium = false;
    let (s, b, _) = e.graph(Method::GET, &selected, &audit, None, &[]).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (403, Some("Authentication_RequestFromNonPremiumTenantOrB2CTenant")),
        "{b}"
    );
}

#[tokio::test]
async fn the_invitation_policy_reads_as_graph_shows_it_and_refuses_as_it_is_set() {
    let mut seed = Seed::demo();
    seed.apps[0]
        .consented_scopes
        .extend(["Policy.Read.All".to_string(), "CrossTenantInformation.ReadBasic.All".to_string()]);
    let e = emu_with(seed, Lifetimes::default()).await;
    let scopes = format!(
        "{SCOPES} https://graph.microsoft.com/Policy.Read.All https://graph.microsoft.com/CrossTenantInformation.ReadBasic.All"
    );
    let (admin, inviter) = (e.access_token_for(ADMIN, &scopes).await, e.access_token_for(INVITER, &scopes).await);
    let plain = e.access_token_for(ADMIN, SCOPES).await;
    let (s, _, _) = e.graph(Method::GET, "/policies/authorizationPolicy", &plain, None, &[]).await;
    assert_eq!(s, 403, "Policy.Read.All is needed");
    let (s, p, _) = e.graph(Method::GET, "/policies/authorizationPolicy", &inviter, None, &[]).await;
    assert_eq!((s, p["allowInvitesFrom"].as_str()), (200, Some("adminsAndGuestInviters")), "{p}");
    assert_eq!(p["guestUserRoleId"], json!("10dae51f-b6af-4016-8d66-8c2a99b929b3"));
    // Cross-tenant access also takes a role that reads it: a Guest Inviter has none.
    let (s, _, _) = e.graph(Method::GET, "/policies/crossTenantAccessPolicy/default", &inviter, None, &[]).await;
    assert_eq!(s, 403);
    let (s, d, _) = e.graph(Method::GET, "/policies/crossTenantAccessPolicy/default", &admin, None, &[]).await;
    assert_eq!((s, &d["b2bCollaborationInbound"]["usersAndGroups"]["accessType"]), (200, &json!("allowed")), "{d}");
    let (_, partners, _) = e.graph(Method::GET, "/policies/crossTenantAccessPolicy/partners", &admin, None, &[]).await;
    let blocked: Vec<&str> = partners["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["b2bCollaborationInbound"]["usersAndGroups"]["accessType"] == json!("blocked"))
        .filter_map(|p| p["tenantId"].as_str())
        .collect();
    assert_eq!(blocked, ["f0000001-0000-4000-8000-000000000002"], "{partners}");
    let find = "/tenantRelationships/findTenantInformationByDomainName(domainName='wideworldimporters.example')";
    let (s, info, _) = e.graph(Method::GET, find, &admin, None, &[]).await;
    assert_eq!((s, info["displayName"].as_str()), (200, Some("Wide World Importers")), "{info}");
    let (s, _, _) = e
        .graph(
            Method::GET,
            "/tenantRelationships/findTenantInformationByDomainName(domainName='nowhere.example')",
            &admin,
            None,
            &[],
        )
        .await;
    assert_eq!(s, 404);
    // Invitations obey both: the partner entry that blocks, and the domain deny list.
    let (s, b, _) =
        e.graph(Method::POST, "/invitations", &inviter, Some(invite("kim@wideworldimporters.example")), &[]).await;
    assert!(
        s == 400 && b["error"]["message"].as_str().unwrap_or_default().contains("cross-tenant access settings"),
        "{b}"
    );
    let (s, b, _) = e.graph(Method::POST, "/invitations", &inviter, Some(invite("kim@competitor.example")), &[]).await;
    assert!(
        s == 400 && b["error"]["message"].as_str().unwrap_or_default().contains("can't be invited to this directory"),
        "{b}"
    );
    let (s, _, _) = e.graph(Method::POST, "/invitations", &inviter, Some(invite("kim@fabrikam.example")), &[]).await;
    assert_eq!(s, 201, "a partner allowed explicitly");
}

#[tokio::test]
async fn approvals_wait_for_their_approvers_and_the_first_decision_wins() {
    let mut seed = Seed::demo();
    seed.apps[0].consented_scopes.push("EntitlementManagement.ReadWrite.All".to_string());
    let e = emu_with(seed, Lifetimes::default()).await;
    let scopes = format!("{SCOPES} https://graph.microsoft.com/EntitlementManagement.ReadWrite.All");
    let (admin, inviter) = (e.access_token_for(ADMIN, &scopes).await, e.access_token_for(INVITER, &scopes).await);
    let reader = e.access_token_for(ADMIN, SCOPES).await;
    let em = "/identityGovernance/entitlementManagement";
    let mine = format!("{em}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')");
    let (s, _, _) = e.graph(Method::GET, &mine, &reader, None, &[]).await;
    assert_eq!(s, 403, "deciding is EntitlementManagement.ReadWrite.All only");
    let (s, b, _) = e.graph(Method::GET, &mine, &admin, None, &[]).await;
    assert_eq!(s, 200, "{b}");
    let ids: Vec<&str> = b["value"].as_array().unwrap().iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(ids, ["b0000008-0000-4000-8000-000000000001", "b0000008-0000-4000-8000-000000000005"], "{b}");
    let id = ids[0].to_string();
    let requests =
        format!("{em}/assignmentRequests/filterByCurrentUser(on='approver')?$expand=requestor,accessPackage");
    let (_, r, _) = e.graph(Method::GET, &requests, &admin, None, &[]).await;
    assert_eq!(
        (r["value"][0]["id"].as_str(), r["value"][0]["requestor"]["email"].as_str()),
        (Some(id.as_str()), Some("kim@fabrikam.example")),
        "{r}"
    );
    assert!(r["value"][0].get("approvers").is_none(), "the emulator's bookkeeping stays inside: {r}");
    let (_, st, _) =
        e.graph(Method::GET, &format!("{em}/accessPackageAssignmentApprovals/{id}/stages"), &admin, None, &[]).await;
    let stage = st["value"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        (st["value"][0]["assignedToMe"].as_bool(), st["value"][0]["reviewResult"].as_str()),
        (Some(true), Some("NotReviewed"))
    );
    let patch = format!("{em}/accessPackageAssignmentApprovals/{id}/stages/{stage}");
    let (s, _, _) = e.graph(Method::PATCH, &patch, &admin, Some(json!({"reviewResult": "Approved"})), &[]).await;
    assert_eq!(s, 400, "one writes Approve and reads back Approved");
    let (s, b, _) = e
        .graph(
            Method::PATCH,
            &patch,
            &admin,
            Some(json!({"reviewResult": "Approve", "justification": "Known partner"})),
            &[],
        )
        .await;
    assert_eq!(s, 204, "{b}");
    let (s, b, _) = e
        .graph(Method::PATCH, &patch, &inviter, Some(json!({"reviewResult": "Deny", "justification": "No"})), &[])
        .await;
    assert_eq!(s, 409, "the other approver came second: {b}");
    let (_, st, _) =
        e.graph(Method::GET, &format!("{em}/accessPackageAssignmentApprovals/{id}/stages"), &inviter, None, &[]).await;
    assert_eq!(
        (st["value"][0]["reviewResult"].as_str(), st["value"][0]["reviewedBy"]["displayName"].as_str()),
        (Some("Approved"), Some("Adele Admin")),
        "{st}"
    );
    let (_, b, _) = e.graph(Method::GET, &mine, &inviter, None, &[]).await;
    assert_eq!(b["value"].as_array().unwrap().len(), 1, "only the other request waits: {b}");
    let (s, _, _) =
        e.graph(Method::GET, &format!("{em}/accessPackageAssignmentApprovals/nope/stages"), &admin, None, &[]).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn a_partner_package_is_built_in_order_with_the_services_checks_and_an_approval_delivers_it() {
    let mut seed = Seed::demo();
    seed.apps[0].consented_scopes.push("EntitlementManagement.ReadWrite.All".to_string());
    let e = emu_with(seed, Lifetimes::default()).await;
    let scopes = format!("{SCOPES} https://graph.microsoft.com/EntitlementManagement.ReadWrite.All");
    let (admin, inviter) = (e.access_token_for(ADMIN, &scopes).await, e.access_token_for(INVITER, &scopes).await);
    let em = "/identityGovernance/entitlementManagement";
    let group = "6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e02";
    let catalog_body =
        json!({"displayName": "Partner self-service", "isExternallyVisible": true, "state": "published"});
    let (s, _, _) = e.graph(Method::POST, &format!("{em}/catalogs"), &inviter, Some(catalog_body.clone()), &[]).await;
    assert_eq!(s, 403, "a Guest Inviter administers no entitlement management");
    let (s, c, _) = e.graph(Method::POST, &format!("{em}/catalogs"), &admin, Some(catalog_body), &[]).await;
    assert_eq!((s, c["catalogType"].as_str()), (201, Some("userManaged")), "{c}");
    let catalog = c["id"].as_str().unwrap().to_string();
    let find = format!("{em}/catalogs?$filter=displayName%20eq%20%27Partner%20self-service%27");
    let (_, found, _) = e.graph(Method::GET, &find, &admin, None, &[]).await;
    assert_eq!(found["value"][0]["id"].as_str(), Some(catalog.as_str()), "{found}");
    let add = json!({"requestType": "adminAdd", "resource": {"originId": group, "originSystem": "AadGroup"}, "catalog": {"id": catalog}});
    let (s, r, _) = e.graph(Method::POST, &format!("{em}/resourceRequests"), &admin, Some(add.clone()), &[]).await;
    assert_eq!((s, r["state"].as_str()), (201, Some("delivered")), "{r}");
    let (s, _, _) = e.graph(Method::POST, &format!("{em}/resourceRequests"), &admin, Some(add), &[]).await;
    assert_eq!(s, 400, "a group is in a catalog once");
    let resources =
        format!("{em}/catalogs/{catalog}/resources?$filter=originId%20eq%20%27{group}%27&$expand=roles,scopes");
    let (_, res, _) = e.graph(Method::GET, &resources, &admin, None, &[]).await;
    let member = res["value"][0]["roles"].as_array().unwrap().iter().find(|r| r["displayName"] == "Member").unwrap();
    assert_eq!(member["originId"].as_str(), Some(format!("Member_{group}").as_str()));
    let scope = res["value"][0]["scopes"][0].clone();
    let pkg_body =
        json!({"displayName": "Falcon partners", "description": "d", "isHidden": false, "catalog": {"id": catalog}});
    let (s, p, _) = e.graph(Method::POST, &format!("{em}/accessPackages"), &admin, Some(pkg_body), &[]).await;
    assert_eq!(s, 201, "{p}");
    let package = p["id"].as_str().unwrap().to_string();
    let role_scope = json!({"role": {"id": member["id"], "originId": member["originId"], "originSystem": "AadGroup",
        "resource": {"id": res["value"][0]["id"], "originId": group, "originSystem": "AadGroup"}},
        "scope": {"id": scope["id"], "originId": group, "originSystem": "AadGroup"}});
    let path = format!("{em}/accessPackages/{package}/resourceRoleScopes");
    let (s, b, _) = e.graph(Method::POST, &path, &admin, Some(role_scope.clone()), &[]).await;
    assert_eq!(s, 201, "{b}");
    let (s, _, _) = e.graph(Method::POST, &path, &admin, Some(role_scope), &[]).await;
    assert_eq!(s, 409, "the same role scope twice");
    let policy = |stages: Value, scope: &str| {
        json!({"displayName": "Partners", "description": "", "allowedTargetScope": scope, "specificAllowedTargets": [],
            "expiration": {"type": "afterDuration", "duration": "P90D"},
            "requestorSettings": {"enableTargetsToSelfAddAccess": true},
            "requestApprovalSettings": {"isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": false,
                "isRequestorJustificationRequired": true, "stages": stages},
            "accessPackage": {"id": package}})
    };
    let sponsors_only = json!([{"durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true,
        "isEscalationEnabled": false, "primaryApprovers": [{"@odata.type": "#microsoft.graph.targetUserSponsors"}]}]);
    let polices = format!("{em}/assignmentPolicies");
    let (s, b, _) = e.graph(Method::POST, &polices, &admin, Some(policy(sponsors_only, "allExternalUsers")), &[]).await;
    assert!(s == 400 && b["error"]["message"].as_str().unwrap().contains("fallback"), "{b}");
    let (s, _, _) = e.graph(Method::POST, &polices, &admin, Some(policy(json!([]), "allExternalUsers")), &[]).await;
    assert_eq!(s, 400, "approval without a stage");
    let named = json!([{"durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true,
        "isEscalationEnabled": false, "primaryApprovers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": "a0000001-0000-4000-8000-000000000002"}]}]);
    let (s, b, _) = e.graph(Method::POST, &polices, &admin, Some(policy(named, "allExternalUsers")), &[]).await;
    assert_eq!(s, 201, "{b}");
    let client = reqwest::Client::new();
    let form = [("name", "Kai Partner"), ("email", "kai@tailspin.example"), ("justification", "")];
    let answer = client.post(format!("{}/myaccess/{package}", e.base())).form(&form).send().await.unwrap();
    assert_eq!(answer.status(), 400, "the policy asks for a justification");
    let form = [("name", "Kai Partner"), ("email", "kai@tailspin.example"), ("justification", "Falcon build")];
    let answer = client.post(format!("{}/myaccess/{package}", e.base())).form(&form).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let mine = format!("{em}/assignmentRequests/filterByCurrentUser(on='approver')");
    let (_, waiting, _) = e.graph(Method::GET, &mine, &inviter, None, &[]).await;
    let request = waiting["value"].as_array().unwrap().iter().find(|r| r["justification"] == "Falcon build").unwrap();
    let id = request["id"].as_str().unwrap();
    let (_, st, _) =
        e.graph(Method::GET, &format!("{em}/accessPackageAssignmentApprovals/{id}/stages"), &inviter, None, &[]).await;
    let stage = st["value"][0]["id"].as_str().unwrap();
    let decide = format!("{em}/accessPackageAssignmentApprovals/{id}/stages/{stage}");
    let (s, _, _) = e
        .graph(Method::PATCH, &decide, &inviter, Some(json!({"reviewResult": "Approve", "justification": "ok"})), &[])
        .await;
    assert_eq!(s, 204);
    let users = e.control(Method::GET, "users", None).await;
    let kai = users.as_array().unwrap().iter().find(|u| u["mail"] == "kai@tailspin.example").unwrap();
    assert_eq!(
        (kai["userType"].as_str(), kai["externalUserState"].as_str(), kai["groups"].clone()),
        (Some("Guest"), Some("Accepted"), json!(["Finance Reviewers"])),
        "{kai}"
    );
}
