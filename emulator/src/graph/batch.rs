//! `POST /$batch`: up to 20 requests, `dependsOn` with 424, per-item status, headers and body, and
//! throttled items as inner 429s with `Retry-After` in the inner headers.

use super::{dispatch, error, injected_fault, log, GraphRequest, GraphResponse};
use crate::state::Shared;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

fn bad(message: &str) -> GraphResponse {
    error(StatusCode::BAD_REQUEST, "BadRequest", message)
}

pub fn run(s: &Shared, outer: &GraphRequest) -> GraphResponse {
    let Some(requests) = outer.body.as_ref().and_then(|b| b.get("requests")).and_then(Value::as_array) else {
        return bad("Invalid batch payload format: a 'requests' array is required.");
    };
    if requests.len() > 20 {
        return bad("Number of requests inside batch exceeds the limit.");
    }
    let mut seen = Vec::new();
    for r in requests {
        let Some(id) = r.get("id").and_then(Value::as_str) else {
            return bad("Every batch request needs a string 'id'.");
        };
        if seen.contains(&id.to_ascii_lowercase()) {
            return bad(&format!("Batch request ids must be unique; '{id}' is repeated."));
        }
        seen.push(id.to_ascii_lowercase());
        if r.get("body").is_some()
            && r.get("headers")
                .and_then(|h| h.as_object())
                .is_none_or(|h| !h.keys().any(|k| k.eq_ignore_ascii_case("content-type")))
        {
            return bad(&format!("Request '{id}' has a body but no Content-Type header."));
        }
    }
    let mut statuses: HashMap<String, u16> = HashMap::new();
    let mut responses = Vec::new();
    for r in requests {
        let id = r.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let depends: Vec<String> = r
            .get("dependsOn")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_ascii_lowercase)).collect())
            .unwrap_or_default();
        let failed_dep = depends.iter().any(|d| statuses.get(d).is_none_or(|st| *st >= 400));
        let resp = if failed_dep {
            GraphResponse::json(
                StatusCode::FAILED_DEPENDENCY,
                json!({"error": {"code": "FailedDependency", "message": "Dependent request failed."}}),
            )
        } else {
            inner(s, outer, r)
        };
        statuses.insert(id.to_ascii_lowercase(), resp.status.as_u16());
        let mut headers = Map::new();
        for (k, v) in &resp.headers {
            headers.insert(k.clone(), json!(v));
        }
        headers.insert(
            "Content-Type".into(),
            json!(if resp.text.is_some() {
                "text/plain"
            } else {
                "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
            }),
        );
        let mut item = json!({ "id": id, "status": resp.status.as_u16(), "headers": headers });
        if let Some(b) = resp.body {
            item["body"] = b;
        } else if let Some(t) = resp.text {
            item["body"] = json!(t);
        }
        responses.push(item);
    }
    GraphResponse::json(StatusCode::OK, json!({ "responses": responses }))
}

fn inner(s: &Shared, outer: &GraphRequest, r: &Value) -> GraphResponse {
    let method = r
        .get("method")
        .and_then(Value::as_str)
        .and_then(|m| Method::from_bytes(m.to_ascii_uppercase().as_bytes()).ok());
    let Some(method) = method else {
        return bad("Each batch request needs a valid 'method'.");
    };
    let url = r.get("url").and_then(Value::as_str).unwrap_or_default();
    let url = url.strip_prefix("/v1.0").unwrap_or(url);
    let (path, raw_query) = match url.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (url.to_string(), None),
    };
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    let mut headers = HeaderMap::new();
    for (k, v) in r.get("headers").and_then(Value::as_object).into_iter().flatten() {
        if let (Ok(k), Some(Ok(v))) = (HeaderName::try_from(k.as_str()), v.as_str().map(HeaderValue::from_str)) {
            headers.insert(k, v);
        }
    }
    let resp = match injected_fault(s, &path) {
        // A dropped inner request surfaces as a 503 item; the batch itself still answers.
        Err(super::Dropped) => {
            error(StatusCode::SERVICE_UNAVAILABLE, "serviceNotAvailable", "The service is temporarily unavailable.")
        }
        Ok(Some(fault)) => fault,
        Ok(None) => {
            let query = raw_query
                .as_deref()
                .map(|q| {
                    url::form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
                })
                .unwrap_or_default();
            let req = GraphRequest {
                method: method.clone(),
                path: path.clone(),
                query,
                raw_query: raw_query.clone(),
                headers: headers.clone(),
                body: r.get("body").cloned(),
                caller: outer.caller.clone(),
            };
            dispatch(s, &req)
        }
    };
    log(s, &method, &format!("/graph/v1.0{path}"), raw_query.as_deref(), resp.status, &headers, true);
    resp
}
