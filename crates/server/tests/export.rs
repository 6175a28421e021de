//! The tenant export as a job: an owner starts it, it completes with a ZIP whose manifest
//! matches its files (the commission data among them, as the API gives it), formulas
//! are neutralised in the CSVs and intact in the JSON, no secret is in it, other
//! tenants and other roles are refused, one runs at a time and a few a day, a job whose
//! server stopped is failed, and an expired file is gone.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::time::Duration;

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

async fn user(app: &TestApp, tenant: &str, role: &str) -> SignedIn {
    signed_in(
        app.sign_in(tenant, &format!("{role}@{tenant}.test"), DEMO_PASSWORD)
            .await,
    )
}

async fn start(app: &TestApp, owner: &SignedIn) -> Value {
    let started = app.post("/v1/exports", &owner.access_token, None).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{:?}", started.body);
    assert_eq!(started.body["status"], "queued");
    started.body
}

/// Polls the job until it is neither queued nor running.
async fn finished(app: &TestApp, owner: &SignedIn, id: &str) -> Value {
    for _ in 0..300 {
        let job = app
            .get(&format!("/v1/exports/{id}"), &owner.access_token)
            .await;
        assert_eq!(job.status, StatusCode::OK, "{:?}", job.body);
        if !matches!(job.body["status"].as_str(), Some("queued" | "running")) {
            return job.body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the export did not finish in 30 s");
}

async fn download(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}/v1/exports/{id}/download", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Every file in the ZIP, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let (_, bytes) = files.iter().find(|(n, _)| n == name).unwrap();
    std::str::from_utf8(bytes).unwrap()
}

#[tokio::test]
async fn the_export_completes_with_a_manifest_that_matches_every_file_and_no_secret() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = user(&app, "acme", "owner").await;
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
    let key = app
        .post(
            "/v1/api-keys",
            &owner.access_token,
            Some(json!({ "name": "Export probe", "scopes": ["kb:read"] })),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{:?}", key.body);
    let api_key = key.body["key"].as_str().unwrap().to_owned();
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let lead = app
        .post(
            "/v1/leads",
            &owner.access_token,
            Some(json!({ "name": formula })),
        )
        .await;
    assert_eq!(lead.status, StatusCode::CREATED, "{:?}", lead.body);

    let job = start(&app, &owner).await;
    let id = job["id"].as_str().unwrap().to_owned();
    let job = finished(&app, &owner, &id).await;
    assert_eq!(job["status"], "completed", "{job}");
    assert_eq!(job["rowsDone"], job["rowsTotal"], "{job}");
    let listed = app.get("/v1/exports", &owner.access_token).await;
    assert_eq!(listed.body[0]["id"], id.as_str());

    let response = download(&app, &owner.access_token, &id).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"brokerdesk-acme-"),
        "{disposition}"
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(job["fileBytes"], bytes.len());
    assert_eq!(job["sha256"], sha256(&bytes));

    // The manifest lists every other file, with its rows and checksum.
    let files = unzip(&bytes);
    let manifest: Value = serde_json::from_str(file(&files, "manifest.json")).unwrap();
    assert_eq!(manifest["format"], "brokerdesk-tenant-export/3");
    let listed: BTreeSet<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let in_zip: BTreeSet<&str> = files
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| *n != "manifest.json")
        .collect();
    assert_eq!(listed, in_zip);
    for kind in [
        "users",
        "leads",
        "consent_entries",
        "conversations",
        "calls",
        "do_not_call",
        "transactions",
        "roster_agents",
        "commission_plans",
        "commission_assignments",
        "commission_overrides",
        "kb_items",
        "kb_published_versions",
        "privacy_requests",
        "audit_trail",
    ] {
        for ext in ["json", "csv"] {
            assert!(
                listed.contains(format!("{kind}.{ext}").as_str()),
                "{kind}.{ext}"
            );
        }
    }
    for entry in manifest["files"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap();
        let content = file(&files, name);
        assert_eq!(entry["sha256"], sha256(content.as_bytes()), "{name}");
        assert_eq!(entry["bytes"], content.len(), "{name}");
        let rows = if name == "tenant.json" {
            1
        } else if name.ends_with(".json") {
            serde_json::from_str::<Value>(content)
                .unwrap()
                .as_array()
                .unwrap()
                .len()
        } else {
            csv::Reader::from_reader(content.as_bytes())
                .records()
                .count()
        };
        assert_eq!(entry["rows"], rows, "{name}");
    }
    let rows_of: BTreeMap<&str, u64> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["rows"].as_u64().unwrap()))
        .collect();
    // The demo seed fills these; an export missing them would pass the checks above.
    for kind in [
        "users",
        "leads",
        "consent_entries",
        "conversations",
        "calls",
        "transactions",
    ] {
        assert!(
            rows_of[format!("{kind}.csv").as_str()] > 0,
            "{kind} is empty"
        );
    }
    // The demo's commission data, whole: seven agents each on one of three plans, and
    // three deals' split overrides.
    for (kind, rows) in [
        ("roster_agents", 7),
        ("commission_plans", 3),
        ("commission_assignments", 7),
        ("commission_overrides", 3),
    ] {
        for ext in ["json", "csv"] {
            assert_eq!(
                rows_of[format!("{kind}.{ext}").as_str()],
                rows,
                "{kind}.{ext}"
            );
        }
    }
    commission_values_are_the_apis(&files);

    let total: u64 = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"].as_str().unwrap().ends_with(".json") && f["name"] != "tenant.json")
        .map(|f| f["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(job["rowsDone"], total);

    // The formula is text in the CSV and exact in the JSON.
    let leads_json: Value = serde_json::from_str(file(&files, "leads.json")).unwrap();
    assert!(
        leads_json
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["name"] == formula)
    );
    let mut leads_csv = csv::Reader::from_reader(file(&files, "leads.csv").as_bytes());
    let name_column = leads_csv
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "name")
        .unwrap();
    let names: Vec<String> = leads_csv
        .records()
        .map(|r| r.unwrap()[name_column].to_owned())
        .collect();
    assert!(names.contains(&format!("'{formula}")), "{names:?}");
    assert!(!names.contains(&formula.to_owned()));

    // No secret, in any file: not the provider key, the API key, any password hash.
    let admin = app.db.admin_pool().await;
    let hashes: Vec<String> =
        sqlx::query_scalar("select password_hash from users where password_hash is not null")
            .fetch_all(&admin)
            .await
            .unwrap();
    assert!(!hashes.is_empty());
    let everything: String = files
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    let secret_part = &api_key["bd_live_".len().."bd_live_".len() + 43];
    for secret in [
        provider_secret,
        &api_key,
        secret_part,
        "$argon2",
        "keyHash",
        "tokenHash",
    ]
    .into_iter()
    .chain(hashes.iter().map(String::as_str))
    {
        assert!(!everything.contains(secret), "the export holds {secret:?}");
    }
    assert!(
        !everything.contains("summit"),
        "another tenant's data is in the export"
    );

    // Starting, completing and downloading are in the trail, with ids and counts only.
    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let actions: Vec<(&str, &str)> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["target"] == id.as_str())
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["actor"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("export.started", "user"),
            ("export.completed", "system"),
            ("export.downloaded", "user")
        ]
    );
}

