//! TOTP multi-factor authentication: enrolment, sign-in with a code, single use of
//! every code, recovery codes, and seeds sealed at rest.

use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::StatusCode;
use serde_json::json;
use totp_rs::{Algorithm, Secret, TOTP};

const PASSWORD: &str = "copper-lantern-orbit-meadow";

fn authenticator(secret_base32: &str) -> TOTP {
    let seed = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .unwrap();
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        seed,
        Some("Brokerdesk".into()),
        "x".into(),
    )
    .unwrap()
}

/// A code for the next 30-second step, so it differs from any code used in this step.
fn next_code(app: &TOTP) -> String {
    app.generate(chrono::Utc::now().timestamp() as u64 + 30)
}

async fn sign_in_with(
    app: &TestApp,
    code: Option<&str>,
) -> brokerdesk_server::testing::api::Response {
    app.call(
        reqwest::Method::POST,
        "/v1/auth/sign-in",
        None,
        Some(json!({ "tenant": "acme", "email": "owner@acme.test", "password": PASSWORD, "mfaCode": code })),
    )
    .await
}

#[tokio::test]
async fn enrol_confirm_then_sign_in_needs_a_fresh_code_or_a_recovery_code() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let enrolment = app
        .post("/v1/me/mfa/enrol", &owner.access_token, None)
        .await;
    assert_eq!(enrolment.status, StatusCode::OK, "{:?}", enrolment.body);
    assert!(
        enrolment.body["otpauthUrl"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Brokerdesk")
    );
    let phone = authenticator(enrolment.body["secret"].as_str().unwrap());

    let wrong = app
        .post(
            "/v1/me/mfa/confirm",
            &owner.access_token,
            Some(json!({ "code": "000000" })),
        )
        .await;
    assert_eq!(wrong.code(), "invalid_mfa_code");
    let confirmed = app
        .post(
            "/v1/me/mfa/confirm",
            &owner.access_token,
            Some(json!({ "code": phone.generate_current().unwrap() })),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    let recovery: Vec<String> = serde_json::from_value(confirmed.body["codes"].clone()).unwrap();
    assert_eq!(recovery.len(), 10);

    // The seed is sealed at rest: its base32 form appears nowhere in the row.
    let row: String = sqlx::query_scalar("select row_to_json(users)::text from users")
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap();
    assert!(!row.contains(enrolment.body["secret"].as_str().unwrap()));

    let no_code = sign_in_with(&app, None).await;
    assert_eq!(
        (no_code.status, no_code.code()),
        (StatusCode::UNAUTHORIZED, "mfa_required")
    );
    let code = next_code(&phone);
    let ok = sign_in_with(&app, Some(&code)).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    signed_in(ok);
    let replayed = sign_in_with(&app, Some(&code)).await;
    assert_eq!(
        replayed.code(),
        "invalid_mfa_code",
        "a used code is never accepted again"
    );

    let with_recovery = sign_in_with(&app, Some(&recovery[0].to_uppercase())).await;
    assert_eq!(
        with_recovery.status,
        StatusCode::OK,
        "{:?}",
        with_recovery.body
    );
    let recovery_again = sign_in_with(&app, Some(&recovery[0])).await;
    assert_eq!(recovery_again.code(), "invalid_mfa_code");

    let me = app.get("/v1/me", &owner.access_token).await;
    assert_eq!(me.body["user"]["mfaEnabled"], true);
}

#[tokio::test]
async fn a_wrong_password_never_reveals_that_mfa_is_on_and_disabling_needs_the_password() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let secret = app
        .post("/v1/me/mfa/enrol", &owner.access_token, None)
        .await
        .body["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let phone = authenticator(&secret);
    app.post(
        "/v1/me/mfa/confirm",
        &owner.access_token,
        Some(json!({ "code": phone.generate_current().unwrap() })),
    )
    .await;

    let wrong_password = app
        .sign_in("acme", "owner@acme.test", "not-the-password-at-all")
        .await;
    assert_eq!(wrong_password.code(), "invalid_credentials");

    let refused = app
        .post(
            "/v1/me/mfa/disable",
            &owner.access_token,
            Some(json!({ "password": "nope-nope-nope" })),
        )
        .await;
    assert_eq!(refused.code(), "wrong_password");
    let disabled = app
        .post(
            "/v1/me/mfa/disable",
            &owner.access_token,
            Some(json!({ "password": PASSWORD })),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.sign_in("acme", "owner@acme.test", PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
}
