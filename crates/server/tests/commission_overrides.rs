//! A split agreed for one agent on one deal: set, changed and removed over REST and by
//! sync push, with the production report's agent net following to the exact cent; who
//! may set and read them; core's validation as {code, message}; another tenant's deals
//! and agents unknown; an import of the deal leaving the override in place; the
//! retention purge of a deal taking its overrides with it; and the demo's own
//! overrides, seeded once, in the agents' statements.

use brokerdesk_server::retention::scheduler::run_pass;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::push_outcome;
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

const PERIOD: &str = "from=2026-01-01&to=2026-12-31&asOf=2026-12-02";

fn overrides_of(deal: &str) -> String {
    format!("/v1/transactions/{deal}/commission-overrides")
}

fn override_of(deal: &str, agent: &str) -> String {
    format!("/v1/transactions/{deal}/commission-overrides/{agent}")
}

async fn put(
    app: &TestApp,
    path: &str,
    token: &str,
    body: Value,
) -> brokerdesk_server::testing::api::Response {
    app.call(Method::PUT, path, Some(token), Some(body)).await
}

async fn delete(app: &TestApp, path: &str, token: &str) -> StatusCode {
    app.call(Method::DELETE, path, Some(token), None)
        .await
        .status
}

/// A roster agent alone on a plan that pays 70 % with no cap and no fees, and a deal
/// closed in 2026 with a GCI of 12,345.67 that only they worked: (agent id, deal id).
async fn olive_and_her_deal(app: &TestApp, admin: &str) -> (String, String) {
    let agent = app
        .post(
            "/v1/roster",
            admin,
            Some(json!({ "name": "Olive Override", "email": "olive@acme.test" })),
        )
        .await;
    assert_eq!(agent.status, StatusCode::CREATED, "{:?}", agent.body);
    let agent = agent.body["id"].as_str().unwrap().to_owned();
    let plan = app
        .post(
            "/v1/commission-plans",
            admin,
            Some(json!({
                "name": "Flat 70",
                "versions": [{ "effectiveFrom": "2020-01-01", "terms": {
                    "split": { "kind": "agentPercent", "agentPercent": "70" },
                    "capYear": { "kind": "calendarYear" },
                    "companyDollarCap": null, "franchiseFee": null, "transactionFee": null,
                    "errorsAndOmissions": null, "team": null
                } }]
            })),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{:?}", plan.body);
    let assigned = app
        .post(
            "/v1/commission-assignments",
            admin,
            Some(json!({ "agent": agent, "plan": plan.body["id"], "effectiveFrom": "2020-01-01" })),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::CREATED, "{:?}", assigned.body);
    let deal = app
        .post(
            "/v1/transactions",
            admin,
            Some(json!({
                "name": "9 Override Way", "status": "SOLD", "salePrice": "411522.33",
                "commissionTotal": "12345.67", "closingDate": "2026-05-15",
                "participants": [{ "name": "Olive Override", "email": "olive@acme.test", "role": "LISTING_AGENT" }]
            })),
        )
        .await;
    assert_eq!(deal.status, StatusCode::CREATED, "{:?}", deal.body);
    (agent, deal.body["id"].as_str().unwrap().to_owned())
}

/// A report for 2026 (`/v1/reports/{name}` with `query`), as `token`'s holder reads it.
async fn report(app: &TestApp, token: &str, name: &str, query: &str) -> Value {
    let report = app
        .get(&format!("/v1/reports/{name}?{PERIOD}{query}"), token)
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    report.body
}

/// The agent's net in the production report for 2026, as the owner reads it.
async fn agent_net(app: &TestApp, token: &str, agent: &str) -> String {
    let report = report(app, token, "production", "&groupBy=agent").await;
    report["report"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"]["value"] == agent)
        .unwrap_or_else(|| panic!("no row for {agent}: {report}"))["figures"]["agentNet"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_override_set_over_rest_changes_the_agent_net_to_the_cent() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let (olive, deal) = olive_and_her_deal(&app, &admin).await;
    assert_eq!(
        agent_net(&app, &owner, &olive).await,
        "8641.97",
        "70 % of 12,345.67"
    );

    let path = override_of(&deal, &olive);
    let set = put(
        &app,
        &path,
        &admin,
        json!({ "agentPercent": "85", "reason": "  Retention deal " }),
    )
    .await;
    assert_eq!(set.status, StatusCode::CREATED, "{:?}", set.body);
    assert_eq!(set.body["reason"], "Retention deal", "trimmed");
    assert_eq!(set.body["transaction"], deal.as_str());
    assert_eq!(set.body["agent"], olive.as_str());
    let id = set.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        agent_net(&app, &owner, &olive).await,
        "10493.82",
        "85 % of 12,345.67 = 10,493.8195"
    );
    let statement = report(&app, &owner, "statement", &format!("&agent={olive}")).await;
    assert!(
        statement
            .to_string()
            .contains("this deal's override: Retention deal"),
        "the reason is in the trace: {statement}"
    );

    // Setting it again replaces the agent's override (same id), never a second one.
    let again = put(
        &app,
        &path,
        &admin,
        json!({ "agentPercent": "90", "reason": "Raised" }),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(again.body["id"], id.as_str());
    assert_eq!(agent_net(&app, &owner, &olive).await, "11111.10");
    let listed = app.get(&overrides_of(&deal), &owner).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_eq!(listed.body[0]["agentPercent"], "90");
    let viewer = app.demo_token("acme", "viewer@acme.test").await;
    assert_eq!(
        app.get(&overrides_of(&deal), &viewer).await.body,
        listed.body,
        "viewers read every override"
    );

    // A change of the deal's own columns leaves the override alone.
    let (status, _) = app
        .patch(
            &format!("/v1/transactions/{deal}"),
            &admin,
            json!({ "commissionTotal": "10000.00" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(agent_net(&app, &owner, &olive).await, "9000.00");

    // Core's checks, as {code, message}.
    for body in [
        json!({ "agentPercent": "100.5", "reason": "Too generous" }),
        json!({ "agentPercent": "-1", "reason": "Negative" }),
        json!({ "agentPercent": "80", "reason": "   " }),
        json!({ "agentPercent": "80", "reason": "two\nlines" }),
        json!({ "agentPercent": "80", "reason": "x".repeat(201) }),
    ] {
        let refused = put(&app, &path, &admin, body.clone()).await;
        assert_eq!(
            (refused.status, refused.code()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_commission_override"
            ),
            "{body}: {:?}",
            refused.body
        );
        assert!(refused.body["message"].as_str().unwrap().len() > 10);
    }
    let unknown_field = put(
        &app,
        &path,
        &admin,
        json!({ "agentPercent": "80", "reason": "x", "agent": olive }),
    )
    .await;
    assert_eq!(unknown_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        agent_net(&app, &owner, &olive).await,
        "9000.00",
        "nothing refused was stored"
    );

    // Agents and viewers may not set or remove one.
    let agent = app.demo_token("acme", "agent@acme.test").await;
    for token in [&agent, &viewer] {
        let refused = put(
            &app,
            &path,
            token,
            json!({ "agentPercent": "100", "reason": "Mine" }),
        )
        .await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
        assert_eq!(delete(&app, &path, token).await, StatusCode::FORBIDDEN);
    }

    // Removed: the plan's 70 % again; removing it twice is "not found".
    assert_eq!(delete(&app, &path, &admin).await, StatusCode::NO_CONTENT);
    assert_eq!(delete(&app, &path, &admin).await, StatusCode::NOT_FOUND);
    assert_eq!(agent_net(&app, &owner, &olive).await, "7000.00");
    assert_eq!(app.get(&overrides_of(&deal), &owner).await.body, json!([]));

    // Audited by id, without the split or the reason.
    let trail = app.get("/v1/audit", &owner).await.body.to_string();
    for action in [
        "commission.override_set",
        "commission.override_changed",
        "commission.override_removed",
    ] {
        assert!(trail.contains(action), "{action} missing");
    }
    assert!(trail.contains(&id));
    assert!(
        !trail.contains("Retention deal") && !trail.contains("Raised"),
        "the trail kept the reason"
    );
}

#[tokio::test]
async fn the_demo_overrides_show_on_their_deals_and_in_the_statements_once() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let again = seed_demo(&app.db.args).await.unwrap();
    assert_eq!(again.already_present, ["acme", "summit"]);
    let owner = app.demo_token("acme", "owner@acme.test").await;
    for (email, percent, reason) in [
        (
            "daniel.evans@acme.test",
            "85",
            "Relocation deal negotiated at 85/15",
        ),
        (
            "chloe.diaz@acme.test",
            "80",
            "Repeat client from the agent's own sphere, 80/20 agreed with the broker",
        ),
        (
            "grace.kim@acme.test",
            "50",
            "Company-generated lead from the website, 50/50 as agreed",
        ),
    ] {
        let agent = app.roster_id(&owner, email).await;
        let statement = report(&app, &owner, "statement", &format!("&agent={agent}")).await;
        let traced = format!("this deal's override: {reason}");
        let line = statement["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l.to_string().contains(&traced))
            .unwrap_or_else(|| panic!("{email}'s statement has no line of the override"));
        let deal = line["dealId"].as_str().unwrap();
        let listed = app.get(&overrides_of(deal), &owner).await.body;
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), 1, "seeded once: {listed:?}");
        assert_eq!(listed[0]["agent"], agent.as_str());
        assert_eq!(listed[0]["agentPercent"], percent);
        assert_eq!(listed[0]["reason"], reason);
    }
}

#[tokio::test]
async fn an_agent_reads_only_their_own_overrides_and_another_tenant_reaches_none() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;
    let (olive, olive_deal) = olive_and_her_deal(&app, &admin).await;
    let ava = app.roster_id(&admin, "agent@acme.test").await;

    // A deal Ava works: an override for her and one for Olive, who is not on it (kept,
    // and left unused by the engine).
    let avas = app.get("/v1/transactions", &agent).await.body;
    let ava_deal = avas["transactions"][0]["id"].as_str().unwrap().to_owned();
    for who in [&ava, &olive] {
        let set = put(
            &app,
            &override_of(&ava_deal, who),
            &admin,
            json!({ "agentPercent": "75", "reason": "Agreed at listing" }),
        )
        .await;
        assert_eq!(set.status, StatusCode::CREATED, "{:?}", set.body);
    }
    let everyone = app.get(&overrides_of(&ava_deal), &admin).await.body;
    assert_eq!(everyone.as_array().unwrap().len(), 2);
    let own = app.get(&overrides_of(&ava_deal), &agent).await;
    assert_eq!(own.status, StatusCode::OK, "{:?}", own.body);
    let own = own.body.as_array().unwrap().clone();
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["agent"], ava.as_str());
    let hidden = app.get(&overrides_of(&olive_deal), &agent).await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "a deal the agent does not work"
    );
    let (changes, _) = app.pull_all(&agent, 1000).await;
    let pulled: Vec<&Value> = changes
        .iter()
        .filter(|c| c["entity"] == "commission_override" && !c["data"].is_null())
        .map(|c| &c["data"])
        .collect();
    assert_eq!(pulled.len(), 1, "{pulled:?}");
    assert_eq!(pulled[0]["agent"], ava.as_str());

    // Summit: acme's deal and agent are unknown there, whichever way they are named.
    let summit = app.demo_token("summit", "owner@summit.test").await;
    let summit_agent = app
        .post(
            "/v1/roster",
            &summit,
            Some(json!({ "name": "Sam Roster", "email": "sam.roster@summit.test" })),
        )
        .await;
    assert_eq!(
        summit_agent.status,
        StatusCode::CREATED,
        "{:?}",
        summit_agent.body
    );
    let summit_agent = summit_agent.body["id"].as_str().unwrap().to_owned();
    let summit_deal = app
        .post(
            "/v1/transactions",
            &summit,
            Some(json!({ "name": "1 Summit Rd" })),
        )
        .await;
    assert_eq!(
        summit_deal.status,
        StatusCode::CREATED,
        "{:?}",
        summit_deal.body
    );
    let summit_deal = summit_deal.body["id"].as_str().unwrap().to_owned();
    let terms = json!({ "agentPercent": "100", "reason": "Stolen" });
    for (deal, who) in [
        (&ava_deal, &summit_agent),
        (&summit_deal, &ava),
        (&ava_deal, &ava),
    ] {
        let path = override_of(deal, who);
        let refused = put(&app, &path, &summit, terms.clone()).await;
        assert_eq!(
            refused.status,
            StatusCode::NOT_FOUND,
            "{path}: {:?}",
            refused.body
        );
        assert_eq!(delete(&app, &path, &summit).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        app.get(&overrides_of(&ava_deal), &summit).await.status,
        StatusCode::NOT_FOUND
    );
    let id = own[0]["id"].as_str().unwrap();
    let results = app
        .push(
            &summit,
            Uuid::new_v4(),
            vec![
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_override", "op": "update",
                    "entityId": id, "changes": { "agentPercent": "100" }, "baseVersion": 1
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_override", "op": "create",
                    "entityId": Uuid::now_v7(),
                    "changes": { "transaction": ava_deal, "agent": summit_agent, "agentPercent": "100", "reason": "Stolen" }
                }),
            ],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "not_found"));
    assert_eq!(push_outcome(&results[1]), ("rejected", "not_found"));
    assert_eq!(
        app.get(&overrides_of(&ava_deal), &admin).await.body,
        everyone,
        "acme's overrides are untouched"
    );
}