/// The commission files hold the REST API's records, money as exact decimal text: a
/// plan's versions with their split, an assignment naming its agent and plan, an
/// override's split and reason (in the JSON and the CSV alike).
fn commission_values_are_the_apis(files: &[(String, Vec<u8>)]) {
    let records = |name: &str| -> Vec<Value> { serde_json::from_str(file(files, name)).unwrap() };
    let roster = records("roster_agents.json");
    let agent_id = |email: &str| {
        roster
            .iter()
            .find(|a| a["email"] == email)
            .unwrap_or_else(|| panic!("{email} is not on the exported roster"))["id"]
            .clone()
    };
    let plans = records("commission_plans.json");
    let capped = plans
        .iter()
        .find(|p| p["name"] == "70/30 with cap")
        .unwrap();
    let version = &capped["versions"][0];
    assert_eq!(version["effectiveFrom"], "2020-01-01");
    assert_eq!(
        version["terms"]["split"],
        json!({ "kind": "agentPercent", "agentPercent": "70" })
    );
    assert_eq!(version["terms"]["companyDollarCap"], "18000");
    let team = plans.iter().find(|p| p["name"] == "Harbor Team").unwrap();
    let ben = agent_id("ben.carter@acme.test");
    assert_eq!(
        team["versions"][0]["terms"]["team"]["members"][0]["agent"],
        ben
    );
    let assignments = records("commission_assignments.json");
    let bens = assignments.iter().find(|a| a["agent"] == ben).unwrap();
    assert_eq!(bens["plan"], team["id"]);
    assert_eq!(bens["effectiveFrom"], "2020-01-01");

    let reason = "Relocation deal negotiated at 85/15";
    let overrides = records("commission_overrides.json");
    let daniels = overrides.iter().find(|o| o["reason"] == reason).unwrap();
    assert_eq!(daniels["agentPercent"], "85");
    assert_eq!(daniels["agent"], agent_id("daniel.evans@acme.test"));
    let deals = records("transactions.json");
    assert!(deals.iter().any(|d| d["id"] == daniels["transaction"]));
    let mut csv = csv::Reader::from_reader(file(files, "commission_overrides.csv").as_bytes());
    let header = csv.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = csv
        .records()
        .map(Result::unwrap)
        .find(|r| &r[column("reason")] == reason)
        .unwrap();
    assert_eq!(&row[column("agentPercent")], "85");
}

