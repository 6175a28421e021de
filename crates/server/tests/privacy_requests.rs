//! The privacy-request register: owners and admins record requests with their computed
//! deadlines, move them along and link the audit entries of what was done; everyone
//! else is refused; bad input is refused with a code; another tenant's requests are not
//! there; the trail names requests by id only; and the register syncs both ways.

use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::push_outcome;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

fn dana() -> Value {
    json!({
        "kind": "deletion", "law": "ccpa", "requesterName": "  Dana Seller ",
        "requesterEmail": "Dana.Seller@Example.com", "channel": "email",
        "receivedOn": "2026-12-02", "notes": "Asked by email."
    })
}

#[tokio::test]
async fn owners_and_admins_keep_the_register_with_computed_deadlines() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;
    let viewer = app.demo_token("acme", "viewer@acme.test").await;

    // The demo register: one awaiting confirmation, one confirmed, one completed.
    let demo = app.get("/v1/privacy-requests", &admin).await;
    assert_eq!(demo.status, StatusCode::OK, "{:?}", demo.body);
    let statuses: Vec<&str> = demo
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 3);
    assert_eq!(
        statuses.last(),
        Some(&"completed"),
        "open requests come first"
    );

    let recorded = app.post("/v1/privacy-requests", &admin, Some(dana())).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    let request = &recorded.body;
    assert_eq!(request["requesterName"], "Dana Seller");
    assert_eq!(request["requesterEmail"], "dana.seller@example.com");
    assert_eq!(request["status"], "received");
    // CCPA: ten business days to confirm, 45 days to answer.
    assert_eq!(
        request["deadlines"],
        json!({ "confirmBy": "2026-12-16", "respondBy": "2027-01-16" })
    );
    let id = request["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/privacy-requests/{id}");

    let gdpr = app
        .post(
            "/v1/privacy-requests",
            &owner,
            Some(json!({
                "kind": "access", "law": "gdpr", "requesterName": "Lena Vogel",
                "channel": "mail", "receivedOn": "2027-01-31"
            })),
        )
        .await;
    // The received date can't be in the future; when this runs after it, one month
    // from 31 January ends on the last day of February.
    if gdpr.status == StatusCode::CREATED {
        assert_eq!(gdpr.body["deadlines"]["respondBy"], "2027-02-28");
        assert!(gdpr.body["deadlines"]["confirmBy"].is_null());
    } else {
        assert_eq!(gdpr.code(), "invalid_privacy_request", "{:?}", gdpr.body);
    }

    // Agents and viewers neither read nor keep it.
    for token in [&agent, &viewer] {
        assert_eq!(
            app.get("/v1/privacy-requests", token).await.status,
            StatusCode::FORBIDDEN
        );
        let refused = app.post("/v1/privacy-requests", token, Some(dana())).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
    }

    // Bad input is refused with the rule's code.
    let mut future = dana();
    future["receivedOn"] = json!("2999-01-01");
    let mut injected = dana();
    injected["requesterEmail"] = json!("x@example.org\r\nBcc: victim@example.org");
    let mut nameless = dana();
    nameless["requesterName"] = json!(" ");
    for (body, code) in [
        (future, "invalid_privacy_request"),
        (injected, "invalid_email"),
        (nameless, "invalid_name"),
    ] {
        let refused = app
            .post("/v1/privacy-requests", &admin, Some(body.clone()))
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{body}: {:?}",
            refused.body
        );
    }

    // Confirmed, then the answer is what is due; a denial needs its reason.
    let (status, confirmed) = app
        .patch(&path, &admin, json!({ "status": "confirmed" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{confirmed:?}");
    assert!(confirmed["closedOn"].is_null());
    let (status, body) = app
        .patch(&path, &admin, json!({ "status": "denied", "notes": "" }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_privacy_request")
        )
    );

    // The erasure that answers it is linked by its audit entry.
    let lead = app
        .post(
            "/v1/leads",
            &admin,
            Some(json!({ "name": "Dana Seller", "emails": ["dana.seller@example.com"] })),
        )
        .await;
    assert_eq!(lead.status, StatusCode::CREATED, "{:?}", lead.body);
    let lead_id = lead.body["id"].as_str().unwrap();
    let erased = app
        .call(
            reqwest::Method::DELETE,
            &format!("/v1/leads/{lead_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert!(erased.status.is_success(), "{:?}", erased.body);
    let trail = app.get("/v1/audit", &owner).await.body;
    let seq_of = |action: &str| {
        trail
            .as_array()
            .unwrap()
            .iter()
            .rfind(|e| e["action"] == action)
            .map(|e| e["seq"].as_i64().unwrap())
            .unwrap()
    };
    let erasure = seq_of("lead.erased");
    let actions = format!("{path}/actions");
    let linked = app
        .post(&actions, &admin, Some(json!({ "auditSeq": erasure })))
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{:?}", linked.body);
    assert_eq!(linked.body["actions"][0]["action"], "lead.erased");
    assert_eq!(linked.body["actions"][0]["auditSeq"], erasure);
    // Twice is once.
    let again = app
        .post(&actions, &admin, Some(json!({ "auditSeq": erasure })))
        .await;
    assert_eq!(again.body["actions"].as_array().unwrap().len(), 1);
    // Only what answers a request can be linked; an entry that isn't there is not found.
    let recorded_seq = seq_of("privacy_request.recorded");
    let refused = app
        .post(&actions, &admin, Some(json!({ "auditSeq": recorded_seq })))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_a_privacy_action")
    );
    let missing = app
        .post(&actions, &admin, Some(json!({ "auditSeq": 999_999 })))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let (status, done) = app
        .patch(
            &path,
            &owner,
            json!({ "status": "completed", "notes": "Erased." }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done:?}");
    assert!(done["closedOn"].is_string());

    // The trail names the request by id: the requester's details stay in the register.
    let trail = app.get("/v1/audit", &owner).await.body.to_string();
    for action in [
        "privacy_request.recorded",
        "privacy_request.updated",
        "privacy_request.action_linked",
    ] {
        assert!(trail.contains(action), "{action} not audited");
    }
    assert!(trail.contains(&id));
    assert!(
        !trail.to_lowercase().contains("dana.seller@"),
        "the trail kept an email"
    );
}

#[tokio::test]
async fn another_tenants_requests_are_not_there() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = app.demo_token("acme", "owner@acme.test").await;
    let summit = app.demo_token("summit", "owner@summit.test").await;
    let recorded = app.post("/v1/privacy-requests", &acme, Some(dana())).await;
    let id = recorded.body["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/privacy-requests/{id}");

    let theirs = app
        .get("/v1/privacy-requests", &summit)
        .await
        .body
        .to_string();
    assert!(
        !theirs.contains(&id) && !theirs.contains("Dana Seller"),
        "{theirs}"
    );
    let (status, _) = app
        .patch(
            &path,
            &summit,
            json!({ "status": "completed", "notes": "x" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Summit can't link acme's request, nor link its request to acme's trail.
    let linked = app
        .post(
            &format!("{path}/actions"),
            &summit,
            Some(json!({ "auditSeq": 1 })),
        )
        .await;
    assert_eq!(linked.status, StatusCode::NOT_FOUND);
    // Through sync too.
    let results = app
        .push(
            &summit,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "privacy_request", "op": "update",
                "entityId": id, "changes": { "status": "completed", "notes": "x" }, "baseVersion": 1
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "not_found"));
    let mine = app.get("/v1/privacy-requests", &acme).await.body;
    let mine = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .unwrap();
    assert_eq!(mine["status"], "received");
}

#[tokio::test]
async fn the_register_syncs_both_ways_to_those_who_keep_it() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;

    let pulled = |changes: &[Value]| {
        changes
            .iter()
            .filter(|c| c["entity"] == "privacy_request")
            .count()
    };
    let (changes, _) = app.pull_all(&admin, 2).await;
    assert_eq!(pulled(&changes), 3, "the demo register, across small pages");
    let (changes, _) = app.pull_all(&agent, 1000).await;
    assert_eq!(pulled(&changes), 0, "agents don't get the register");

    // Recorded and confirmed offline, then pushed.
    let id = Uuid::now_v7();
    let mut new = dana();
    new["requesterName"] = json!("Dana Seller");
    new["requesterEmail"] = json!("dana.seller@example.com");
    let results = app
        .push(
            &admin,
            Uuid::new_v4(),
            vec![
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "privacy_request", "op": "create",
                    "entityId": id, "changes": new
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "privacy_request", "op": "update",
                    "entityId": id, "changes": { "status": "confirmed" }, "baseVersion": 1
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "privacy_request", "op": "delete",
                    "entityId": id, "changes": {}
                }),
            ],
        )
        .await;
    assert_eq!(push_outcome(&results[0]).0, "applied", "{results:?}");
    assert_eq!(push_outcome(&results[1]).0, "applied", "{results:?}");
    assert_eq!(push_outcome(&results[2]), ("rejected", "op_not_supported"));
    let (changes, _) = app.pull_all(&admin, 1000).await;
    let row = changes
        .iter()
        .rfind(|c| c["entity"] == "privacy_request" && c["id"] == id.to_string())
        .unwrap();
    assert_eq!(row["data"]["status"], "confirmed");
    assert_eq!(row["data"]["deadlines"]["respondBy"], "2027-01-16");

    // An agent's push is refused as the REST API refuses it.
    let results = app
        .push(
            &agent,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "privacy_request", "op": "create",
                "entityId": Uuid::now_v7(), "changes": dana()
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "forbidden"));
}
