//! The full tenant export: everything the tenant holds, no secrets, owner only, and
//! recorded in the audit trail by the same transaction that read the data.

use brokerdesk_core::audit::{AuditEntry, ChainLink, ChainVerdict, verify_chain};
use brokerdesk_core::ids::TenantId;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_owner_exports_everything_but_secrets_and_the_export_is_audited() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let provider_secret = "sk-live-ExportMustNeverHoldThis42";
    let stored = app
        .call(
            reqwest::Method::PUT,
            "/v1/provider-keys/openai",
            Some(&owner.access_token),
            Some(json!({ "key": provider_secret })),
        )
        .await;
    assert!(stored.status.is_success(), "{:?}", stored.body);

    let response = reqwest::Client::new()
        .get(format!("{}/v1/export", app.address))
        .bearer_auth(&owner.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"brokerdesk-acme-"),
        "{disposition}"
    );
    let text = response.text().await.unwrap();
    let export: serde_json::Value = serde_json::from_str(&text).unwrap();

    assert_eq!(export["format"], "brokerdesk-tenant-export/2");
    // The demo seed gives acme leads with consent, a conversation and a call.
    for section in [
        "leads",
        "consentEntries",
        "conversations",
        "calls",
        "transactions",
    ] {
        assert!(
            !export[section].as_array().unwrap().is_empty(),
            "the export has no {section}"
        );
    }
    assert_eq!(export["tenant"]["subdomain"], "acme");
    let emails: Vec<&str> = export["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    for role in ["owner", "admin", "agent", "viewer"] {
        assert!(
            emails.contains(&format!("{role}@acme.test").as_str()),
            "{emails:?}"
        );
    }
    assert_eq!(export["providerKeys"][0]["lastFour"], "is42");
    assert!(!export["apiKeys"].as_array().unwrap().is_empty());

    // No secret leaves: not the provider key, no password or token hash.
    for secret in [
        provider_secret,
        "$argon2",
        "password",
        "tokenHash",
        "keyHash",
    ] {
        assert!(!text.contains(secret), "the export holds {secret:?}");
    }
    assert!(
        !text.contains("summit"),
        "another tenant's data is in the export"
    );

    // The trail in the export ends with this very export, and verifies.
    let trail = export["auditTrail"].as_array().unwrap();
    assert_eq!(trail.last().unwrap()["action"], "tenant.exported");
    let entries: Vec<AuditEntry> = serde_json::from_value(export["auditTrail"].clone()).unwrap();
    let tenant: TenantId = serde_json::from_value(export["tenant"]["id"].clone()).unwrap();
    assert!(matches!(
        verify_chain(tenant, &entries, &ChainLink::genesis()),
        ChainVerdict::Intact { entries_checked, .. } if entries_checked == entries.len() as u64
    ));
}

#[tokio::test]
async fn only_the_owner_may_export() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    for role in ["admin", "agent", "viewer"] {
        let user = signed_in(
            app.sign_in("acme", &format!("{role}@acme.test"), DEMO_PASSWORD)
                .await,
        );
        let refused = app.get("/v1/export", &user.access_token).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
    }
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    assert!(
        trail
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "tenant.exported"),
        "a refused export leaves no export entry"
    );
}
