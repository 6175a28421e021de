//! The fake's endpoints: `/oauth/authorize`, `/oauth/token`, `/oauth/token/revoke`, and
//! API v2 under `/public/v2`.

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::data::{self, FakeLoop, MERGED_AWAY};
use super::{Call, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FakeState, TOKEN_LIFETIME_SECS};

type Shared = Arc<Mutex<FakeState>>;
type Params = HashMap<String, String>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/oauth/authorize", get(authorize))
        .route("/oauth/token", post(token))
        .route("/oauth/token/revoke", post(revoke))
        .route("/public/v2/profile", get(profiles))
        .route("/public/v2/profile/{profile}/loop", get(loop_page))
        .route("/public/v2/profile/{profile}/loop/{id}", get(loop_answer))
        .route(
            "/public/v2/profile/{profile}/loop/{id}/{part}",
            get(loop_answer),
        )
        .route("/public/v2/subscription", post(subscribe))
        .with_state(state)
}

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, FakeState> {
    state.lock().expect("the fake's state is not poisoned")
}

/// The person approves (or, when told to, declines) and the browser is sent back.
async fn authorize(State(state): State<Shared>, Query(params): Query<Params>) -> Response {
    let mut fake = lock(&state);
    if params.get("client_id").map(String::as_str) != Some(FAKE_CLIENT_ID)
        || params.get("response_type").map(String::as_str) != Some("code")
    {
        return (StatusCode::BAD_REQUEST, "unknown client").into_response();
    }
    let (Some(redirect), Some(state_param)) = (params.get("redirect_uri"), params.get("state"))
    else {
        return (StatusCode::BAD_REQUEST, "missing redirect_uri or state").into_response();
    };
    let state_param = urlencode(state_param);
    if std::mem::take(&mut fake.deny_next_authorize) {
        return Redirect::to(&format!(
            "{redirect}?error=access_denied&state={state_param}"
        ))
        .into_response();
    }
    fake.issued += 1;
    let code = format!("code-{}", fake.issued);
    fake.codes.push(code.clone());
    Redirect::to(&format!("{redirect}?code={code}&state={state_param}")).into_response()
}

fn urlencode(text: &str) -> String {
    reqwest::Url::parse_with_params("http://x/", [("v", text)])
        .ok()
        .and_then(|u| u.query().map(|q| q.trim_start_matches("v=").to_owned()))
        .unwrap_or_default()
}

fn client_authenticated(headers: &HeaderMap) -> bool {
    let expected = base64::engine::general_purpose::STANDARD
        .encode(format!("{FAKE_CLIENT_ID}:{FAKE_CLIENT_SECRET}"));
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(format!("Basic {expected}").as_str())
}

fn invalid_grant() -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": "invalid_grant"})),
    )
        .into_response()
}

/// A new pair, replacing the account's previous one: Dotloop keeps one active token.
fn issue_tokens(fake: &mut FakeState) -> Response {
    fake.issued += 1;
    let (access, refresh) = (
        format!("access-{}", fake.issued),
        format!("refresh-{}", fake.issued),
    );
    fake.access_token = Some(access.clone());
    fake.refresh_token = Some(refresh.clone());
    axum::Json(json!({
        "access_token": access, "token_type": "Bearer", "refresh_token": refresh,
        "expires_in": TOKEN_LIFETIME_SECS, "scope": "account:read profile:* loop:*"
    }))
    .into_response()
}

async fn token(
    State(state): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Params>,
) -> Response {
    if !client_authenticated(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let mut fake = lock(&state);
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = form.get("code").cloned().unwrap_or_default();
            let Some(at) = fake.codes.iter().position(|c| *c == code) else {
                return invalid_grant();
            };
            if !form.contains_key("redirect_uri") {
                return invalid_grant();
            }
            fake.codes.remove(at);
            fake.exchanges += 1;
            issue_tokens(&mut fake)
        }
        Some("refresh_token") => {
            if fake.refuse_refresh || form.get("refresh_token") != fake.refresh_token.as_ref() {
                return invalid_grant();
            }
            fake.refreshes += 1;
            issue_tokens(&mut fake)
        }
        _ => invalid_grant(),
    }
}

