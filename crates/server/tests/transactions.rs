//! Deals over REST and sync: hand entry and its validation, who reads which deals (an
//! agent only their own, in the list, by id and in a pull), another tenant's ids, the
//! plan's quota, and sync pushes (create merges idempotently, update, a loop held
//! twice). The Dotloop CSV import has its own file (`transactions_import.rs`).

use brokerdesk_core::ids::{TenantId, TransactionId};
use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::status::{StatusGroup, StatusMapping};
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::push_outcome;
use chrono::{NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Every deal the caller's list holds, following the cursor in pages of `limit`.
async fn list_all(app: &TestApp, token: &str, filters: &str, limit: u32) -> Vec<Value> {
    let mut deals = Vec::new();
    let mut after = String::new();
    loop {
        let page = app
            .get(
                &format!("/v1/transactions?limit={limit}{filters}{after}"),
                token,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        deals.extend(
            page.body["transactions"]
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
        match page.body["nextCursor"].as_str() {
            Some(cursor) => after = format!("&after={cursor}"),
            None => return deals,
        }
    }
}

fn ids(deals: &[Value]) -> BTreeSet<String> {
    deals
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

fn has_participant(deal: &Value, email: &str) -> bool {
    deal["participants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["email"] == email)
}

async fn tenant_id(app: &TestApp, subdomain: &str) -> TenantId {
    let id: Uuid = sqlx::query_scalar("select id from tenants where subdomain = $1")
        .bind(subdomain)
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap();
    TenantId::from_uuid(id)
}

#[tokio::test]
async fn admins_enter_and_change_deals_with_every_field_checked() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;

    let added = app
        .post(
            "/v1/transactions",
            &admin,
            Some(json!({
                "name": "  4 Pier Ln ", "status": "Under Contract",
                "transactionType": "PURCHASE_OFFER",
                "address": { "city": "Portland", "postalCode": "04101" },
                "mlsNumber": "007-123", "salePrice": "450000.00", "commissionRate": "2.5",
                "closingDate": "2027-02-01",
                "participants": [{ "name": "Ava Agent", "email": "Agent@Acme.test", "role": "BUYING_AGENT" }]
            })),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    assert_eq!(added.body["name"], "4 Pier Ln");
    assert_eq!(added.body["status"], "UNDER_CONTRACT");
    assert_eq!(
        added.body["address"]["postalCode"], "04101",
        "ZIP stays text"
    );
    assert_eq!(added.body["mlsNumber"], "007-123");
    assert_eq!(added.body["salePrice"], "450000.00", "money is exact text");
    let id = added.body["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/transactions/{id}");

    let (status, changed) = app
        .patch(
            &path,
            &admin,
            json!({ "commissionTotal": "11250.00", "mlsNumber": null }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed:?}");
    assert_eq!(changed["commissionTotal"], "11250.00");
    assert!(changed["mlsNumber"].is_null());
    assert_eq!(changed["salePrice"], "450000.00", "absent fields stay");
    assert!(changed["version"].as_i64() > added.body["version"].as_i64());

    // The detail carries loop health: no MLS number now, and a score below 100.
    let detail = app.get(&path, &agent).await;
    assert_eq!(detail.status, StatusCode::OK, "the agent takes part");
    let codes: Vec<&str> = detail.body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"missing_mls_number"), "{codes:?}");
    assert_eq!(detail.body["qualityScore"], 95, "{:?}", detail.body);
    assert_eq!(detail.body["commissionTotal"], "11250.00");

    // A change that sets what is there already writes nothing.
    let (_, same) = app
        .patch(&path, &admin, json!({ "commissionTotal": "11250.00" }))
        .await;
    assert_eq!(same["version"], changed["version"]);

    // Invalid values are refused with core's code and words a person can act on.
    for (body, code) in [
        (json!({ "status": "SOLD" }), "invalid_transaction"),
        (json!({ "name": "   " }), "invalid_transaction"),
        (
            json!({ "name": "X", "salePrice": "-5" }),
            "invalid_transaction",
        ),
        (
            json!({ "name": "X", "salePrice": "10.005" }),
            "invalid_transaction",
        ),
        (
            json!({ "name": "X", "commissionRate": "300000" }),
            "invalid_transaction",
        ),
        (
            json!({ "name": "X", "participants": [{ "name": "A", "email": "not-an-email", "role": null }] }),
            "invalid_email",
        ),
    ] {
        let refused = app
            .post("/v1/transactions", &admin, Some(body.clone()))
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{body}: {:?}",
            refused.body
        );
        assert!(!refused.body["message"].as_str().unwrap().is_empty());
    }
    let (status, body) = app
        .patch(&path, &admin, json!({ "earnestMoney": "-1" }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_transaction")
        )
    );

    // Agents read deals but do not write them.
    let refused = app
        .post("/v1/transactions", &agent, Some(json!({ "name": "Mine" })))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let (status, body) = app.patch(&path, &agent, json!({ "name": "Mine" })).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );

    // Audited by id and field names, never values.
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let trail = app.get("/v1/audit", &owner).await.body.to_string();
    assert!(trail.contains("transaction.created") && trail.contains("transaction.updated"));
    assert!(trail.contains(&id) && trail.contains("commissionTotal"));
    assert!(
        !trail.contains("Pier Ln"),
        "the trail kept a value: {trail}"
    );
}

#[tokio::test]
async fn an_agent_reads_only_the_deals_they_take_part_in() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let viewer = app.demo_token("acme", "viewer@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;

    let all = list_all(&app, &viewer, "", 7).await;
    assert_eq!(all.len(), 40, "the viewer reads every demo deal, in pages");
    assert_eq!(ids(&all).len(), 40, "pages neither repeat nor skip");
    let theirs: Vec<&Value> = all
        .iter()
        .filter(|d| has_participant(d, "agent@acme.test"))
        .collect();
    assert!(!theirs.is_empty() && theirs.len() < all.len());

    let mine = list_all(&app, &agent, "", 50).await;
    assert_eq!(
        ids(&mine),
        theirs
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    );
    let other = all
        .iter()
        .find(|d| !has_participant(d, "agent@acme.test"))
        .unwrap();
    let path = format!("/v1/transactions/{}", other["id"].as_str().unwrap());
    assert_eq!(app.get(&path, &agent).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path, &viewer).await.status, StatusCode::OK);

    // A pull gives the agent's devices the same deals, and nothing of the others.
    let (changes, _) = app.pull_all(&agent, 5).await;
    let pulled: Vec<&Value> = changes
        .iter()
        .filter(|c| c["entity"] == "transaction" && !c["data"].is_null())
        .collect();
    assert_eq!(
        pulled
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect::<BTreeSet<_>>(),
        ids(&mine)
    );
    let text = serde_json::to_string(&changes).unwrap();
    assert!(!text.contains(other["name"].as_str().unwrap()));
    let (changes, _) = app.pull_all(&viewer, 1000).await;
    let pulled = changes
        .iter()
        .filter(|c| c["entity"] == "transaction" && !c["data"].is_null())
        .count();
    assert_eq!(pulled, 40);
    // The pulled record is core's Transaction.
    let record = changes
        .iter()
        .find(|c| c["entity"] == "transaction")
        .unwrap();
    let _: brokerdesk_core::transactions::Transaction =
        serde_json::from_value(record["data"].clone()).unwrap();

    // Once the agent is taken off a deal, their next pull drops it.
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let dropped = theirs[0]["id"].as_str().unwrap();
    let (status, _) = app.patch(&format!("/v1/transactions/{dropped}"),
        &admin,
        json!({ "participants": [{ "name": "Grace Kim", "email": "grace.kim@acme.test", "role": "LISTING_AGENT" }] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (changes, _) = app.pull_all(&agent, 1000).await;
    let last = changes
        .iter()
        .rfind(|c| c["id"] == dropped)
        .expect("the change reaches the agent");
    assert!(last["data"].is_null(), "without data: {last}");
}

#[tokio::test]
async fn the_list_filters_as_core_groups_and_matches() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let all = list_all(&app, &owner, "", 100).await;
    let today = Utc::now().date_naive();
    let mapping = StatusMapping::default();
    for group in [
        StatusGroup::Active,
        StatusGroup::Pending,
        StatusGroup::Closed,
        StatusGroup::Cancelled,
    ] {
        let name = serde_json::to_value(group).unwrap();
        let listed = list_all(
            &app,
            &owner,
            &format!("&group={}", name.as_str().unwrap()),
            100,
        )
        .await;
        let expected: BTreeSet<String> = all
            .iter()
            .filter(|d| {
                let closing: Option<NaiveDate> =
                    serde_json::from_value(d["closingDate"].clone()).unwrap();
                mapping.group(d["status"].as_str(), closing, today) == group
            })
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(!expected.is_empty(), "the demo has {group:?} deals");
        assert_eq!(ids(&listed), expected, "{group:?}");
    }

    let search = list_all(&app, &owner, "&q=acme-1005", 100).await;
    assert_eq!(search.len(), 1);
    assert_eq!(search[0]["mlsNumber"], "ACME-1005");
    let leases = list_all(&app, &owner, "&type=listing_for_lease", 100).await;
    assert!(!leases.is_empty());
    assert!(
        leases
            .iter()
            .all(|d| d["transactionType"] == "LISTING_FOR_LEASE")
    );
    let window = list_all(
        &app,
        &owner,
        "&closingFrom=2026-03-01&closingTo=2026-03-31",
        100,
    )
    .await;
    assert!(!window.is_empty());
    assert!(
        window
            .iter()
            .all(|d| d["closingDate"].as_str().unwrap().starts_with("2026-03"))
    );

    let roster = app.get("/v1/roster", &owner).await.body;
    let ben = roster
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == "ben.carter@acme.test")
        .unwrap();
    let bens = list_all(
        &app,
        &owner,
        &format!("&agent={}", ben["id"].as_str().unwrap()),
        100,
    )
    .await;
    let expected: BTreeSet<String> = all
        .iter()
        .filter(|d| has_participant(d, "ben.carter@acme.test"))
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids(&bens), expected);

    let bad = app.get("/v1/transactions?after=nonsense", &owner).await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor")
    );

    // The demo shows loop health findings.
    let mut codes = BTreeSet::new();
    for deal in &all {
        let detail = app
            .get(
                &format!("/v1/transactions/{}", deal["id"].as_str().unwrap()),
                &owner,
            )
            .await
            .body;
        for finding in detail["findings"].as_array().unwrap() {
            codes.insert(finding["code"].as_str().unwrap().to_owned());
        }
    }
    for code in [
        "closed_without_closing_date",
        "split_percent_mismatch",
        "no_agent_matched",
        "duplicate_mls_number",
    ] {
        assert!(codes.contains(code), "{code} in {codes:?}");
    }
}

