//! The lead routes against real PostgreSQL: filtered keyset lists, who may touch which
//! lead, the append-only consent ledger and the call check, CSV import and audited
//! export, and erasure that leaves no personal data behind.

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{Response, SignedIn, signed_in};
use chrono::Timelike;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

async fn as_role(app: &TestApp, tenant: &str, role: &str) -> SignedIn {
    signed_in(
        app.sign_in(tenant, &format!("{role}@{tenant}.test"), DEMO_PASSWORD)
            .await,
    )
}

async fn seeded() -> (TestApp, SignedIn) {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = as_role(&app, "acme", "owner").await;
    (app, owner)
}

async fn create(app: &TestApp, user: &SignedIn, body: Value) -> Value {
    let response = app.post("/v1/leads", &user.access_token, Some(body)).await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    response.body
}

async fn call(
    app: &TestApp,
    user: &SignedIn,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Response {
    app.call(method, path, Some(&user.access_token), body).await
}

fn names(page: &Value) -> Vec<String> {
    page["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_list_filters_searches_and_pages_by_keyset() {
    let (app, owner) = seeded().await;
    for n in 0..23 {
        create(
            &app,
            &owner,
            json!({
                "name": format!("Test Lead {n:02}"),
                "emails": [format!("test{n}@list.test")],
                "phones": [format!("+1415555{:04}", 3000 + n)],
                "stage": if n % 3 == 0 { "qualified" } else { "new" },
                "tags": if n % 2 == 0 { json!(["Waterfront"]) } else { json!([]) },
                "notes": if n == 7 { "Wants a dock for the 100% cotton sail" } else { "" },
            }),
        )
        .await;
    }
    let list = |query: &str| {
        let path = format!("/v1/leads?{query}");
        let app = &app;
        let token = owner.access_token.clone();
        async move { app.get(&path, &token).await }
    };
    let found = |page: &Value| page["leads"].as_array().unwrap().len();

    assert_eq!(found(&list("q=test%20lead&limit=500").await.body), 23);
    assert_eq!(
        found(&list("q=test%20lead&stage=qualified&limit=500").await.body),
        8
    );
    assert_eq!(
        found(&list("q=test%20lead&tag=waterfront&limit=500").await.body),
        12
    );
    assert_eq!(
        names(&list("q=(415)%20555-3007").await.body),
        ["Test Lead 07"]
    );
    assert_eq!(names(&list("q=test13%40list").await.body), ["Test Lead 13"]);
    assert_eq!(
        names(&list("q=100%25%20cotton").await.body),
        ["Test Lead 07"],
        "% is literal"
    );
    let doubled = list("q=100%25%25").await.body;
    assert_eq!(found(&doubled), 0, "{doubled}");
    assert_eq!(found(&list("source=chatbot&q=test%20lead").await.body), 0);
    let future = "2099-01-01T00:00:00Z";
    assert_eq!(
        found(
            &list(&format!("q=test%20lead&createdFrom={future}"))
                .await
                .body
        ),
        0
    );
    assert_eq!(
        found(
            &list(&format!("q=test%20lead&updatedTo={future}&limit=500"))
                .await
                .body
        ),
        23
    );

    // Pages of 5 by name: every lead once, in order, whatever the page boundaries.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let cursor = after
            .as_ref()
            .map(|c| format!("&after={c}"))
            .unwrap_or_default();
        let page = list(&format!("q=test%20lead&sort=name_asc&limit=5{cursor}"))
            .await
            .body;
        seen.extend(names(&page));
        match page["nextCursor"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..23).map(|n| format!("Test Lead {n:02}")).collect();
    assert_eq!(seen, expected);
    // Newest first, by the default order, paged the same way.
    let first = list("q=test%20lead&limit=10").await.body;
    let second = list(&format!(
        "q=test%20lead&limit=10&after={}",
        first["nextCursor"].as_str().unwrap()
    ))
    .await
    .body;
    let both: BTreeSet<String> = names(&first).into_iter().chain(names(&second)).collect();
    assert_eq!(both.len(), 20);
    assert!(names(&first).contains(&"Test Lead 22".to_owned()));

    let forged = list("after=not-a-cursor").await;
    assert_eq!(
        (forged.status, forged.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor")
    );
}

#[tokio::test]
async fn agents_touch_only_their_leads_and_viewers_never_write() {
    let (app, owner) = seeded().await;
    let agent = as_role(&app, "acme", "agent").await;
    let viewer = as_role(&app, "acme", "viewer").await;
    let admin = as_role(&app, "acme", "admin").await;

    let theirs = create(&app, &owner, json!({ "name": "Unassigned Ursula" })).await;
    let mine = create(&app, &agent, json!({ "name": "Agent's Own Ann" })).await;
    assert_eq!(
        mine["assignedAgent"],
        agent.user_id.as_str(),
        "an agent's lead is theirs"
    );

    let listed = names(
        &app.get("/v1/leads?limit=500", &agent.access_token)
            .await
            .body,
    );
    assert!(
        listed.contains(&"Agent's Own Ann".to_owned()) && listed.contains(&"Lena Novak".to_owned())
    );
    assert!(
        !listed.contains(&"Unassigned Ursula".to_owned())
            && !listed.contains(&"Maya Chen".to_owned())
    );

    let other = format!("/v1/leads/{}", theirs["id"].as_str().unwrap());
    for (method, path, body) in [
        (Method::GET, other.clone(), None),
        (
            Method::PATCH,
            other.clone(),
            Some(json!({ "stage": "contacted" })),
        ),
        (Method::GET, format!("{other}/consents"), None),
        (Method::GET, format!("{other}/activity"), None),
        (
            Method::POST,
            format!("{other}/consents"),
            Some(json!({ "channel": "call", "action": "revoked", "covers": "+14155552671" })),
        ),
    ] {
        let response = call(&app, &agent, method.clone(), &path, body).await;
        assert_eq!(
            response.status,
            StatusCode::NOT_FOUND,
            "agent {method} {path}: {:?}",
            response.body
        );
    }
    let own = format!("/v1/leads/{}", mine["id"].as_str().unwrap());
    let handed_off = call(
        &app,
        &agent,
        Method::PATCH,
        &own,
        Some(json!({ "assignedAgent": admin.user_id })),
    )
    .await;
    assert_eq!(
        handed_off.status,
        StatusCode::FORBIDDEN,
        "agents assign only to themselves"
    );
    let erased = call(&app, &agent, Method::DELETE, &own, None).await;
    assert_eq!(erased.status, StatusCode::FORBIDDEN, "agents cannot erase");
    assert_eq!(
        call(
            &app,
            &agent,
            Method::PATCH,
            &own,
            Some(json!({ "stage": "contacted" }))
        )
        .await
        .status,
        StatusCode::OK
    );

    for (method, path, body) in [
        (
            Method::POST,
            "/v1/leads".to_owned(),
            Some(json!({ "name": "Viewer Vera" })),
        ),
        (Method::PATCH, own.clone(), Some(json!({ "stage": "lost" }))),
        (Method::DELETE, own.clone(), None),
        (
            Method::POST,
            "/v1/dnc".to_owned(),
            Some(json!({ "phone": "+14155552671" })),
        ),
    ] {
        let response = call(&app, &viewer, method.clone(), &path, body).await;
        assert_eq!(
            (response.status, response.code()),
            (StatusCode::FORBIDDEN, "forbidden"),
            "viewer {method} {path}"
        );
    }
    assert_eq!(
        app.get(&own, &viewer.access_token).await.status,
        StatusCode::OK,
        "viewers read every lead"
    );
    let still = app.get(&own, &owner.access_token).await.body;
    assert_eq!(still["stage"], "contacted");

    // Another tenant's ids are "no such lead", for reading and writing alike.
    let summit = as_role(&app, "summit", "owner").await;
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let body = (method == Method::PATCH).then(|| json!({ "name": "Stolen" }));
        let response = call(&app, &summit, method.clone(), &own, body).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "summit {method}");
    }
    assert_eq!(
        app.get(&own, &owner.access_token).await.body["name"],
        "Agent's Own Ann"
    );
}

/// A fixed-offset zone where it is now early afternoon, so the calling window is open
/// whatever time the test runs.
fn zone_at_midday() -> String {
    let hour = chrono::Utc::now().hour() as i32;
    let offset = (13 - hour + 24) % 24;
    let offset = if offset > 12 { offset - 24 } else { offset };
    // Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
    match offset {
        0 => "Etc/GMT".to_owned(),
        o if o > 0 => format!("Etc/GMT-{o}"),
        o => format!("Etc/GMT+{}", -o),
    }
}

#[tokio::test]
async fn consent_is_append_only_and_decides_the_call_check_at_once() {
    let (app, owner) = seeded().await;
    let lead = create(
        &app,
        &owner,
        json!({ "name": "Carla Consent", "phones": ["+14155550123", "+14155550124"], "timeZone": zone_at_midday() }),
    )
    .await;
    let path = format!("/v1/leads/{}", lead["id"].as_str().unwrap());
    let check = |phone: &str, kind: &str| {
        let path = format!(
            "{path}/call-check?phone={}&kind={kind}",
            phone.replace('+', "%2B")
        );
        let token = owner.access_token.clone();
        let app = &app;
        async move { app.get(&path, &token).await.body }
    };
    assert_eq!(
        check("+14155550123", "ai_voice").await["reason"],
        "no_written_consent"
    );
    assert_eq!(check("+14155550123", "human").await["reason"], "allowed");

    let grant = json!({
        "channel": "call", "action": "granted", "written": true, "covers": "(415) 555-0123",
        "text": "Yes, call me, AI voice included.", "capturedWhere": "https://acme.test/form"
    });
    let added = call(
        &app,
        &owner,
        Method::POST,
        &format!("{path}/consents"),
        Some(grant),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    assert_eq!(added.body["covers"], "+14155550123");
    let decision = check("+14155550123", "ai_voice").await;
    assert_eq!(
        (decision["allowed"].as_bool(), decision["reason"].as_str()),
        (Some(true), Some("allowed")),
        "{decision}"
    );
    assert_eq!(
        check("+14155550124", "ai_voice").await["reason"],
        "no_written_consent",
        "one number's consent is not another's"
    );

    let revoke = json!({ "channel": "call", "action": "revoked", "covers": "+14155550123", "text": "Stop calling." });
    call(
        &app,
        &owner,
        Method::POST,
        &format!("{path}/consents"),
        Some(revoke),
    )
    .await;
    assert_eq!(
        check("+14155550123", "ai_voice").await["reason"],
        "consent_revoked"
    );
    assert_eq!(
        check("+14155550123", "human").await["reason"],
        "consent_revoked"
    );

    let dnc = call(
        &app,
        &owner,
        Method::POST,
        "/v1/dnc",
        Some(json!({ "phone": "415-555-0124" })),
    )
    .await;
    assert_eq!(dnc.status, StatusCode::CREATED);
    assert_eq!(
        check("+14155550124", "human").await["reason"],
        "on_do_not_call_list"
    );
    let agent = as_role(&app, "acme", "agent").await;
    let dnc_id = dnc.body["id"].as_str().unwrap();
    let removed = call(
        &app,
        &agent,
        Method::DELETE,
        &format!("/v1/dnc/{dnc_id}"),
        None,
    )
    .await;
    assert_eq!(
        removed.status,
        StatusCode::FORBIDDEN,
        "agents add to the list but do not take off it"
    );
    assert_eq!(
        call(
            &app,
            &owner,
            Method::DELETE,
            &format!("/v1/dnc/{dnc_id}"),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(check("+14155550124", "human").await["reason"], "allowed");

    let ledger = app
        .get(&format!("{path}/consents"), &owner.access_token)
        .await
        .body;
    assert_eq!(
        ledger.as_array().unwrap().len(),
        2,
        "the revocation is an entry of its own"
    );
    assert_eq!(ledger[0]["action"], "granted");

    // The ledger refuses edits and deletions, to the owner of the tables and superusers
    // too, and the API's role holds no such rights to begin with.
    let admin = app.db.admin_pool().await;
    for statement in [
        "update consent_entries set consent_text = 'I agreed to nothing'",
        "update consent_entries set action = 'granted'",
        "delete from consent_entries",
        "truncate consent_entries",
    ] {
        let refused = sqlx::query(statement).execute(&admin).await.unwrap_err();
        assert!(
            refused.to_string().contains("append-only"),
            "{statement}: {refused}"
        );
    }
    let grants: Vec<(String, String)> = sqlx::query_as(
        "select privilege_type, coalesce(column_name, '') from information_schema.column_privileges
          where table_name = 'consent_entries' and grantee = 'brokerdesk_app' and privilege_type not in ('SELECT', 'INSERT')",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    assert_eq!(grants, [("UPDATE".to_owned(), "version".to_owned())]);
    let table_rights: Vec<String> = sqlx::query_scalar(
        "select privilege_type from information_schema.table_privileges
          where table_name = 'consent_entries' and grantee = 'brokerdesk_app' order by 1",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    assert_eq!(table_rights, ["INSERT", "SELECT"]);
}

#[tokio::test]
async fn import_previews_each_row_and_applies_only_what_the_user_chose() {
    let (app, owner) = seeded().await;
    let file = "name,emails,phones,stage,assignedAgent\n\
                Ida Import,ida@import.test,(415) 555-0131,qualified,agent@acme.test\n\
                ,nobody@import.test,,,\n\
                Jon Import,jon@import,,,\n\
                Kim Import,,,,viewer@acme.test\n\
                Lou Import,lou@import.test,,nurture,\n";
    let preview = app
        .post(
            "/v1/leads/import/preview",
            &owner.access_token,
            Some(json!({ "csv": file })),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    assert_eq!(
        (
            preview.body["validRows"].as_u64(),
            preview.body["invalidRows"].as_u64()
        ),
        (Some(2), Some(3))
    );
    let rows = preview.body["rows"].as_array().unwrap();
    let codes: Vec<(u64, String)> = rows
        .iter()
        .filter(|r| r["valid"] == false)
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["errors"][0]["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            (3, "invalid_lead_name".into()),
            (4, "invalid_lead_email".into()),
            (5, "invalid_lead_agent".into())
        ]
    );
    assert_eq!(
        names(
            &app.get("/v1/leads?q=import", &owner.access_token)
                .await
                .body
        )
        .len(),
        0,
        "a preview writes nothing"
    );

    let refused = app
        .post(
            "/v1/leads/import",
            &owner.access_token,
            Some(json!({ "csv": file })),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "import_has_invalid_rows")
    );
    assert_eq!(
        names(
            &app.get("/v1/leads?q=import", &owner.access_token)
                .await
                .body
        )
        .len(),
        0
    );

    let applied = app
        .post(
            "/v1/leads/import",
            &owner.access_token,
            Some(json!({ "csv": file, "skipInvalidRows": true })),
        )
        .await;
    assert_eq!(applied.status, StatusCode::CREATED, "{:?}", applied.body);
    assert_eq!(applied.body["skippedLines"], json!([3, 4, 5]));
    let mut imported = names(
        &app.get("/v1/leads?q=import", &owner.access_token)
            .await
            .body,
    );
    imported.sort();
    assert_eq!(imported, ["Ida Import", "Lou Import"]);
    let ida = &app
        .get("/v1/leads?q=ida%40import", &owner.access_token)
        .await
        .body["leads"][0];
    let agent = as_role(&app, "acme", "agent").await;
    assert_eq!(
        (ida["assignedAgent"].as_str(), ida["source"].as_str()),
        (Some(agent.user_id.as_str()), Some("import"))
    );

    let agent_import = app
        .post(
            "/v1/leads/import/preview",
            &agent.access_token,
            Some(json!({ "csv": file })),
        )
        .await;
    assert_eq!(agent_import.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_export_is_in_the_trail_and_reimports_cleanly() {
    let (app, owner) = seeded().await;
    let response = reqwest::Client::new()
        .get(format!("{}/v1/leads/export", app.address))
        .bearer_auth(&owner.access_token)
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
    assert!(csv.starts_with("id,name,emails,phones"));
    assert!(
        csv.contains("Maya Chen") && csv.contains("agent@acme.test"),
        "{csv}"
    );

    let trail = app
        .get("/v1/audit?limit=500", &owner.access_token)
        .await
        .body;
    let exports: Vec<&Value> = trail["entries"]
        .as_array()
        .or(trail.as_array())
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "leads.exported")
        .collect();
    assert_eq!(exports.len(), 1, "{trail}");
    assert_eq!(exports[0]["details"]["leads"], 3);

    let preview = app
        .post(
            "/v1/leads/import/preview",
            &owner.access_token,
            Some(json!({ "csv": csv })),
        )
        .await;
    assert_eq!(preview.body["invalidRows"], 0, "{:?}", preview.body);
    let agent = as_role(&app, "acme", "agent").await;
    let denied = app.get("/v1/leads/export", &agent.access_token).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn erasure_removes_personal_data_everywhere_and_leaves_tombstones() {
    let (app, owner) = seeded().await;
    let maya = app.get("/v1/leads?q=maya", &owner.access_token).await.body["leads"][0].clone();
    let id = maya["id"].as_str().unwrap().to_owned();
    let activity = app
        .get(&format!("/v1/leads/{id}/activity"), &owner.access_token)
        .await
        .body;
    assert_eq!(activity["calls"].as_array().unwrap().len(), 1);

    let admin_user = as_role(&app, "acme", "admin").await;
    let erased = call(
        &app,
        &admin_user,
        Method::DELETE,
        &format!("/v1/leads/{id}"),
        None,
    )
    .await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT, "{:?}", erased.body);
    assert_eq!(
        app.get(&format!("/v1/leads/{id}"), &owner.access_token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            &admin_user,
            Method::DELETE,
            &format!("/v1/leads/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    // Nothing anywhere in the database still names her: every table, as text.
    let admin = app.db.admin_pool().await;
    // Summit's demo data has a Maya Chen of its own; only acme's rows are looked at.
    let acme = owner.tenant_id.clone();
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    for table in tables {
        let hits: i64 = sqlx::query_scalar(&format!(
            "select count(*) from {table} x
              where row_to_json(x)::text ilike any(array['%maya%', '%chen@%', '%5550142%', '%noe valley%'])
                and coalesce(row_to_json(x) ->> 'tenant_id', $1) = $1"
        ))
        .bind(&acme)
        .fetch_one(&admin)
        .await
        .unwrap();
        assert_eq!(
            hits, 0,
            "{table} still holds the erased lead's personal data"
        );
    }
    let tombstoned: Vec<String> = sqlx::query_scalar("select entity from sync_tombstones where version = (select max(version) from sync_tombstones) order by entity")
        .fetch_all(&admin)
        .await
        .unwrap();
    assert_eq!(tombstoned, ["call", "consent", "conversation", "lead"]);
    let trail = app
        .get("/v1/audit?limit=500", &owner.access_token)
        .await
        .body
        .to_string();
    assert!(trail.contains("lead.erased"));
}
