//! The Dotloop CSV import over REST: the golden export (core's fixture) previewed and
//! applied to exact counts, applied again to no change at all, audited with its counts;
//! Windows-1252 and an HTML page saved as .csv; who may import.

use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

const EXPORT: &[u8] = include_bytes!("../../core/tests/data/dotloop/export.csv");
const EXPORT_1252: &[u8] = include_bytes!("../../core/tests/data/dotloop/export-windows-1252.csv");

/// POSTs a file to an import route.
async fn send(app: &TestApp, route: &str, token: &str, file: &[u8]) -> (StatusCode, Value) {
    let response = app
        .post_csv(&format!("/v1/transactions/{route}"), token, file)
        .await;
    (response.status, response.body)
}

/// The imported deals (those with a loop view id from the fixture), by loop view id,
/// with the version each is at.
async fn imported(app: &TestApp, token: &str) -> Vec<(String, i64)> {
    let page = app.get("/v1/transactions?q=&limit=500", token).await.body;
    let mut deals: Vec<(String, i64)> = page["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| {
            let loop_view = d["loopViewId"].as_str()?;
            loop_view
                .starts_with("345234")
                .then(|| (loop_view.to_owned(), d["version"].as_i64().unwrap()))
        })
        .collect();
    deals.sort();
    deals
}

#[tokio::test]
async fn the_golden_export_imports_to_exact_counts_and_a_second_time_changes_nothing() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;

    let (status, preview) = send(&app, "import/preview", &owner, EXPORT).await;
    assert_eq!(status, StatusCode::OK, "{preview:?}");
    assert_eq!(preview["encoding"], "utf8_with_bom");
    let counts = |p: &Value| {
        [
            "created",
            "updated",
            "unchanged",
            "invalid",
            "mergedDuplicateLines",
            "findings",
        ]
        .map(|k| p[k].as_u64().unwrap())
    };
    assert_eq!(counts(&preview), [6, 0, 0, 1, 1, 8]);
    let rows = preview["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[5]["lines"], json!([8, 10]), "the loop on two lines");
    assert_eq!(rows[6]["action"], "invalid");
    assert!(
        imported(&app, &owner).await.is_empty(),
        "a preview writes nothing"
    );

    let (status, applied) = send(&app, "import", &owner, EXPORT).await;
    assert_eq!(status, StatusCode::OK, "{applied:?}");
    assert_eq!(counts(&applied), [6, 0, 0, 1, 1, 8]);
    let first = imported(&app, &owner).await;
    assert_eq!(first.len(), 6);
    assert_eq!(
        first
            .iter()
            .map(|(_, v)| *v)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        1,
        "one import, one version: {first:?}"
    );

    // A value read back exactly as parsed: money, ZIP with its zero, the custom section.
    let page = app.get("/v1/transactions?q=me-1001", &owner).await.body;
    let harbor = &page["transactions"][0];
    assert_eq!(harbor["salePrice"], "667900.00");
    assert_eq!(harbor["address"]["postalCode"], "04101");
    assert!(harbor["customFields"].to_string().contains("Mary Major"));

    // The same file again: the preview and the import both find nothing to change, and
    // no deal moves to a new version.
    let (_, again) = send(&app, "import/preview", &owner, EXPORT).await;
    assert_eq!(counts(&again), [0, 0, 6, 1, 1, 8]);
    let (status, again) = send(&app, "import", &owner, EXPORT).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(counts(&again), [0, 0, 6, 1, 1, 8]);
    assert_eq!(imported(&app, &owner).await, first);

    // A changed line updates only its loop, naming the fields.
    let edited = String::from_utf8(EXPORT.to_vec())
        .unwrap()
        .replace("Needs Review,Investor", "Approved,Investor");
    let (_, preview) = send(&app, "import/preview", &owner, edited.as_bytes()).await;
    assert_eq!(counts(&preview)[..3], [0, 1, 5]);
    let updated = preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "update")
        .unwrap();
    assert_eq!(updated["changedFields"], json!(["complianceStatus"]));

    // Each import is audited with its counts.
    let trail = app.get("/v1/audit", &owner).await.body;
    let entries: Vec<&Value> = trail
        .as_array()
        .or_else(|| trail["entries"].as_array())
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "transactions.imported")
        .collect();
    assert_eq!(entries.len(), 2, "{trail}");
    let details: Vec<String> = entries.iter().map(|e| e["details"].to_string()).collect();
    assert!(
        details.iter().any(|d| d.contains("\"created\":6")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.contains("\"unchanged\":6") && d.contains("\"created\":0")),
        "{details:?}"
    );
}

#[tokio::test]
async fn other_encodings_and_files_that_are_not_exports() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let (status, preview) = send(&app, "import/preview", &admin, EXPORT_1252).await;
    assert_eq!(status, StatusCode::OK, "{preview:?}");
    assert_eq!(preview["encoding"], "windows1252");
    assert!(
        preview["notices"][0]
            .as_str()
            .unwrap()
            .contains("Windows-1252")
    );
    assert_eq!(preview["rows"][0]["name"], "Café Núñez – 3½ Rue d’Été");

    for (file, code) in [
        (
            &b"<!DOCTYPE html><html><body>Sign in</body></html>"[..],
            "html_not_csv",
        ),
        (&b""[..], "empty_file"),
        (&b"name,email\nA,a@b.test\n"[..], "not_a_dotloop_export"),
    ] {
        for route in ["import/preview", "import"] {
            let (status, body) = send(&app, route, &admin, file).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{route}: {body:?}"
            );
            assert!(!body["message"].as_str().unwrap().is_empty());
        }
    }

    // Only those who write deals import them.
    for email in ["agent@acme.test", "viewer@acme.test"] {
        let user = app.demo_token("acme", email).await;
        for route in ["import/preview", "import"] {
            let (status, body) = send(&app, route, &user, EXPORT).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (StatusCode::FORBIDDEN, Some("forbidden")),
                "{email} {route}"
            );
        }
    }
}

#[tokio::test]
async fn the_tenants_status_groups_are_edited_in_the_settings() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let mut settings = app.get("/v1/settings", &owner).await.body;
    assert_eq!(
        settings["transactionStatusGroups"]["groups"]["WITHDRAWN"],
        "cancelled"
    );
    let cancelled_before = app
        .get("/v1/transactions?group=cancelled&limit=500", &owner)
        .await
        .body["transactions"]
        .as_array()
        .unwrap()
        .len();

    settings["transactionStatusGroups"]["groups"]["WITHDRAWN"] = json!("active");
    let saved = app
        .call(
            reqwest::Method::PUT,
            "/v1/settings",
            Some(&owner),
            Some(settings.clone()),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(
        saved.body["transactionStatusGroups"]["groups"]["WITHDRAWN"],
        "active"
    );
    let cancelled_after = app
        .get("/v1/transactions?group=cancelled&limit=500", &owner)
        .await
        .body["transactions"]
        .as_array()
        .unwrap()
        .len();
    assert!(
        cancelled_after < cancelled_before,
        "withdrawn deals left the cancelled group"
    );

    for (status, group) in [("ARCHIVED", "closed"), ("Under Contract", "closed")] {
        let mut bad = settings.clone();
        bad["transactionStatusGroups"]["groups"][status] = json!(group);
        let refused = app
            .call(
                reqwest::Method::PUT,
                "/v1/settings",
                Some(&owner),
                Some(bad),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{status}");
        assert!(
            refused.body["message"]
                .as_str()
                .unwrap()
                .contains("transactionStatusGroups"),
            "{:?}",
            refused.body
        );
    }
}
