//! Password reset: a mailed, single-use, one-hour link that never reveals accounts.

use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::{Method, StatusCode};
use serde_json::json;

const OLD: &str = "copper-lantern-orbit-meadow";
const NEW: &str = "violet-harbour-quartz-lamp";

async fn ask(app: &TestApp, tenant: &str, email: &str) -> StatusCode {
    let body = json!({ "tenant": tenant, "email": email });
    app.call(Method::POST, "/v1/auth/password-reset", None, Some(body))
        .await
        .status
}

/// The token from the newest reset mail in acme's outbox.
async fn mailed_token(app: &TestApp, owner_token: &str) -> String {
    let outbox = app.get("/v1/mail-outbox", owner_token).await.body;
    let body = outbox
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["subject"] == "Reset your Brokerdesk password")
        .expect("a reset mail")["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let start = body.find("/reset-password/").unwrap() + "/reset-password/".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn complete(
    app: &TestApp,
    token: &str,
    password: &str,
) -> brokerdesk_server::testing::api::Response {
    let body = json!({ "token": token, "newPassword": password });
    app.call(
        Method::POST,
        "/v1/auth/password-reset/complete",
        None,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_mailed_link_sets_a_new_password_once_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    assert_eq!(
        ask(&app, "acme", "OWNER@acme.test").await,
        StatusCode::ACCEPTED
    );
    let token = mailed_token(&app, &owner.access_token).await;

    let weak = complete(&app, &token, "password1234").await;
    assert_eq!(weak.code(), "weak_password");
    let done = complete(&app, &token, NEW).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert_eq!(
        app.get("/v1/me", &owner.access_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in("acme", "owner@acme.test", OLD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let fresh = signed_in(app.sign_in("acme", "owner@acme.test", NEW).await);

    let again = complete(&app, &token, "another-fine-passphrase-here").await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::GONE, "reset_link_invalid")
    );
    let trail = app
        .get("/v1/audit", &fresh.access_token)
        .await
        .body
        .to_string();
    assert!(
        trail.contains("auth.password_reset_requested")
            && trail.contains("\"auth.password_reset\"")
    );
    assert!(!trail.contains(&token), "the token never reaches the trail");
}

#[tokio::test]
async fn unknown_accounts_look_the_same_and_expired_links_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    for (tenant, email) in [
        ("acme", "nobody@acme.test"),
        ("nowhere", "owner@acme.test"),
        ("NOT VALID", "x"),
    ] {
        assert_eq!(
            ask(&app, tenant, email).await,
            StatusCode::ACCEPTED,
            "{tenant} {email}"
        );
    }
    let outbox = app.get("/v1/mail-outbox", &owner.access_token).await.body;
    assert_eq!(
        outbox.as_array().unwrap().len(),
        0,
        "no mail for accounts that do not exist"
    );

    assert_eq!(
        ask(&app, "acme", "owner@acme.test").await,
        StatusCode::ACCEPTED
    );
    let token = mailed_token(&app, &owner.access_token).await;
    sqlx::query("update password_resets set expires_at = now() - interval '1 second'")
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    assert_eq!(complete(&app, &token, NEW).await.status, StatusCode::GONE);
    assert_eq!(
        complete(&app, "bdp.garbage", NEW).await.status,
        StatusCode::GONE
    );
}