#[tokio::test]
async fn overrides_sync_both_ways_with_the_rest_apis_checks() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let viewer = app.demo_token("acme", "viewer@acme.test").await;
    let (olive, deal) = olive_and_her_deal(&app, &admin).await;

    let id = Uuid::now_v7();
    let create = |id: Uuid, percent: &str| {
        json!({
            "mutationId": Uuid::now_v7(), "entity": "commission_override", "op": "create",
            "entityId": id,
            "changes": { "transaction": deal, "agent": olive, "agentPercent": percent, "reason": "Offline deal" }
        })
    };
    let results = app
        .push(
            &admin,
            Uuid::new_v4(),
            vec![
                create(id, "80"),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_override", "op": "update",
                    "entityId": id, "changes": { "agentPercent": "85" }, "baseVersion": 1
                }),
                // A second override for the same agent on the same deal.
                create(Uuid::now_v7(), "95"),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_override", "op": "update",
                    "entityId": id, "changes": { "agentPercent": "101" }, "baseVersion": 1
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_override", "op": "update",
                    "entityId": id, "changes": { "reason": "a\u{0007}b" }, "baseVersion": 1
                }),
            ],
        )
        .await;
    assert_eq!(push_outcome(&results[0]).0, "applied", "{results:?}");
    assert_eq!(push_outcome(&results[1]).0, "applied", "{results:?}");
    assert_eq!(
        push_outcome(&results[2]),
        ("rejected", "commission_override_exists")
    );
    for refused in &results[3..] {
        assert_eq!(
            push_outcome(refused),
            ("rejected", "invalid_commission_override")
        );
    }
    assert_eq!(
        agent_net(&app, &owner, &olive).await,
        "10493.82",
        "85 % of 12,345.67, as over REST"
    );
    let listed = app.get(&overrides_of(&deal), &owner).await.body;
    assert_eq!(listed[0]["id"], id.to_string());
    assert_eq!(listed[0]["reason"], "Offline deal");

    // Pulled by the viewer; the viewer's delete is refused as REST refuses it; the
    // admin's applies and reaches the viewer as a tombstone.
    let (changes, _) = app.pull_all(&viewer, 1000).await;
    let pulled = changes.iter().rfind(|c| c["id"] == id.to_string()).unwrap();
    assert_eq!(pulled["data"]["agentPercent"], "85");
    let delete = json!({
        "mutationId": Uuid::now_v7(), "entity": "commission_override", "op": "delete",
        "entityId": id, "changes": {}
    });
    let results = app
        .push(&viewer, Uuid::new_v4(), vec![delete.clone()])
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "forbidden"));
    let results = app.push(&admin, Uuid::new_v4(), vec![delete]).await;
    assert_eq!(push_outcome(&results[0]).0, "applied", "{results:?}");
    assert_eq!(agent_net(&app, &owner, &olive).await, "8641.97");
    let (changes, _) = app.pull_all(&viewer, 1000).await;
    let last = changes.iter().rfind(|c| c["id"] == id.to_string()).unwrap();
    assert!(last["data"].is_null(), "{last}");
}