#[tokio::test]
async fn another_tenants_deals_are_not_there() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = app.demo_token("acme", "owner@acme.test").await;
    let summit = app.demo_token("summit", "owner@summit.test").await;
    let acme_deal = list_all(&app, &acme, "", 1).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(list_all(&app, &summit, "", 50).await.is_empty());
    let path = format!("/v1/transactions/{acme_deal}");
    assert_eq!(app.get(&path, &summit).await.status, StatusCode::NOT_FOUND);
    let (status, _) = app.patch(&path, &summit, json!({ "name": "Stolen" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let results = app
        .push(
            &summit,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "transaction", "op": "update",
                "entityId": acme_deal, "changes": { "name": "Stolen" }, "baseVersion": 1
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "not_found"));
    assert_ne!(app.get(&path, &acme).await.body["name"], "Stolen");
}

#[tokio::test]
async fn sync_pushes_create_merge_and_refuse_a_loop_held_twice() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let agent = app.demo_token("acme", "agent@acme.test").await;
    let acme = tenant_id(&app, "acme").await;

    let record = TransactionFields {
        loop_view_id: Some("88001".into()),
        name: "1 Offline Way".into(),
        status: Some("SOLD".into()),
        commission_rate: Some("300000".parse().unwrap()),
        ..Default::default()
    };
    let id = TransactionId::for_loop_view(acme, "88001");
    let create = |record: &TransactionFields, id: TransactionId| {
        json!({
            "mutationId": Uuid::now_v7(), "entity": "transaction", "op": "create",
            "entityId": id, "changes": record
        })
    };
    let results = app
        .push(&admin, Uuid::new_v4(), vec![create(&record, id)])
        .await;
    assert_eq!(push_outcome(&results[0]).0, "applied", "{results:?}");
    let first_version = results[0]["outcome"]["version"].clone();
    let path = format!("/v1/transactions/{id}");
    let stored = app.get(&path, &admin).await.body;
    assert_eq!(
        stored["commissionRate"], "300000",
        "an imported loop keeps its values"
    );
    let codes = stored["findings"].to_string();
    assert!(codes.contains("dollar_amount_in_rate"), "{codes}");

    // The same record again (another device imported the same file) changes nothing.
    let results = app
        .push(&admin, Uuid::new_v4(), vec![create(&record, id)])
        .await;
    assert_eq!(push_outcome(&results[0]).0, "applied");
    assert_eq!(results[0]["outcome"]["version"], first_version);
    assert_eq!(app.get(&path, &admin).await.body["version"], first_version);

    let results = app
        .push(
            &admin,
            Uuid::new_v4(),
            vec![
                // Another id for the same loop.
                create(&record, TransactionId::new()),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "transaction", "op": "update",
                    "entityId": id, "changes": { "closingDate": "2026-11-30" }, "baseVersion": 1
                }),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "transaction", "op": "update",
                    "entityId": id, "changes": { "salePrice": "1.001" }, "baseVersion": 1
                }),
                // A hand-entered deal is checked as hand entry is.
                create(
                    &TransactionFields {
                        name: " ".into(),
                        ..Default::default()
                    },
                    TransactionId::new(),
                ),
                json!({
                    "mutationId": Uuid::now_v7(), "entity": "transaction", "op": "delete",
                    "entityId": id, "changes": {}
                }),
            ],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "duplicate_loop"));
    assert_eq!(push_outcome(&results[1]).0, "applied", "{results:?}");
    assert_eq!(
        push_outcome(&results[2]),
        ("rejected", "invalid_transaction")
    );
    assert_eq!(
        push_outcome(&results[3]),
        ("rejected", "invalid_transaction")
    );
    assert_eq!(push_outcome(&results[4]), ("rejected", "op_not_supported"));
    assert_eq!(
        app.get(&path, &admin).await.body["closingDate"],
        "2026-11-30"
    );

    // A hand-entered deal under the device's id; an agent's push is refused.
    let hand = TransactionId::new();
    let entered = TransactionFields {
        name: "5 Typed St".into(),
        sale_price: Some("310000".parse().unwrap()),
        ..Default::default()
    };
    let results = app
        .push(&admin, Uuid::new_v4(), vec![create(&entered, hand)])
        .await;
    assert_eq!(push_outcome(&results[0]).0, "applied", "{results:?}");
    assert_eq!(
        app.get(&format!("/v1/transactions/{hand}"), &admin)
            .await
            .body["salePrice"],
        "310000"
    );
    let results = app
        .push(
            &agent,
            Uuid::new_v4(),
            vec![create(&entered, TransactionId::new())],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "forbidden"));
}

