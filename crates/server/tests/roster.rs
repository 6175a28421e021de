//! The roster of commission-earning agents: the REST routes (who may read and write,
//! validation, another tenant's ids), the demo roster, the audit entries, and sync both
//! ways (pulled by those who may view it; added and changed by push, refused for the
//! same reasons as the REST API).

use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::push_outcome;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

#[tokio::test]
async fn admins_manage_the_roster_and_everyone_else_only_reads_it() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;

    // The demo roster: seven agents, the three who are members linked to them.
    let roster = app.get("/v1/roster", &agent).await;
    assert_eq!(roster.status, StatusCode::OK, "{:?}", roster.body);
    let agents = roster.body.as_array().unwrap().clone();
    assert_eq!(agents.len(), 7, "{agents:?}");
    let linked: Vec<&str> = agents
        .iter()
        .filter(|a| !a["memberId"].is_null())
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(linked.len(), 3, "{linked:?}");
    assert!(linked.contains(&"agent@acme.test"));

    let added = app
        .post(
            "/v1/roster",
            &admin,
            Some(json!({
                "name": "  Hana Ito ", "email": "Hana.Ito@Acme.test",
                "office": "Westside", "anniversary": "2024-02-29"
            })),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    assert_eq!(added.body["name"], "Hana Ito");
    assert_eq!(added.body["email"], "hana.ito@acme.test");
    let id = added.body["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/roster/{id}");

    let (status, changed) = app
        .patch(
            &path,
            &admin,
            json!({ "team": "Westside Team", "office": null }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed:?}");
    assert_eq!(changed["team"], "Westside Team");
    assert!(changed["office"].is_null());
    assert_eq!(changed["anniversary"], "2024-02-29", "absent fields stay");
    assert_eq!(app.get(&path, &agent).await.body, changed);

    // An agent reads the roster but may not change it.
    let refused = app
        .post(
            "/v1/roster",
            &agent,
            Some(json!({ "name": "Sneaky", "email": "sneaky@acme.test" })),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let (status, body) = app.patch(&path, &agent, json!({ "team": "Mine" })).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );

    // Invalid input is refused with the rule's code.
    for (body, code) in [
        (
            json!({ "name": "X", "email": "not-an-email" }),
            "invalid_email",
        ),
        (json!({ "name": "X", "email": "x@acme" }), "invalid_email"),
        (
            json!({ "name": " ", "email": "x@acme.test" }),
            "invalid_name",
        ),
        (
            json!({ "name": "X", "email": "x@acme.test", "team": "A\u{7}B" }),
            "invalid_roster_agent",
        ),
        // A NUL never reaches the roster: the API's edge refuses it for every route.
        (
            json!({ "name": "X", "email": "x@acme.test", "team": "A\u{0}B" }),
            "nul_character",
        ),
        (
            json!({ "name": "X", "email": "x@acme.test", "memberId": Uuid::new_v4() }),
            "invalid_member",
        ),
    ] {
        let refused = app.post("/v1/roster", &admin, Some(body.clone())).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{body}: {:?}",
            refused.body
        );
    }
    // An email is on the roster once, whatever its case.
    let twice = app
        .post(
            "/v1/roster",
            &admin,
            Some(json!({ "name": "Ben Again", "email": "BEN.CARTER@acme.test" })),
        )
        .await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "roster_email_taken")
    );
    let (status, body) = app
        .patch(&path, &admin, json!({ "email": "ben.carter@acme.test" }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("roster_email_taken"))
    );

    // The changes are audited by id and field names, never the agent's details.
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let trail = app.get("/v1/audit", &owner).await.body.to_string();
    assert!(trail.contains("roster.agent_added") && trail.contains("roster.agent_changed"));
    assert!(trail.contains(&id));
    assert!(
        !trail.contains("hana.ito"),
        "the audit trail kept an email: {trail}"
    );
}