#[tokio::test]
async fn an_import_that_rewrites_the_deal_keeps_its_override() {
    const EXPORT: &[u8] = include_bytes!("../../core/tests/data/dotloop/export.csv");
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let imported = app
        .post_csv("/v1/transactions/import", &owner, EXPORT)
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{:?}", imported.body);
    let page = app.get("/v1/transactions?q=&limit=500", &owner).await.body;
    let deal = page["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["loopViewId"] == "34523401")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let agent = app.get("/v1/roster", &owner).await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let set = put(
        &app,
        &override_of(&deal, &agent),
        &owner,
        json!({ "agentPercent": "80", "reason": "Kept through imports" }),
    )
    .await;
    assert_eq!(set.status, StatusCode::CREATED, "{:?}", set.body);

    let changed = String::from_utf8(EXPORT.to_vec())
        .unwrap()
        .replace("\"20,037.00\"", "\"20,100.00\"");
    let again = app
        .post_csv("/v1/transactions/import", &owner, changed.as_bytes())
        .await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(again.body["updated"], 1, "{:?}", again.body);
    let detail = app
        .get(&format!("/v1/transactions/{deal}"), &owner)
        .await
        .body;
    assert_eq!(
        detail["commissionTotal"], "20100.00",
        "the import rewrote the deal"
    );
    let kept = app.get(&overrides_of(&deal), &owner).await.body;
    assert_eq!(kept, json!([set.body]), "the override is untouched");
}

