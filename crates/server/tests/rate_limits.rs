//! Rate limits: per tenant by plan, shared between instances through PostgreSQL, and per
//! client address on the sign-in routes.

use brokerdesk_server::rate_limit::CounterStore;
use brokerdesk_server::testing::TestApp;
use reqwest::StatusCode;

/// The Free plan's allowance per 15 minutes.
const FREE_LIMIT: usize = 100;

async fn get_me(address: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{address}/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Counters reset at each 15-minute boundary; a test that straddled one would see its
/// count restart. Waits (at most 20 s) until the current window has room for the test.
async fn clear_of_window_boundary() {
    let into_window = chrono::Utc::now().timestamp().rem_euclid(15 * 60);
    if into_window > 15 * 60 - 20 {
        tokio::time::sleep(std::time::Duration::from_secs(
            (15 * 60 - into_window + 1) as u64,
        ))
        .await;
    }
}

/// Sends requests until one is refused; returns how many succeeded and the refusal.
async fn until_refused(
    addresses: &[&str],
    token: &str,
    at_most: usize,
) -> (usize, reqwest::Response) {
    for n in 0..at_most {
        let response = get_me(addresses[n % addresses.len()], token).await;
        if response.status() != StatusCode::OK {
            return (n, response);
        }
    }
    panic!("no request was refused within {at_most}");
}

#[tokio::test]
async fn a_free_tenant_gets_its_plan_allowance_then_429_with_retry_after() {
    let app = TestApp::spawn().await;
    let free = app.register("acme").await;
    let other = app.register("summit").await;

    let (succeeded, refused) =
        until_refused(&[&app.address], &free.access_token, FREE_LIMIT + 5).await;
    assert_eq!(succeeded, FREE_LIMIT);
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Free plan allows 100 requests"),
        "{body}"
    );

    // Limits are per tenant: another brokerage is unaffected.
    assert_eq!(
        get_me(&app.address, &other.access_token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn instances_sharing_postgres_counters_enforce_one_limit() {
    let app = TestApp::spawn_with(|c| c.rate_limit_store = CounterStore::Postgres).await;
    let second = app
        .another_instance(|c| c.rate_limit_store = CounterStore::Postgres)
        .await;
    let tenant = app.register("acme").await;

    // Alternating between the two instances, the tenant still gets 100 in all.
    let (succeeded, refused) = until_refused(
        &[&app.address, &second.address],
        &tenant.access_token,
        FREE_LIMIT + 5,
    )
    .await;
    assert_eq!(succeeded, FREE_LIMIT);
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    second.stop().await;
}

#[tokio::test]
async fn in_memory_counters_are_per_instance() {
    // The contrast that makes the test above meaningful: without shared counters two
    // instances each allow the full amount.
    let app = TestApp::spawn().await;
    let second = app.another_instance(|_| {}).await;
    let tenant = app.register("acme").await;
    let (succeeded, _) = until_refused(
        &[&app.address, &second.address],
        &tenant.access_token,
        2 * FREE_LIMIT + 5,
    )
    .await;
    assert_eq!(succeeded, 2 * FREE_LIMIT);
    second.stop().await;
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_address() {
    clear_of_window_boundary().await;
    let app = TestApp::spawn_with(|c| c.auth_attempts_per_ip = 5).await;
    app.register("acme").await; // the first of the five attempts
    for _ in 0..4 {
        let wrong = app
            .sign_in("acme", "owner@acme.test", "wrong-password-here")
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused now: guessing must not be able to go on.
    let blocked = app
        .sign_in("acme", "owner@acme.test", "copper-lantern-orbit-meadow")
        .await;
    assert_eq!(
        (blocked.status, blocked.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
}

#[tokio::test]
async fn api_key_requests_count_against_the_same_allowance() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    // API access needs a paid plan; Starter allows 500 requests per 15 minutes.
    sqlx::query("update tenants set plan = 'starter'")
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    // Before the key's creation, which is the first request counted: were the window
    // to turn after it, the count would start again one short.
    clear_of_window_boundary().await;
    let created = app
        .post(
            "/v1/api-keys",
            &owner.access_token,
            Some(serde_json::json!({ "name": "Chatbot", "scopes": ["kb:read"] })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let key = created.body["key"].as_str().unwrap().to_owned();
    // Creating the key was request 1 of 500; people spend 498 more.
    for _ in 0..498 {
        assert_eq!(
            get_me(&app.address, &owner.access_token).await.status(),
            StatusCode::OK
        );
    }
    let whoami = || {
        reqwest::Client::new()
            .get(format!("{}/v1/integrations/whoami", app.address))
            .bearer_auth(&key)
            .send()
    };
    assert_eq!(
        whoami().await.unwrap().status(),
        StatusCode::OK,
        "request 500 is within the allowance"
    );
    assert_eq!(
        whoami().await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS,
        "request 501 is not"
    );
}

#[tokio::test]
async fn the_sync_long_poll_is_authenticated_but_not_counted_against_the_allowance() {
    clear_of_window_boundary().await;
    let app = TestApp::spawn().await;
    let free = app.register("acme").await;
    let client = reqwest::Client::new();
    let wait = |token: &str| {
        client
            .get(format!("{}/v1/sync/wait", app.address))
            .bearer_auth(token)
            .query(&[("afterVersion", "0"), ("timeoutSecs", "0")])
            .send()
    };

    for n in 0..FREE_LIMIT + 20 {
        let answer = wait(&free.access_token).await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "wait {n}");
    }
    assert_eq!(
        wait("not-a-token").await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "still signed in only"
    );

    // Ordinary requests still get the whole allowance, and no more.
    let (succeeded, refused) =
        until_refused(&[&app.address], &free.access_token, FREE_LIMIT + 5).await;
    assert_eq!(succeeded, FREE_LIMIT);
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
}