#[tokio::test]
async fn another_tenants_agents_are_not_there() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = app.demo_token("acme", "owner@acme.test").await;
    let summit = app.demo_token("summit", "owner@summit.test").await;
    let acme_agent = app.get("/v1/roster", &acme).await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.get("/v1/roster", &summit).await.body, json!([]));
    let path = format!("/v1/roster/{acme_agent}");
    assert_eq!(app.get(&path, &summit).await.status, StatusCode::NOT_FOUND);
    let (status, _) = app.patch(&path, &summit, json!({ "team": "Stolen" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Summit may use an address acme's roster has: uniqueness is per brokerage.
    let same_email = app
        .post(
            "/v1/roster",
            &summit,
            Some(json!({ "name": "Ben Carter", "email": "ben.carter@acme.test" })),
        )
        .await;
    assert_eq!(
        same_email.status,
        StatusCode::CREATED,
        "{:?}",
        same_email.body
    );
    // Nor may summit link an agent to one of acme's members.
    let acme_member = app.get("/v1/users", &acme).await.body[0]["id"].clone();
    let refused = app
        .post(
            "/v1/roster",
            &summit,
            Some(json!({ "name": "Link", "email": "link@summit.test", "memberId": acme_member })),
        )
        .await;
    assert_eq!(refused.code(), "invalid_member");
    // Through sync too: an update of acme's agent is not found in summit.
    let results = app
        .push(
            &summit,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "roster_agent", "op": "update",
                "entityId": acme_agent, "changes": { "team": "Stolen" }, "baseVersion": 1
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "not_found"));
    let agent = app.get(&path, &acme).await.body;
    assert_ne!(agent["team"], "Stolen");
}

#[tokio::test]
async fn the_roster_syncs_both_ways() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let viewer = app.demo_token("acme", "viewer@acme.test").await;

    let (changes, _) = app.pull_all(&viewer, 3).await;
    let pulled: Vec<&Value> = changes
        .iter()
        .filter(|c| c["entity"] == "roster_agent")
        .collect();
    assert_eq!(pulled.len(), 7, "every demo agent, across small pages");
    assert!(pulled.iter().all(|c| c["data"]["email"].is_string()));

    let device = Uuid::new_v4();
    let new_id = Uuid::now_v7();
    let results = app
        .push(
            &admin,
            device,
            vec![
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "roster_agent", "op": "create",
                    "entityId": new_id,
                    "changes": { "name": "Ivy Offline", "email": "ivy@acme.test", "office": "Downtown" }
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "roster_agent", "op": "update",
                    "entityId": new_id, "changes": { "team": "Harbor Team" }, "baseVersion": 1
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "roster_agent", "op": "create",
                    "entityId": Uuid::now_v7(), "changes": { "name": "Bad", "email": "bad" }
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "roster_agent", "op": "delete",
                    "entityId": new_id, "changes": {}
                }),
            ],
        )
        .await;
    assert_eq!(push_outcome(&results[0]).0, "applied", "{results:?}");
    assert_eq!(push_outcome(&results[1]).0, "applied", "{results:?}");
    assert_eq!(push_outcome(&results[2]), ("rejected", "invalid_email"));
    assert_eq!(push_outcome(&results[3]), ("rejected", "op_not_supported"));
    let agent = app.get(&format!("/v1/roster/{new_id}"), &viewer).await.body;
    assert_eq!(
        (agent["name"].as_str(), agent["team"].as_str()),
        (Some("Ivy Offline"), Some("Harbor Team"))
    );

    // The viewer pulls it; a viewer's push is refused as the REST API refuses it.
    let (changes, _) = app.pull_all(&viewer, 1000).await;
    let ivy = changes
        .iter()
        .rfind(|c| c["entity"] == "roster_agent" && c["id"] == new_id.to_string())
        .unwrap();
    assert_eq!(ivy["data"]["team"], "Harbor Team");
    let results = app
        .push(
            &viewer,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "roster_agent", "op": "update",
                "entityId": new_id, "changes": { "team": "Viewer Team" }, "baseVersion": 1
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "forbidden"));
}
