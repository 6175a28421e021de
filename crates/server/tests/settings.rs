//! Tenant settings and write-only provider keys.

use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn settings_start_from_defaults_validate_and_are_audited() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let defaults = app.get("/v1/settings", &owner.access_token).await.body;
    assert_eq!(defaults["timezone"], "America/New_York");
    assert_eq!(
        defaults["callingWindow"],
        json!({ "starts": "08:00", "ends": "21:00" })
    );

    let mut changed = defaults.clone();
    changed["timezone"] = json!("America/Chicago");
    changed["callingWindow"]["ends"] = json!("20:00");
    let put = |body| {
        app.call(
            Method::PUT,
            "/v1/settings",
            Some(&owner.access_token),
            Some(body),
        )
    };
    let saved = put(changed.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(
        app.get("/v1/settings", &owner.access_token).await.body,
        changed
    );

    let mut bad = changed.clone();
    bad["timezone"] = json!("Mars/Olympus");
    let refused = put(bad).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_setting")
    );
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .starts_with("timezone:")
    );

    // Custom branding is not in the Free plan.
    let mut branded = changed.clone();
    branded["branding"]["primaryColour"] = json!("#FF0000");
    let branding = put(branded).await;
    assert_eq!(
        (branding.status, branding.code()),
        (StatusCode::FORBIDDEN, "plan_feature_required")
    );

    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let updates = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "settings.updated")
        .count();
    assert_eq!(updates, 1, "only the accepted change is recorded");
}

#[tokio::test]
async fn provider_keys_are_sealed_write_only_and_owner_only() {
    let app = TestApp::spawn().await;
    brokerdesk_server::seed::seed_demo(&app.db.args)
        .await
        .unwrap();
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let admin = signed_in(app.sign_in("acme", "admin@acme.test", DEMO_PASSWORD).await);
    let secret = "sk-live-Zq81vTestProviderSecret9F3a";

    let set = app
        .call(
            Method::PUT,
            "/v1/provider-keys/openai",
            Some(&owner.access_token),
            Some(json!({ "key": secret })),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["lastFour"], "9F3a");
    assert!(!set.body.to_string().contains("Zq81v"));

    let listed = app.get("/v1/provider-keys", &owner.access_token).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert!(!listed.body.to_string().contains("Zq81v"));
    let stored: String =
        sqlx::query_scalar("select row_to_json(provider_keys)::text from provider_keys")
            .fetch_one(&app.db.admin_pool().await)
            .await
            .unwrap();
    assert!(!stored.contains("Zq81v"), "the key is sealed at rest");
    let trail = app
        .get("/v1/audit", &owner.access_token)
        .await
        .body
        .to_string();
    assert!(!trail.contains("Zq81v") && trail.contains("provider_key.set"));

    // Admins run the brokerage but do not hold the owner's provider keys.
    assert_eq!(
        app.get("/v1/provider-keys", &admin.access_token)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let unknown = app
        .call(
            Method::PUT,
            "/v1/provider-keys/not-a-provider",
            Some(&owner.access_token),
            Some(json!({ "key": secret })),
        )
        .await;
    assert!(unknown.status.is_client_error());

    let removed = app
        .call(
            Method::DELETE,
            "/v1/provider-keys/openai",
            Some(&owner.access_token),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/provider-keys", &owner.access_token).await.body,
        json!([])
    );
}