async fn revoke(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> StatusCode {
    if !client_authenticated(&headers) {
        return StatusCode::UNAUTHORIZED;
    }
    let mut fake = lock(&state);
    let token = params.get("token").cloned().unwrap_or_default();
    if fake.access_token.as_ref() == Some(&token) {
        fake.access_token = None;
        fake.refresh_token = None;
    }
    fake.revoked.push(token);
    StatusCode::OK
}

/// Every API call goes through here: it is logged and numbered, the bearer token is
/// checked, the forced 429 and the spent budget happen, and the rate-limit headers go
/// on the answer.
fn api_call(
    state: &Shared,
    headers: &HeaderMap,
    path: String,
    query: Params,
    answer: impl FnOnce(&FakeState) -> Response,
) -> Response {
    let mut fake = lock(state);
    let number = fake.calls.len() + 1;
    let now = Instant::now();
    if fake.budget_resets_at.is_some_and(|reset| now < reset) {
        fake.calls_during_spent_budget += 1;
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let authorised = !fake.refuse_every_token
        && fake
            .access_token
            .as_ref()
            .is_some_and(|t| bearer == Some(format!("Bearer {t}").as_str()));
    let mut response = if !authorised {
        (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": "invalid_token"})),
        )
            .into_response()
    } else if fake.force_429_at == Some(number) {
        let mut throttled = (StatusCode::TOO_MANY_REQUESTS, "slow down").into_response();
        // The epoch-milliseconds form of Reset: 300 ms from now.
        let reset = chrono::Utc::now().timestamp_millis() + 300;
        set(&mut throttled, "x-ratelimit-remaining", "0".into());
        set(&mut throttled, "x-ratelimit-reset", reset.to_string());
        throttled
    } else {
        answer(&fake)
    };
    if authorised && response.status() != StatusCode::TOO_MANY_REQUESTS {
        set(&mut response, "x-ratelimit-limit", "10000".into());
        if fake.spend_budget_at == Some(number) {
            // The time-to-reset form, in seconds.
            set(&mut response, "x-ratelimit-remaining", "0".into());
            set(&mut response, "x-ratelimit-reset", "1".into());
            fake.budget_resets_at = Some(now + Duration::from_secs(1));
        } else {
            set(&mut response, "x-ratelimit-remaining", "9000".into());
            set(
                &mut response,
                "x-ratelimit-reset",
                (chrono::Utc::now().timestamp() + 60).to_string(),
            );
        }
    }
    fake.calls.push(Call {
        path,
        query,
        status: response.status().as_u16(),
        at: now,
    });
    response
}

fn set(response: &mut Response, name: &'static str, value: String) {
    response
        .headers_mut()
        .insert(name, HeaderValue::from_str(&value).expect("a header value"));
}

async fn profiles(State(state): State<Shared>, headers: HeaderMap) -> Response {
    api_call(&state, &headers, "/profile".into(), Params::new(), |_| {
        axum::Json(data::profiles()).into_response()
    })
}

fn updated_min(query: &Params) -> Option<chrono::DateTime<chrono::Utc>> {
    let filter = query.get("filter")?.strip_prefix("updated_min=")?;
    chrono::DateTime::parse_from_rfc3339(filter)
        .ok()
        .map(|t| t.to_utc())
}

async fn loop_page(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(profile): Path<String>,
    Query(query): Query<Params>,
) -> Response {
    let path = format!("/profile/{profile}/loop");
    api_call(&state, &headers, path, query.clone(), |fake| {
        let number: usize = query
            .get("batch_number")
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let size: usize = query
            .get("batch_size")
            .and_then(|n| n.parse().ok())
            .unwrap_or(20);
        if size > 100 || number == 0 {
            return (StatusCode::BAD_REQUEST, "batch_size is at most 100").into_response();
        }
        let since = updated_min(&query);
        let mut matching: Vec<&FakeLoop> = fake
            .loops
            .iter()
            .filter(|l| {
                l.profiles.contains(&profile.as_str()) && since.is_none_or(|s| l.updated >= s)
            })
            .collect();
        matching.sort_by_key(|l| l.updated);
        let details = query.get("include_details").map(String::as_str) == Some("true");
        let page: Vec<Value> = matching
            .iter()
            .skip((number - 1) * size)
            .take(size)
            .map(|l| data::loop_json(l, &profile, details))
            .collect();
        axum::Json(json!({"meta": {"total": matching.len()}, "data": page})).into_response()
    })
}

fn find_loop<'a>(fake: &'a FakeState, profile: &str, id: &str) -> Option<&'a FakeLoop> {
    fake.loops
        .iter()
        .find(|l| l.id == id && l.profiles.contains(&profile) && id != MERGED_AWAY)
}

/// A loop (`…/loop/{id}`) or one of its parts (`…/detail`, `…/participant`).
async fn loop_answer(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(params): Path<Params>,
) -> Response {
    let (profile, id) = (&params["profile"], &params["id"]);
    let part = params.get("part").map(String::as_str);
    let path = match part {
        Some(part) => format!("/profile/{profile}/loop/{id}/{part}"),
        None => format!("/profile/{profile}/loop/{id}"),
    };
    api_call(&state, &headers, path, Params::new(), |fake| {
        let body = match (find_loop(fake, profile, id), part) {
            (Some(found), None) => json!({"data": data::loop_json(found, profile, false)}),
            (Some(found), Some("detail")) => json!({"data": data::details(found)}),
            (Some(found), Some("participant")) => data::participants(found),
            _ => {
                let missing = json!({"error": "not found"});
                return (StatusCode::NOT_FOUND, axum::Json(missing)).into_response();
            }
        };
        axum::Json(body).into_response()
    })
}

async fn subscribe(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let response = api_call(
        &state,
        &headers,
        "/subscription".into(),
        Params::new(),
        |_| axum::Json(json!({"data": {"id": 1}})).into_response(),
    );
    if response.status().is_success() {
        lock(&state).subscriptions.push(body);
    }
    response
}
