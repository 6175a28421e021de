//! Dotloop's tokens: refreshed before expiry, once, under the connection's lock (a
//! refresh invalidates the token before it); a connection Dotloop refuses even after a
//! refresh is marked `needs_reconnect`.

use brokerdesk_core::ids::TenantId;
use brokerdesk_server::dotloop::tokens;
use brokerdesk_server::testing::fake_dotloop::DotloopTestApp;
use reqwest::StatusCode;

async fn expire_soon(t: &DotloopTestApp) {
    sqlx::query("update dotloop_connections set access_expires_at = now() + interval '1 minute'")
        .execute(&t.app.db.admin_pool().await)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_expiring_token_is_refreshed_once_however_many_ask() {
    let (t, owner) = DotloopTestApp::spawn_connected().await;
    let tenant: TenantId = owner.tenant_id.parse().unwrap();
    let dotloop = t.dotloop().await;
    let before = t.fake.state().access_token.clone().unwrap();
    let fresh = tokens::access_token(&dotloop, tenant).await.unwrap();
    assert_eq!(
        fresh.token, before,
        "a token with hours left is used as it is"
    );
    assert_eq!(t.fake.state().refreshes, 0);

    expire_soon(&t).await;
    let asks = (0..4).map(|_| {
        let dotloop = dotloop.clone();
        tokio::spawn(async move { tokens::access_token(&dotloop, tenant).await })
    });
    let mut got = Vec::new();
    for ask in asks {
        got.push(ask.await.unwrap().unwrap());
    }
    assert_eq!(t.fake.state().refreshes, 1, "four callers, one refresh");
    let live = t.fake.state().access_token.clone().unwrap();
    assert_ne!(live, before);
    assert!(
        got.iter()
            .all(|g| g.token == live && g.generation == got[0].generation)
    );

    // The old token is dead at Dotloop, and the new one works for a whole run.
    let old = reqwest::Client::new()
        .get(format!("{}/profile", t.fake.api_url()))
        .bearer_auth(&before)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let sync = t
        .app
        .post("/v1/dotloop/sync", &owner.access_token, None)
        .await;
    assert_eq!(sync.status, StatusCode::ACCEPTED, "{:?}", sync.body);
    assert_eq!(
        t.wait_for_run(&owner.access_token).await["status"],
        "succeeded"
    );
    assert_eq!(t.fake.state().refreshes, 1);
}

#[tokio::test]
async fn a_401_after_a_refresh_marks_the_connection_needs_reconnect() {
    let (t, owner) = DotloopTestApp::spawn_connected().await;
    // Someone disconnected the app in Dotloop: every token is refused, fresh or not.
    t.fake.state().refuse_every_token = true;
    let sync = t
        .app
        .post("/v1/dotloop/sync", &owner.access_token, None)
        .await;
    assert_eq!(sync.status, StatusCode::ACCEPTED);
    let run = t.wait_for_run(&owner.access_token).await;
    assert_eq!(run["status"], "failed");
    assert_eq!(run["errorCode"], "dotloop_needs_reconnect");
    assert_eq!(t.fake.state().refreshes, 1, "one refresh, then it gives up");

    let status = t.app.get("/v1/dotloop", &owner.access_token).await.body;
    assert_eq!(status["status"], "needs_reconnect");
    let again = t
        .app
        .post("/v1/dotloop/sync", &owner.access_token, None)
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "dotloop_needs_reconnect")
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_entries where action = 'dotloop.needs_reconnect'",
    )
    .fetch_one(&t.app.db.admin_pool().await)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // Connecting again clears it.
    t.fake.state().refuse_every_token = false;
    let run = t.connect(&owner.access_token).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    let status = t.app.get("/v1/dotloop", &owner.access_token).await.body;
    assert_eq!(status["status"], "connected");
}

#[tokio::test]
async fn a_refused_refresh_marks_the_connection_needs_reconnect() {
    let (t, owner) = DotloopTestApp::spawn_connected().await;
    let tenant: TenantId = owner.tenant_id.parse().unwrap();
    expire_soon(&t).await;
    t.fake.state().refuse_refresh = true;
    let refused = tokens::access_token(&t.dotloop().await, tenant)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "dotloop_needs_reconnect");
    let status = t.app.get("/v1/dotloop", &owner.access_token).await.body;
    assert_eq!(status["status"], "needs_reconnect");
}