#[tokio::test]
async fn the_retention_purge_of_a_deal_takes_its_overrides_with_it() {
    let app = TestApp::spawn().await;
    let owner = app.register("keep").await;
    let token = owner.access_token.clone();
    let admin = app.db.admin_pool().await;
    let old_deal = Uuid::now_v7();
    let closed = Utc::now().date_naive() - Duration::days(365 * 8);
    sqlx::query(
        "insert into transactions (tenant_id, id, name, closing_date, version) values ($1, $2, 'Old Deal', $3, 1)",
    )
    .bind(owner.tenant_id.parse::<Uuid>().unwrap())
    .bind(old_deal)
    .bind(closed)
    .execute(&admin)
    .await
    .unwrap();
    let agent = app
        .post(
            "/v1/roster",
            &token,
            Some(json!({ "name": "Pat Past", "email": "pat@keep.test" })),
        )
        .await;
    assert_eq!(agent.status, StatusCode::CREATED, "{:?}", agent.body);
    let agent = agent.body["id"].as_str().unwrap().to_owned();
    let set = put(
        &app,
        &override_of(&old_deal.to_string(), &agent),
        &token,
        json!({ "agentPercent": "90", "reason": "Long ago" }),
    )
    .await;
    assert_eq!(set.status, StatusCode::CREATED, "{:?}", set.body);
    let id = set.body["id"].as_str().unwrap().to_owned();
    let policy = app
        .call(
            Method::PUT,
            "/v1/retention/policies/transactions",
            Some(&token),
            Some(json!({ "months": 84 })),
        )
        .await;
    assert_eq!(policy.status, StatusCode::OK, "{:?}", policy.body);

    let report = run_pass(&app.db.database().await, Utc::now())
        .await
        .unwrap()
        .expect("no other pass runs");
    assert_eq!(report.failed, 0, "the override did not block the purge");
    let left: i64 = sqlx::query_scalar("select count(*) from commission_overrides where id = $1")
        .bind(id.parse::<Uuid>().unwrap())
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let (changes, _) = app.pull_all(&token, 1000).await;
    let last = changes
        .iter()
        .rfind(|c| c["entity"] == "commission_override" && c["id"] == id.as_str())
        .unwrap();
    assert!(last["data"].is_null(), "devices drop it: {last}");
}
