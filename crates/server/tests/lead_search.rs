//! The lead list's search and date filters, and the CSV export that honours them,
//! against real PostgreSQL: the index-backed search answers exactly as core's rule (the
//! one the desktop's offline search follows), and an export holds what the same filters
//! list, no more.

use brokerdesk_core::leads::Lead;
use brokerdesk_core::leads::csv::read_import;
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;

async fn owner(app: &TestApp) -> SignedIn {
    signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await)
}

/// GETs `path` with `params` (encoded by reqwest): the status and the body as text.
async fn get(
    app: &TestApp,
    user: &SignedIn,
    path: &str,
    params: &[(&str, String)],
) -> (StatusCode, String) {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .query(params)
        .bearer_auth(&user.access_token)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Every lead the list gives for `params` (filters and sort), following the cursors.
async fn listed(app: &TestApp, user: &SignedIn, params: &[(&str, String)]) -> Vec<Lead> {
    let mut leads = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut query = params.to_vec();
        query.push(("limit", "7".into()));
        query.extend(after.map(|a| ("after", a)));
        let (status, body) = get(app, user, "/v1/leads", &query).await;
        assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        leads.extend(serde_json::from_value::<Vec<Lead>>(page["leads"].clone()).unwrap());
        match page["nextCursor"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => return leads,
        }
    }
}

/// The names in the CSV export for `params`.
async fn exported(app: &TestApp, user: &SignedIn, params: &[(&str, String)]) -> BTreeSet<String> {
    let (status, csv) = get(app, user, "/v1/leads/export", params).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    read_import(&csv)
        .unwrap()
        .into_iter()
        .map(|r| r.changes.name.unwrap())
        .collect()
}

fn p(name: &'static str, value: impl ToString) -> (&'static str, String) {
    (name, value.to_string())
}

fn names(leads: &[Lead]) -> BTreeSet<String> {
    leads.iter().map(|l| l.name.clone()).collect()
}

#[tokio::test]
async fn the_indexed_search_answers_as_the_rule_in_core() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = owner(&app).await;
    for lead in [
        json!({ "name": "Ann Lee", "emails": ["ann@lee.test"], "phones": ["(415) 555-0101"], "tags": ["Waterfront"] }),
        json!({ "name": "Bo Ng", "phones": ["+1 415 555 0102", "+1 212 555 0103"], "notes": "Wants 100% cotton_sails" }),
        json!({ "name": "Cy Annex", "emails": ["cy@annex.example"], "tags": ["vip", "buyer"] }),
        json!({ "name": "Dee", "notes": "Call after 5pm" }),
        json!({ "name": "Zoë Éclair", "tags": ["Côte"] }),
    ] {
        let created = app.post("/v1/leads", &owner.access_token, Some(lead)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    }
    let every = listed(&app, &owner, &[p("sort", "name_asc")]).await;
    for needle in [
        "ann",
        "ANN@",
        "lee ann@",
        "waterfront",
        "(415) 555-01",
        "2125550103",
        "0102 +1",
        "100% cotton",
        "cotton_s",
        "n_s",
        "vip buyer",
        "buyer cy",
        "5pm",
        "éclair",
        "ZOË É",
        "côte",
        "an",
        "e",
        "nobody at all",
    ] {
        let query = LeadListQuery {
            q: Some(needle.into()),
            ..LeadListQuery::default()
        };
        let expected: BTreeSet<String> = every
            .iter()
            .filter(|l| query.matches(l))
            .map(|l| l.name.clone())
            .collect();
        let found = names(&listed(&app, &owner, &[p("q", needle)]).await);
        assert_eq!(found, expected, "search {needle:?}");
    }
}

#[tokio::test]
async fn last_activity_ranges_pick_leads_by_their_latest_chat_or_call() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = owner(&app).await;
    let every = listed(&app, &owner, &[p("sort", "name_asc")]).await;
    let active: Vec<&Lead> = every
        .iter()
        .filter(|l| l.last_activity_at.is_some())
        .collect();
    assert!(
        !active.is_empty(),
        "the demo seed has a lead with a chat and a call"
    );
    let at = active[0].last_activity_at.unwrap();
    let range = |from: DateTime<Utc>, to: DateTime<Utc>| {
        [
            p("activityFrom", from.to_rfc3339()),
            p("activityTo", to.to_rfc3339()),
        ]
    };
    let around = listed(
        &app,
        &owner,
        &range(at - Duration::seconds(1), at + Duration::seconds(1)),
    )
    .await;
    assert!(names(&around).contains(&active[0].name));
    assert!(
        around.iter().all(|l| l.last_activity_at.is_some()),
        "a lead with no activity is outside every activity range"
    );
    let before = listed(&app, &owner, &range(at - Duration::days(400), at)).await;
    assert!(
        !names(&before).contains(&active[0].name),
        "the end is exclusive"
    );
}

#[tokio::test]
async fn the_export_holds_what_the_filters_list() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = owner(&app).await;
    for (name, stage) in [
        ("Exp Ann", "qualified"),
        ("Exp Bo", "qualified"),
        ("Exp Cy", "new"),
    ] {
        let lead = json!({ "name": name, "stage": stage, "tags": ["export-test"] });
        assert_eq!(
            app.post("/v1/leads", &owner.access_token, Some(lead))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let qualified = [p("tag", "export-test"), p("stage", "qualified")];
    let filtered = exported(&app, &owner, &qualified).await;
    assert_eq!(
        filtered,
        BTreeSet::from(["Exp Ann".to_owned(), "Exp Bo".to_owned()])
    );
    assert_eq!(filtered, names(&listed(&app, &owner, &qualified).await));
    assert_eq!(
        exported(&app, &owner, &[p("q", "exp c")]).await,
        BTreeSet::from(["Exp Cy".to_owned()])
    );
    // Without filters, every lead; sort and paging do not cut an export short.
    let all = exported(&app, &owner, &[p("limit", 1), p("sort", "name_asc")]).await;
    assert_eq!(all, names(&listed(&app, &owner, &[]).await));
    let tomorrow = p("createdFrom", (Utc::now() + Duration::days(1)).to_rfc3339());
    let (_, csv) = get(&app, &owner, "/v1/leads/export", &[tomorrow]).await;
    assert_eq!(csv.lines().count(), 1, "the header only: {csv}");
    let (status, _) = get(&app, &owner, "/v1/leads/export", &[p("stage", "won")]).await;
    assert!(status.is_client_error(), "{status}");
}