#[tokio::test]
async fn other_tenants_and_other_roles_are_refused() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = user(&app, "acme", "owner").await;
    for role in ["admin", "agent", "viewer"] {
        let member = user(&app, "acme", role).await;
        let refused = app.post("/v1/exports", &member.access_token, None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
    }
    let id = start(&app, &owner).await["id"].as_str().unwrap().to_owned();
    assert_eq!(finished(&app, &owner, &id).await["status"], "completed");

    let agent = user(&app, "acme", "agent").await;
    for path in [format!("/v1/exports/{id}"), "/v1/exports".to_owned()] {
        assert_eq!(
            app.get(&path, &agent.access_token).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        download(&app, &agent.access_token, &id).await.status(),
        StatusCode::FORBIDDEN
    );
    let other = user(&app, "summit", "owner").await;
    let theirs = app
        .get(&format!("/v1/exports/{id}"), &other.access_token)
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{:?}", theirs.body);
    let fetched = download(&app, &other.access_token, &id).await;
    assert_eq!(fetched.status(), StatusCode::NOT_FOUND);
    assert!(
        !fetched.text().await.unwrap().contains("PK"),
        "a ZIP leaked"
    );
    let their_list = app.get("/v1/exports", &other.access_token).await;
    assert_eq!(their_list.body, json!([]));

    // Refusals download nothing, so nothing is audited as downloaded.
    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    assert!(
        trail
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "export.downloaded"),
        "a refused download was audited"
    );
}

#[tokio::test]
async fn one_export_runs_at_a_time_an_interrupted_one_fails_and_three_start_a_day() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = user(&app, "acme", "owner").await;
    let admin = app.db.admin_pool().await;
    // A job another instance is running (its heartbeat is fresh).
    let running = uuid::Uuid::now_v7();
    sqlx::query(
        "insert into exports (tenant_id, id, status, requested_by, created_at, heartbeat_at)
         values ($1, $2, 'running', $3, now(), now())",
    )
    .bind(owner.tenant_id.parse::<uuid::Uuid>().unwrap())
    .bind(running)
    .bind(owner.user_id.parse::<uuid::Uuid>().unwrap())
    .execute(&admin)
    .await
    .unwrap();
    let second = app.post("/v1/exports", &owner.access_token, None).await;
    assert_eq!(
        (second.status, second.code()),
        (StatusCode::CONFLICT, "export_running"),
        "{:?}",
        second.body
    );

    // Its server stops: once the heartbeat is old, the job is failed, not left running.
    sqlx::query("update exports set heartbeat_at = now() - interval '10 minutes' where id = $1")
        .bind(running)
        .execute(&admin)
        .await
        .unwrap();
    let stale = app
        .get(&format!("/v1/exports/{running}"), &owner.access_token)
        .await;
    assert_eq!(stale.body["status"], "failed");
    assert_eq!(stale.body["errorCode"], "interrupted");

    // The interrupted one counted: two more start today, the fourth is refused.
    for _ in 0..2 {
        let id = start(&app, &owner).await["id"].as_str().unwrap().to_owned();
        assert_eq!(finished(&app, &owner, &id).await["status"], "completed");
    }
    let fourth = app.post("/v1/exports", &owner.access_token, None).await;
    assert_eq!(
        (fourth.status, fourth.code()),
        (StatusCode::TOO_MANY_REQUESTS, "export_daily_limit"),
        "{:?}",
        fourth.body
    );
    let message = fourth.body["message"].as_str().unwrap();
    assert!(
        message.contains("The next one can start at") && message.contains("UTC"),
        "{message}"
    );
}

#[tokio::test]
async fn an_expired_export_is_gone_and_its_file_deleted() {
    let dir = std::env::temp_dir().join(format!("bd-export-test-{}", uuid::Uuid::now_v7()));
    let export_dir = dir.clone();
    let app = TestApp::spawn_with(move |config| config.export_dir = Some(export_dir)).await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = user(&app, "acme", "owner").await;
    let id = start(&app, &owner).await["id"].as_str().unwrap().to_owned();
    let job = finished(&app, &owner, &id).await;
    assert_eq!(job["status"], "completed");
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(job["expiresAt"].clone()).unwrap();
    let finished_at: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(job["finishedAt"].clone()).unwrap();
    assert_eq!(expires - finished_at, chrono::Duration::days(7));
    let path = dir.join(format!("{id}.zip"));
    assert!(path.exists(), "the ZIP is in the export directory");
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no partial files are left");

    sqlx::query("update exports set expires_at = now() - interval '1 second' where id = $1")
        .bind(id.parse::<uuid::Uuid>().unwrap())
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    let gone = download(&app, &owner.access_token, &id).await;
    assert_eq!(gone.status(), StatusCode::GONE);
    let body: Value = gone.json().await.unwrap();
    assert_eq!(body["code"], "export_expired");
    assert!(!path.exists(), "the expired file is deleted");
    let job = app
        .get(&format!("/v1/exports/{id}"), &owner.access_token)
        .await;
    assert_eq!(job.body["status"], "expired");
    std::fs::remove_dir_all(&dir).unwrap();
}
