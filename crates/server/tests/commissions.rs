//! Commission plans and reports: the REST routes (who may manage plans, core's
//! validation as {code, message}, another tenant's ids), the reports' scopes (an agent
//! sees only their own lines), the CSV export (formulas neutralised, audited), and
//! plans and assignments synced both ways.

use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::push_outcome;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

fn terms(agent_percent: &str) -> Value {
    json!({
        "split": { "kind": "agentPercent", "agentPercent": agent_percent },
        "capYear": { "kind": "calendarYear" },
        "companyDollarCap": null, "franchiseFee": null, "transactionFee": null,
        "errorsAndOmissions": null, "team": null
    })
}

fn plan(name: &str, agent_percent: &str) -> Value {
    json!({
        "name": name,
        "versions": [{ "effectiveFrom": "2024-01-01", "terms": terms(agent_percent) }]
    })
}

#[tokio::test]
async fn owners_and_admins_manage_plans_and_core_refuses_bad_terms() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;
    let viewer = app.demo_token("acme", "viewer@acme.test").await;

    let created = app
        .post("/v1/commission-plans", &admin, Some(plan(" Rookie ", "60")))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["name"], "Rookie", "the name is trimmed");
    let id = created.body["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/commission-plans/{id}");

    // Core's checks, as {code, message} a person can act on.
    let bad = app
        .post("/v1/commission-plans", &admin, Some(plan("Greedy", "170")))
        .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_commission_plan")
    );
    assert!(
        bad.body["message"]
            .as_str()
            .unwrap()
            .contains("between 0 and 100"),
        "{:?}",
        bad.body
    );
    let no_versions = app
        .post(
            "/v1/commission-plans",
            &admin,
            Some(json!({ "name": "Empty", "versions": [] })),
        )
        .await;
    assert_eq!(no_versions.code(), "invalid_commission_plan");
    assert!(
        no_versions.body["message"]
            .as_str()
            .unwrap()
            .contains("no version")
    );
    let unknown_field = app
        .post(
            "/v1/commission-plans",
            &admin,
            Some(json!({ "name": "X", "versions": [], "owner": 1 })),
        )
        .await;
    assert_eq!(
        unknown_field.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        unknown_field.body
    );
    assert!(unknown_field.body["message"].is_string());

    // A raise from 2025, then the same day again replaces it.
    for percent in ["75", "80"] {
        let version = json!({ "effectiveFrom": "2025-01-01", "terms": terms(percent) });
        let set = app
            .post(&format!("{path}/versions"), &admin, Some(version))
            .await;
        assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    }
    let (status, renamed) = app
        .patch(&path, &admin, json!({ "name": "Rookie 2025" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{renamed:?}");
    let versions = renamed["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{renamed}");
    assert_eq!(versions[1]["terms"]["split"]["agentPercent"], "80");
    let (status, refused) = app
        .patch(
            &path,
            &admin,
            json!({ "versions": [
            { "effectiveFrom": "2024-01-01", "terms": terms("70") },
            { "effectiveFrom": "2024-01-01", "terms": terms("75") }
        ] }),
        )
        .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_commission_plan")
        )
    );
    assert!(refused["message"].as_str().unwrap().contains("same day"));
    assert_eq!(
        app.get(&path, &viewer).await.body,
        renamed,
        "viewers read every plan"
    );

    // Agents and viewers may not manage plans.
    for token in [&agent, &viewer] {
        let refused = app
            .post("/v1/commission-plans", token, Some(plan("Mine", "100")))
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
        let (status, _) = app.patch(&path, token, json!({ "name": "Mine" })).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let simulate = json!({
        "plan": id, "versionFrom": "2024-01-01", "agents": [],
        "period": { "from": "2026-01-01", "to": "2026-12-31" }
    });
    let refused = app
        .post("/v1/reports/simulate", &viewer, Some(simulate.clone()))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Assign an agent; the same day twice is a conflict; unassign.
    let grace = app.roster_id(&admin, "grace.kim@acme.test").await;
    let assignment = json!({ "agent": grace, "plan": id, "effectiveFrom": "2026-06-01" });
    let assigned = app
        .post(
            "/v1/commission-assignments",
            &admin,
            Some(assignment.clone()),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::CREATED, "{:?}", assigned.body);
    let again = app
        .post("/v1/commission-assignments", &admin, Some(assignment))
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "commission_assignment_same_day")
    );
    let simulated = app
        .post(
            "/v1/reports/simulate",
            &admin,
            Some(json!({
                "plan": id, "versionFrom": "2025-01-01", "agents": [grace],
                "period": { "from": "2026-01-01", "to": "2026-12-31" }
            })),
        )
        .await;
    assert_eq!(simulated.status, StatusCode::OK, "{:?}", simulated.body);
    assert!(simulated.body["total"]["simulated"]["agentNet"].is_string());
    let assignment_id = assigned.body["id"].as_str().unwrap();
    let removed = app
        .call(
            reqwest::Method::DELETE,
            &format!("/v1/commission-assignments/{assignment_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let gone = app
        .call(
            reqwest::Method::DELETE,
            &format!("/v1/commission-assignments/{assignment_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);

    // Audited by id, without the terms.
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let trail = app.get("/v1/audit", &owner).await.body.to_string();
    for action in [
        "commission.plan_created",
        "commission.plan_version_set",
        "commission.plan_changed",
        "commission.agent_assigned",
        "commission.agent_unassigned",
    ] {
        assert!(trail.contains(action), "{action} missing");
    }
    assert!(!trail.contains("agentPercent"), "the trail kept plan terms");
}

#[tokio::test]
async fn another_tenants_plans_and_agents_are_not_found() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = app.demo_token("acme", "owner@acme.test").await;
    let summit = app.demo_token("summit", "owner@summit.test").await;
    let acme_plans = app.get("/v1/commission-plans", &acme).await.body;
    let acme_plan = acme_plans[0]["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/commission-plans/{acme_plan}");

    assert_eq!(
        app.get("/v1/commission-plans", &summit).await.body,
        json!([])
    );
    assert_eq!(app.get(&path, &summit).await.status, StatusCode::NOT_FOUND);
    let (status, _) = app.patch(&path, &summit, json!({ "name": "Stolen" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let version = json!({ "effectiveFrom": "2030-01-01", "terms": terms("100") });
    let set = app
        .post(&format!("{path}/versions"), &summit, Some(version))
        .await;
    assert_eq!(set.status, StatusCode::NOT_FOUND);

    // Assigning acme's agent, or acme's plan, from summit: neither exists there.
    let acme_agent = app.roster_id(&acme, "agent@acme.test").await;
    let mine = app
        .post("/v1/commission-plans", &summit, Some(plan("Summit", "70")))
        .await
        .body;
    for (agent, plan_id) in [
        (acme_agent.as_str(), mine["id"].as_str().unwrap()),
        (acme_agent.as_str(), acme_plan.as_str()),
    ] {
        let refused = app
            .post(
                "/v1/commission-assignments",
                &summit,
                Some(json!({ "agent": agent, "plan": plan_id, "effectiveFrom": "2026-01-01" })),
            )
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_commission_assignment"
            )
        );
    }
    // A team naming acme's agent, set from summit: not on summit's roster. The same
    // team in acme is taken.
    let team_terms = |agent: &str| {
        let mut team = terms("70");
        team["team"] = json!({
            "lead": agent,
            "members": [{ "agent": Uuid::new_v4(), "allocationPercent": "60" }]
        });
        team
    };
    let summit_path = format!("/v1/commission-plans/{}", mine["id"].as_str().unwrap());
    let refused = app
        .post(
            &format!("{summit_path}/versions"),
            &summit,
            Some(json!({ "effectiveFrom": "2030-01-01", "terms": team_terms(&acme_agent) })),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_commission_plan")
    );
    let acme_admin = app.roster_id(&acme, "admin@acme.test").await;
    let mut acme_team = team_terms(&acme_agent);
    acme_team["team"]["members"][0]["agent"] = json!(acme_admin);
    let taken = app
        .post(
            &format!("{path}/versions"),
            &acme,
            Some(json!({ "effectiveFrom": "2030-01-01", "terms": acme_team })),
        )
        .await;
    assert!(taken.status.is_success(), "{:?}", taken.body);
    // A member that is on no roster at all is refused in acme too.
    let unknown = app
        .post(
            &format!("{path}/versions"),
            &acme,
            Some(json!({ "effectiveFrom": "2031-01-01", "terms": team_terms(&acme_agent) })),
        )
        .await;
    assert_eq!(unknown.code(), "invalid_commission_plan");
    let acme_assignments = app.get("/v1/commission-assignments", &acme).await.body;
    let acme_assignment = acme_assignments[0]["id"].as_str().unwrap();
    let removed = app
        .call(
            reqwest::Method::DELETE,
            &format!("/v1/commission-assignments/{acme_assignment}"),
            Some(&summit),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NOT_FOUND);
    let statement = app
        .get(
            &format!("/v1/reports/statement?agent={acme_agent}&from=2026-01-01&to=2026-12-31"),
            &summit,
        )
        .await;
    assert_eq!(statement.status, StatusCode::NOT_FOUND);

    // Through sync: an update of acme's plan is not found in summit.
    let results = app
        .push(
            &summit,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "commission_plan", "op": "update",
                "entityId": acme_plan, "changes": { "name": "Stolen" }, "baseVersion": 1
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "not_found"));
    assert_ne!(app.get(&path, &acme).await.body["name"], "Stolen");
}

#[tokio::test]
async fn an_agent_sees_only_their_own_lines_and_plans() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;
    let ava = app.roster_id(&owner, "agent@acme.test").await;
    let ben = app.roster_id(&owner, "ben.carter@acme.test").await;
    let period = "from=2026-01-01&to=2026-12-31&asOf=2026-12-02";

    let everyone = app
        .get(
            &format!("/v1/reports/production?{period}&groupBy=agent"),
            &owner,
        )
        .await;
    assert_eq!(everyone.status, StatusCode::OK, "{:?}", everyone.body);
    let rows = everyone.body["report"]["rows"].as_array().unwrap();
    assert!(rows.len() > 2, "{rows:?}");

    let own = app
        .get(
            &format!("/v1/reports/production?{period}&groupBy=agent"),
            &agent,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{:?}", own.body);
    let rows = own.body["report"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["key"], json!({ "kind": "agent", "value": ava }));
    let owner_row = everyone.body["report"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"]["value"] == ava)
        .unwrap();
    assert_eq!(
        rows[0]["figures"], owner_row["figures"],
        "the agent's own figures, unchanged"
    );
    assert_ne!(
        own.body["report"]["total"],
        everyone.body["report"]["total"]
    );

    // Grouped by month, the agent's total is still only theirs.
    let by_month = app
        .get(
            &format!("/v1/reports/production?{period}&groupBy=month"),
            &agent,
        )
        .await;
    assert_eq!(
        by_month.body["report"]["total"],
        own.body["report"]["total"]
    );

    let tax = app
        .get("/v1/reports/tax-1099?year=2026&asOf=2026-12-02", &agent)
        .await
        .body;
    assert!(
        tax.as_array().unwrap().iter().all(|t| t["agent"] == ava),
        "{tax}"
    );
    let caps = app
        .get("/v1/reports/cap-progress?asOf=2026-12-02", &agent)
        .await
        .body;
    assert!(
        caps.as_array().unwrap().iter().all(|c| c["agent"] == ava),
        "{caps}"
    );

    let theirs = app
        .get(
            &format!("/v1/reports/statement?agent={ben}&{period}"),
            &agent,
        )
        .await;
    assert_eq!(
        theirs.status,
        StatusCode::NOT_FOUND,
        "another agent's statement"
    );
    let mine = app
        .get(
            &format!("/v1/reports/statement?agent={ava}&{period}"),
            &agent,
        )
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    let lines = mine.body["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l["agent"] == ava && !l["trace"].as_array().unwrap().is_empty())
    );

    // Plans: only the one the agent is on, not Ben's team plan that names her as lead.
    let plans = app.get("/v1/commission-plans", &agent).await.body;
    let names: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["70/30 with cap"]);
    let team = app.get("/v1/commission-plans", &owner).await.body;
    let team_id = team
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Harbor Team")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let hidden = app
        .get(&format!("/v1/commission-plans/{team_id}"), &agent)
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let same_plan = app
        .get(
            &format!("/v1/reports/production?{period}&compare=previousYear&samePlan={team_id}&samePlanVersion=2020-01-01"),
            &agent,
        )
        .await;
    assert_eq!(
        same_plan.status,
        StatusCode::NOT_FOUND,
        "a plan the agent may not read"
    );
    let assignments = app.get("/v1/commission-assignments", &agent).await.body;
    assert!(
        assignments
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["agent"] == ava)
    );

    // Sync gives the agent the same: their plan and assignment, nothing else.
    let (changes, _) = app.pull_all(&agent, 1000).await;
    let visible = |entity: &str| -> Vec<Value> {
        changes
            .iter()
            .filter(|c| c["entity"] == entity && !c["data"].is_null())
            .map(|c| c["data"].clone())
            .collect()
    };
    let pulled_plans = visible("commission_plan");
    assert_eq!(pulled_plans.len(), 1, "{pulled_plans:?}");
    assert_eq!(pulled_plans[0]["name"], "70/30 with cap");
    let pulled_assignments = visible("commission_assignment");
    assert_eq!(pulled_assignments.len(), 1);
    assert_eq!(pulled_assignments[0]["agent"], ava);
}

#[tokio::test]
async fn bad_report_queries_get_a_code_and_a_message() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    for path in [
        "/v1/reports/production?from=2026-12-31&to=2026-01-01",
        "/v1/reports/production?from=2026-01-01&to=2026-12-31&samePlan=00000000-0000-0000-0000-000000000001",
        "/v1/reports/tax-1099?year=12",
    ] {
        let refused = app.get(path, &owner).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_report_query"),
            "{path}"
        );
        assert!(refused.body["message"].as_str().unwrap().len() > 10);
    }
    let unparsable = app
        .get(
            "/v1/reports/production?from=yesterday&to=2026-01-01",
            &owner,
        )
        .await;
    assert_eq!(unparsable.status.as_u16() / 100, 4);
    assert!(unparsable.body["code"].is_string() && unparsable.body["message"].is_string());
    let unknown_plan = app
        .get(
            "/v1/reports/production?from=2026-01-01&to=2026-12-31&compare=previousYear&samePlan=00000000-0000-0000-0000-000000000001&samePlanVersion=2020-01-01",
            &owner,
        )
        .await;
    assert_eq!(unknown_plan.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown_plan.body["message"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
}

#[tokio::test]
async fn the_csv_export_neutralises_formulas_and_is_audited() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let ava = app.roster_id(&owner, "agent@acme.test").await;
    let formula = "=HYPERLINK(\"http://evil.test\",\"x\")";
    let (status, body) = app
        .patch(
            &format!("/v1/roster/{ava}"),
            &owner,
            json!({ "team": formula }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body:?}");

    let response = reqwest::Client::new()
        .get(format!(
            "{}/v1/reports/production/export?from=2026-01-01&to=2026-12-31&groupBy=team&asOf=2026-12-02",
            app.address
        ))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    assert!(csv.starts_with("Group,Deals,"), "{csv}");
    assert!(
        csv.contains("\"'=HYPERLINK("),
        "the team's formula is text: {csv}"
    );
    assert!(
        !csv.lines()
            .any(|l| l.starts_with("\"=") || l.starts_with('=')),
        "{csv}"
    );
    assert!(csv.lines().last().unwrap().starts_with("Total,"));

    let trail = app.get("/v1/audit", &owner).await.body.to_string();
    assert!(trail.contains("commission.production_exported"), "{trail}");
}

#[tokio::test]
async fn plans_and_assignments_sync_both_ways() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let viewer = app.demo_token("acme", "viewer@acme.test").await;
    let grace = app.roster_id(&admin, "grace.kim@acme.test").await;

    let (changes, _) = app.pull_all(&viewer, 2).await;
    let count = |entity: &str| changes.iter().filter(|c| c["entity"] == entity).count();
    assert_eq!(
        count("commission_plan"),
        3,
        "the demo's plans, across small pages"
    );
    assert_eq!(
        count("commission_assignment"),
        7,
        "every demo agent is on a plan"
    );
    assert_eq!(
        count("commission_override"),
        3,
        "the demo's split overrides"
    );

    let plan_id = Uuid::now_v7();
    let assignment_id = Uuid::now_v7();
    let results = app
        .push(
            &admin,
            Uuid::new_v4(),
            vec![
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_plan", "op": "create",
                    "entityId": plan_id, "changes": plan("Offline plan", "65")
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_plan", "op": "update",
                    "entityId": plan_id, "changes": { "name": "Offline plan, renamed" }, "baseVersion": 1
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_assignment", "op": "create",
                    "entityId": assignment_id,
                    "changes": { "agent": grace, "plan": plan_id, "effectiveFrom": "2027-01-01" }
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_plan", "op": "create",
                    "entityId": Uuid::now_v7(), "changes": plan("Bad", "101")
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "commission_plan", "op": "delete",
                    "entityId": plan_id, "changes": {}
                }),
            ],
        )
        .await;
    for result in &results[..3] {
        assert_eq!(push_outcome(result).0, "applied", "{results:?}");
    }
    assert_eq!(
        push_outcome(&results[3]),
        ("rejected", "invalid_commission_plan")
    );
    assert_eq!(push_outcome(&results[4]), ("rejected", "op_not_supported"));
    let stored = app
        .get(&format!("/v1/commission-plans/{plan_id}"), &viewer)
        .await
        .body;
    assert_eq!(stored["name"], "Offline plan, renamed");

    // A viewer's push is refused as the REST API refuses it; the admin's delete applies
    // and the viewer's next pull carries the tombstone.
    let results = app
        .push(
            &viewer,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "commission_assignment", "op": "delete",
                "entityId": assignment_id, "changes": {}
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "forbidden"));
    let results = app
        .push(
            &admin,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "commission_assignment", "op": "delete",
                "entityId": assignment_id, "changes": {}
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]).0, "applied", "{results:?}");
    let (changes, _) = app.pull_all(&viewer, 1000).await;
    let last = changes
        .iter()
        .rfind(|c| c["id"] == assignment_id.to_string())
        .unwrap();
    assert!(last["data"].is_null(), "{last}");
}
