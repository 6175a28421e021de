//! The owner's own change of plan: who may, the options with what is over each plan, an
//! upgrade at once, a downgrade refused with the exact list (and nothing changed), a
//! downgrade that fits, the audit entry, and the new plan reaching devices through sync.

use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn change(app: &TestApp, token: &str, plan: &str) -> (StatusCode, Value) {
    let response = app
        .call(
            Method::PUT,
            "/v1/plan",
            Some(token),
            Some(json!({ "plan": plan })),
        )
        .await;
    (response.status, response.body)
}

fn tier(app_plan: &Value) -> &str {
    app_plan["plan"]["tier"].as_str().unwrap()
}

#[tokio::test]
async fn only_the_owner_changes_the_plan_and_a_downgrade_must_fit() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let viewer = app.demo_token("acme", "viewer@acme.test").await;

    // Acme is on Professional, with members, leads and the demo API key.
    let options = app.get("/v1/plan/options", &admin).await;
    assert_eq!(options.status, StatusCode::OK, "{:?}", options.body);
    let options = options.body.as_array().unwrap().clone();
    let directions: Vec<&str> = options
        .iter()
        .map(|o| o["direction"].as_str().unwrap())
        .collect();
    assert_eq!(directions, ["downgrade", "downgrade", "current", "upgrade"]);
    let free_excess: Vec<&str> = options[0]["excess"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        free_excess.contains(&"users") && free_excess.contains(&"api_keys"),
        "{free_excess:?}"
    );
    assert_eq!(options[3]["excess"], json!([]), "an upgrade always fits");

    // Admins and viewers see the plan but may not change it.
    for token in [&admin, &viewer] {
        let (status, body) = change(&app, token, "enterprise").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden"))
        );
    }

    // A downgrade that does not fit is refused with everything over the plan, and
    // nothing changes.
    let (status, body) = change(&app, &owner, "free").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body:?}");
    assert_eq!(body["code"], "plan_does_not_fit");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("You can't move to Free yet:"),
        "{message}"
    );
    for words in ["Deactivate 3 members", "Revoke 1 API key"] {
        assert!(message.contains(words), "{words:?} missing from: {message}");
    }
    assert_eq!(
        tier(&app.get("/v1/plan", &owner).await.body),
        "professional"
    );

    // The same plan again is a mistake worth saying.
    let (status, body) = change(&app, &owner, "professional").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("plan_unchanged"))
    );

    // An upgrade applies at once, and the answer is the new plan with its usage.
    let (status, body) = change(&app, &owner, "enterprise").await;
    assert_eq!(status, StatusCode::OK, "{body:?}");
    assert_eq!(tier(&body), "enterprise");
    assert_eq!(body["plan"]["limits"]["leads"]["kind"], "unlimited");
    assert_eq!(tier(&app.get("/v1/plan", &viewer).await.body), "enterprise");

    // Every device gets it with its next sync: the last page's tenant snapshot.
    let page = app.get("/v1/sync/pull?limit=1000", &viewer).await.body;
    assert_eq!(page["hasMore"], false);
    assert_eq!(
        page["tenant"]["planUsage"]["plan"]["tier"], "enterprise",
        "{}",
        page["tenant"]
    );

    // Back down to a plan that fits.
    let (status, body) = change(&app, &owner, "professional").await;
    assert_eq!(
        (status, tier(&body)),
        (StatusCode::OK, "professional"),
        "{body:?}"
    );

    // Both changes are in the trail, from and to.
    let trail = app.get("/v1/audit", &owner).await.body;
    let changes: Vec<(&str, &str)> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "plan.changed")
        .map(|e| {
            (
                e["details"]["from"].as_str().unwrap(),
                e["details"]["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("professional", "enterprise"),
            ("enterprise", "professional")
        ]
    );
}

#[tokio::test]
async fn a_small_brokerage_moves_down_once_it_fits_and_a_support_session_cannot_change_it() {
    let app = TestApp::spawn().await;
    let owner = app.register("tinyrealty").await.access_token;
    let (status, body) = change(&app, &owner, "starter").await;
    assert_eq!(
        (status, tier(&body)),
        (StatusCode::OK, "starter"),
        "{body:?}"
    );
    let key = app
        .post(
            "/v1/api-keys",
            &owner,
            Some(json!({ "name": "Chatbot", "scopes": ["kb:read"] })),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{:?}", key.body);

    // Free has no API access: the live key is what stands in the way, by name of fix.
    let (status, body) = change(&app, &owner, "free").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body:?}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .ends_with("Revoke 1 API key."),
        "{body:?}"
    );
    let key_id = key.body["apiKey"]["id"].as_str().unwrap();
    let revoked = app
        .post(&format!("/v1/api-keys/{key_id}/revoke"), &owner, None)
        .await;
    assert!(revoked.status.is_success(), "{:?}", revoked.body);
    let (status, body) = change(&app, &owner, "free").await;
    assert_eq!((status, tier(&body)), (StatusCode::OK, "free"), "{body:?}");

    // Staff inside a tenant change plans through their own audited route, not this one.
    seed_demo(&app.db.args).await.unwrap();
    let acme: String = sqlx::query_scalar("select id::text from tenants where subdomain = 'acme'")
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap();
    let support = app
        .demo_support_session(&acme, "Customer asked about plans")
        .await;
    let (status, body) = change(&app, &support, "enterprise").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
}
