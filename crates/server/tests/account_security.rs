//! Per-account lockout, password change, and the Host header naming a tenant.

use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::StatusCode;
use serde_json::json;

const PASSWORD: &str = "copper-lantern-orbit-meadow";

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    app.register("acme").await;
    for attempt in 1..=5 {
        let wrong = app
            .sign_in("acme", "owner@acme.test", "not-the-password")
            .await;
        let expected = if attempt < 5 {
            "invalid_credentials"
        } else {
            "account_locked"
        };
        assert_eq!(
            (wrong.status, wrong.code()),
            (StatusCode::UNAUTHORIZED, expected),
            "attempt {attempt}"
        );
    }
    let right = app.sign_in("acme", "owner@acme.test", PASSWORD).await;
    assert_eq!(right.code(), "account_locked", "{:?}", right.body);
    assert!(
        right.body["message"]
            .as_str()
            .unwrap()
            .contains("locked until")
    );

    // Once the lock has passed, the right password works and the count starts again.
    sqlx::query("update users set locked_until = now() - interval '1 second'")
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    assert_eq!(
        app.sign_in("acme", "owner@acme.test", PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    let failures: i32 = sqlx::query_scalar("select failed_sign_ins from users")
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap();
    assert_eq!(failures, 0);
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_needs_the_current_one() {
    let app = TestApp::spawn().await;
    let here = app.register("acme").await;
    let elsewhere = signed_in(app.sign_in("acme", "owner@acme.test", PASSWORD).await);
    let change = |current: &str, new: &str| {
        app.post(
            "/v1/me/password",
            &here.access_token,
            Some(json!({ "currentPassword": current, "newPassword": new })),
        )
    };

    let wrong = change("not-it-at-all", "violet-harbour-quartz-lamp").await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::UNAUTHORIZED, "wrong_password")
    );
    let weak = change(PASSWORD, "password1234").await;
    assert_eq!(
        (weak.status, weak.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "weak_password")
    );

    let done = change(PASSWORD, "violet-harbour-quartz-lamp").await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert_eq!(
        app.get("/v1/me", &here.access_token).await.status,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        app.get("/v1/me", &elsewhere.access_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in("acme", "owner@acme.test", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in("acme", "owner@acme.test", "violet-harbour-quartz-lamp")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_host_naming_another_tenant_is_refused() {
    let app = TestApp::spawn().await;
    let acme = app.register("acme").await;
    app.register("summit").await;
    let with_host = |host| app.get_via_host("/v1/me", &acme.access_token, host);
    assert_eq!(
        with_host("acme.brokerdesk.test").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        with_host("ACME.brokerdesk.test:443").await.status(),
        StatusCode::OK
    );
    // A host that names no tenant (the bare API address) leaves the token in charge.
    assert_eq!(with_host("api.example.com").await.status(), StatusCode::OK);
    let other = with_host("summit.brokerdesk.test").await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = other.json().await.unwrap();
    assert_eq!(body["code"], "tenant_mismatch");
}
