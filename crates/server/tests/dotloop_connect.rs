//! Connecting a brokerage's Dotloop account end to end against the fake Dotloop: the
//! authorize URL and its state, the callback (and every way it is refused), the sealed
//! tokens, the account, who may connect, and disconnecting.

use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use brokerdesk_server::testing::fake_dotloop::{DotloopTestApp, FAKE_CLIENT_ID, LOOP_COUNT};
use reqwest::{Method, StatusCode};

fn query_param(url: &str, name: &str) -> String {
    reqwest::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The authorize URL with its `state` replaced.
fn with_state(url: &str, state: &str) -> String {
    let mut parsed = reqwest::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let value = if k == "state" {
                state.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), value)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    parsed.into()
}

async fn connection_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from dotloop_connections")
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_owner_connects_and_the_first_import_runs() {
    let t = DotloopTestApp::spawn().await;
    let token = t.owner("acme").await.access_token;
    let url = t.authorize_url(&token).await;
    assert!(
        url.starts_with(&format!("{}/oauth/authorize?", t.fake.url)),
        "{url}"
    );
    assert_eq!(query_param(&url, "client_id"), FAKE_CLIENT_ID);
    assert_eq!(query_param(&url, "response_type"), "code");
    assert_eq!(query_param(&url, "redirect_on_deny"), "true");
    assert!(query_param(&url, "redirect_uri").ends_with("/v1/dotloop/callback"));
    let state = query_param(&url, "state");
    assert!(state.starts_with("bdo."), "{state}");

    let seen = t.browse(&url).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.page);
    assert!(seen.page.contains("Connected to Dotloop"), "{}", seen.page);
    assert_eq!(t.fake.state().exchanges, 1);

    let run = t.wait_for_run(&token).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["created"], LOOP_COUNT);
    let status = t.app.get("/v1/dotloop", &token).await.body;
    assert_eq!(status["configured"], true);
    assert_eq!(status["connected"], true);
    assert_eq!(status["status"], "connected");
    assert_eq!(status["account"]["profileId"], "4711");
    assert_eq!(status["account"]["name"], "Acme Realty");
    assert_eq!(status["lastSuccessfulRun"]["id"], run["id"]);

    // The webhook subscription names the tenant, so deliveries find it.
    let subscriptions = t.fake.state().subscriptions.clone();
    assert_eq!(subscriptions.len(), 1);
    let tenant = t.owner("acme").await.tenant_id;
    assert_eq!(subscriptions[0]["externalId"], tenant);
    assert!(
        subscriptions[0]["targetUrl"]
            .as_str()
            .unwrap()
            .ends_with("/v1/dotloop/webhook")
    );

    // The tokens are sealed: neither is in the row in clear.
    let admin = t.app.db.admin_pool().await;
    let (access, refresh): (Vec<u8>, Vec<u8>) =
        sqlx::query_as("select access_token_sealed, refresh_token_sealed from dotloop_connections")
            .fetch_one(&admin)
            .await
            .unwrap();
    let live = t.fake.state().access_token.clone().unwrap();
    for sealed in [&access, &refresh] {
        assert!(
            !sealed
                .windows(7)
                .any(|w| w == b"access-" || w == b"refresh")
        );
    }
    assert!(!String::from_utf8_lossy(&access).contains(&live));
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_entries where action like 'dotloop.%' order by seq",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    for expected in [
        "dotloop.connect_started",
        "dotloop.connected",
        "dotloop.imported",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing from {actions:?}"
        );
    }

    // The same callback again: its state was used.
    let replay = t
        .browse(&format!(
            "{}/v1/dotloop/callback?code=code-1&state={state}",
            t.app.address
        ))
        .await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert!(replay.page.contains("cannot be used"), "{}", replay.page);
    // A page for the person in the browser, not the API's JSON error.
    assert!(
        replay
            .page
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype html"),
        "{}",
        replay.page
    );
    assert_eq!(
        t.fake.state().exchanges,
        1,
        "a used state never reaches Dotloop"
    );
}