#[tokio::test]
async fn the_plan_limits_how_many_deals_a_brokerage_holds() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app.set_plan("acme", "free").await;
    let admin = app.demo_token("acme", "admin@acme.test").await;
    assert_eq!(count(&app).await, 40);
    let file = |n: usize, from: usize| {
        let mut csv = String::from("Loop View,Loop Name,Loop Status\n");
        for i in from..from + n {
            csv.push_str(&format!("{},Lot {i},Active Listing\n", 500_000 + i));
        }
        csv
    };
    // 961 more would make 1,001 on a plan of 1,000: nothing is imported.
    let over = import(&app, &admin, file(961, 0)).await;
    assert_eq!(over.0, StatusCode::FORBIDDEN, "{:?}", over.1);
    assert_eq!(over.1["code"], "quota_exceeded");
    assert!(
        over.1["message"]
            .as_str()
            .unwrap()
            .contains("1,000 transactions"),
        "{:?}",
        over.1
    );
    assert_eq!(count(&app).await, 40);
    let fits = import(&app, &admin, file(960, 0)).await;
    assert_eq!(fits.0, StatusCode::OK, "{:?}", fits.1);
    assert_eq!(count(&app).await, 1_000);

    let refused = app
        .post(
            "/v1/transactions",
            &admin,
            Some(json!({ "name": "One more" })),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "quota_exceeded")
    );
    let results = app
        .push(
            &admin,
            Uuid::new_v4(),
            vec![json!({
                "mutationId": Uuid::now_v7(), "entity": "transaction", "op": "create",
                "entityId": TransactionId::new(), "changes": { "name": "One more" }
            })],
        )
        .await;
    assert_eq!(push_outcome(&results[0]), ("rejected", "quota_exceeded"));
    // Editing what is there, and re-importing it, still works at the limit.
    let again = import(&app, &admin, file(960, 0)).await;
    assert_eq!(
        (again.0, &again.1["unchanged"]),
        (StatusCode::OK, &json!(960))
    );
    assert_eq!(count(&app).await, 1_000);
}

/// How many deals acme holds.
async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "select count(*) from transactions t join tenants on tenants.id = t.tenant_id
          where subdomain = 'acme'",
    )
    .fetch_one(&app.db.admin_pool().await)
    .await
    .unwrap()
}

/// Applies a CSV import as `token`.
async fn import(app: &TestApp, token: &str, csv: String) -> (StatusCode, Value) {
    let response = app
        .post_csv("/v1/transactions/import", token, csv.as_bytes())
        .await;
    (response.status, response.body)
}