#[tokio::test]
async fn a_tampered_foreign_expired_or_declined_state_connects_nothing() {
    let t = DotloopTestApp::spawn().await;
    let acme = t.owner("acme").await.access_token;
    let summit = t.owner("summit").await;
    let url = t.authorize_url(&acme).await;
    let state = query_param(&url, "state");
    let (prefix, secret) = state.rsplit_once('.').unwrap();

    // One character of the secret changed.
    let mut flipped = secret.to_owned();
    let last = flipped.pop().unwrap();
    flipped.push(if last == 'A' { 'B' } else { 'A' });
    let tampered = t
        .browse(&with_state(&url, &format!("{prefix}.{flipped}")))
        .await;
    // acme's secret under summit's tenant: the state is bound to the tenant it was issued in.
    let summit_id = summit.tenant_id.replace('-', "");
    let foreign = t
        .browse(&with_state(&url, &format!("bdo.{summit_id}.{secret}")))
        .await;
    let garbage = t.browse(&with_state(&url, "not-a-state")).await;
    for seen in [&tampered, &foreign, &garbage] {
        assert_eq!(seen.status, StatusCode::BAD_REQUEST);
        assert!(seen.page.contains("cannot be used"), "{}", seen.page);
    }
    assert_eq!(connection_count(&t.app).await, 0);
    assert_eq!(
        t.fake.state().exchanges,
        0,
        "no refused state reached Dotloop"
    );
    let summit_status = t.app.get("/v1/dotloop", &summit.access_token).await.body;
    assert_eq!(summit_status["connected"], false);

    // Declined in Dotloop.
    t.fake.state().deny_next_authorize = true;
    let declined = t.browse(&url).await;
    assert_eq!(declined.status, StatusCode::BAD_REQUEST);
    assert!(declined.page.contains("declined"), "{}", declined.page);

    // Past its ten minutes.
    let late = t.authorize_url(&acme).await;
    sqlx::query("update dotloop_oauth_states set expires_at = now() - interval '1 second'")
        .execute(&t.app.db.admin_pool().await)
        .await
        .unwrap();
    let expired = t.browse(&late).await;
    assert_eq!(expired.status, StatusCode::BAD_REQUEST);
    assert!(expired.page.contains("expired"), "{}", expired.page);
    assert_eq!(connection_count(&t.app).await, 0);
    assert_eq!(t.fake.state().exchanges, 0);
}

#[tokio::test]
async fn only_owners_and_admins_connect_and_only_when_configured() {
    let t = DotloopTestApp::spawn().await;
    for role in ["agent", "viewer"] {
        let user = signed_in(
            t.app
                .sign_in("acme", &format!("{role}@acme.test"), DEMO_PASSWORD)
                .await,
        );
        for (method, path) in [
            (Method::POST, "/v1/dotloop/connect"),
            (Method::GET, "/v1/dotloop"),
            (Method::POST, "/v1/dotloop/sync"),
            (Method::DELETE, "/v1/dotloop"),
        ] {
            let response = t
                .app
                .call(method.clone(), path, Some(&user.access_token), None)
                .await;
            assert_eq!(
                response.status,
                StatusCode::FORBIDDEN,
                "{role} {method} {path}"
            );
        }
    }
    let admin = signed_in(
        t.app
            .sign_in("acme", "admin@acme.test", DEMO_PASSWORD)
            .await,
    );
    let url = t.authorize_url(&admin.access_token).await;
    assert!(url.contains("state=bdo."));
    // Platform staff in a support session never connect an account to a tenant.
    let support = t
        .app
        .demo_support_session(&admin.tenant_id, "Customer asked why Dotloop is idle")
        .await;
    let refused = t.app.post("/v1/dotloop/connect", &support, None).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "not_allowed_in_support_session")
    );

    let unconfigured = TestApp::spawn().await;
    brokerdesk_server::seed::seed_demo(&unconfigured.db.args)
        .await
        .unwrap();
    let token = signed_in(
        unconfigured
            .sign_in("acme", "owner@acme.test", DEMO_PASSWORD)
            .await,
    )
    .access_token;
    let refused = unconfigured.post("/v1/dotloop/connect", &token, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "dotloop_not_configured");
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("BROKERDESK_DOTLOOP_CLIENT_ID")
    );
    let status = unconfigured.get("/v1/dotloop", &token).await.body;
    assert_eq!(
        (status["configured"].clone(), status["connected"].clone()),
        (false.into(), false.into())
    );
    let callback = reqwest::get(format!(
        "{}/v1/dotloop/callback?code=x&state=y",
        unconfigured.address
    ))
    .await
    .unwrap();
    assert_eq!(callback.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn disconnecting_revokes_the_token_and_forgets_the_connection() {
    let t = DotloopTestApp::spawn().await;
    let token = t.owner("acme").await.access_token;
    t.connect(&token).await;
    let live = t.fake.state().access_token.clone().unwrap();

    let answer = t
        .app
        .call(Method::DELETE, "/v1/dotloop", Some(&token), None)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(answer.body["revoked"], true);
    assert_eq!(t.fake.state().revoked, vec![live]);
    assert!(
        t.fake.state().access_token.is_none(),
        "Dotloop dropped the token"
    );
    assert_eq!(connection_count(&t.app).await, 0);
    let status = t.app.get("/v1/dotloop", &token).await.body;
    assert_eq!(status["connected"], false);

    let again = t
        .app
        .call(Method::DELETE, "/v1/dotloop", Some(&token), None)
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "dotloop_not_connected")
    );
    let sync = t.app.post("/v1/dotloop/sync", &token, None).await;
    assert_eq!(sync.code(), "dotloop_not_connected");
}
