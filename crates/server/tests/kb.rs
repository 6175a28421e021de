//! The knowledge base end to end: drafts, the publish gate of the fair-housing lint
//! (blocks refuse, warnings need an acknowledgement that lands in the audit trail), the
//! chatbot's search (published text only, never another tenant's), history, delete as a
//! tombstone, uploads (storage quota, unreadable files leave nothing behind) and the
//! unanswered questions.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{Response, SignedIn, signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn member(app: &TestApp, tenant: &str, role: &str) -> SignedIn {
    signed_in(
        app.sign_in(tenant, &format!("{role}@{tenant}.test"), DEMO_PASSWORD)
            .await,
    )
}

async fn make_key(app: &TestApp, owner: &SignedIn, scopes: &[&str]) -> String {
    let response = app
        .post(
            "/v1/api-keys",
            &owner.access_token,
            Some(json!({ "name": "Chatbot", "scopes": scopes })),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    response.body["key"].as_str().unwrap().to_owned()
}

fn document(title: &str, markdown: &str) -> Value {
    json!({
        "title": title, "tags": ["test"], "collection": null,
        "content": { "kind": "document", "markdown": markdown, "file": null }
    })
}

/// Adds a document as `who`; returns the item's id.
async fn add(app: &TestApp, who: &SignedIn, title: &str, markdown: &str) -> String {
    let added = app
        .post(
            "/v1/kb/items",
            &who.access_token,
            Some(document(title, markdown)),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    added.body["item"]["id"].as_str().unwrap().to_owned()
}

async fn publish(app: &TestApp, who: &SignedIn, id: &str, acknowledge: bool) -> Response {
    app.post(
        &format!("/v1/kb/items/{id}/publish"),
        &who.access_token,
        Some(json!({ "note": "Reviewed", "acknowledgeWarnings": acknowledge })),
    )
    .await
}

/// The titles and texts the search answers `credential` (a key or a token) with.
async fn search(app: &TestApp, credential: &str, question: &str) -> Vec<Value> {
    let found = app
        .post(
            "/v1/kb/search",
            credential,
            Some(json!({ "question": question, "topK": 10 })),
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    found.body.as_array().unwrap().clone()
}

fn texts(hits: &[Value]) -> String {
    serde_json::to_string(hits).unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_chatbot_finds_published_text_of_its_own_tenant_only() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = member(&app, "acme", "owner").await;
    let summit = member(&app, "summit", "owner").await;
    let acme_key = make_key(&app, &acme, &["kb:read"]).await;
    let summit_key = make_key(&app, &summit, &["kb:read"]).await;

    // The demo knowledge base answers acme's chatbot, with what the chatbot needs.
    let hits = search(&app, &acme_key, "how much earnst mony do I need").await;
    assert_eq!(hits[0]["title"], "Earnest money deposit", "{hits:?}");
    assert!(hits[0]["versionId"].is_string() && hits[0]["score"].as_f64().unwrap() > 0.0);
    assert!(hits[0]["text"].as_str().unwrap().contains("escrow"));
    assert_eq!(
        hits[0]["headingPath"][0],
        "How much earnest money do I need?"
    );

    // Summit publishes its own; neither key ever sees the other's text.
    let own = add(
        &app,
        &summit,
        "Summit parking",
        "Park behind the Summit office on Pine Street.",
    )
    .await;
    assert_eq!(
        publish(&app, &summit, &own, false).await.status,
        StatusCode::CREATED
    );
    for question in [
        "earnest money deposit escrow",
        "parking office",
        "closing costs",
    ] {
        let found = texts(&search(&app, &summit_key, question).await);
        assert!(
            !found.contains("Earnest") && !found.contains("Acme"),
            "{found}"
        );
        let found = texts(&search(&app, &acme_key, question).await);
        assert!(!found.contains("Pine Street"), "{found}");
    }
    assert!(texts(&search(&app, &summit_key, "parking").await).contains("Pine Street"));

    // Filters: a tag or a collection the hit must have.
    let filtered = app
        .post(
            "/v1/kb/search",
            &acme_key,
            Some(json!({ "question": "closing costs", "collection": "Seller FAQ" })),
        )
        .await;
    let titles: Vec<&str> = filtered
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Seller closing costs") && !titles.contains(&"Closing costs for buyers"),
        "{titles:?}"
    );

    // Who may search: keys with kb:read, owners and admins; not agents, not other scopes.
    let leads_key = make_key(&app, &acme, &["leads:ingest"]).await;
    let agent = member(&app, "acme", "agent").await;
    let body = json!({ "question": "parking" });
    let refused = app
        .post("/v1/kb/search", &leads_key, Some(body.clone()))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "missing_scope")
    );
    let refused = app
        .post("/v1/kb/search", &agent.access_token, Some(body.clone()))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let admin = member(&app, "acme", "admin").await;
    assert_eq!(
        app.post("/v1/kb/search", &admin.access_token, Some(body))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn drafts_and_unpublished_items_never_reach_the_search() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = member(&app, "acme", "owner").await;
    let key = make_key(&app, &owner, &["kb:read"]).await;
    let id = add(
        &app,
        &owner,
        "Quokka policy",
        "Our quokkapolicy covers lockbox codes.",
    )
    .await;
    assert!(
        search(&app, &key, "quokkapolicy").await.is_empty(),
        "a draft is not searchable"
    );

    assert_eq!(
        publish(&app, &owner, &id, false).await.status,
        StatusCode::CREATED
    );
    assert_eq!(search(&app, &key, "quokkapolicy").await.len(), 1);

    // A new draft leaves the published text live until it is published.
    let saved = app
        .call(
            Method::PUT,
            &format!("/v1/kb/items/{id}"),
            Some(&owner.access_token),
            Some(document(
                "Quokka policy",
                "Now the flamingorule covers lockbox codes.",
            )),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(saved.body["item"]["state"], "changed");
    assert!(search(&app, &key, "flamingorule").await.is_empty());
    assert_eq!(search(&app, &key, "quokkapolicy").await.len(), 1);

    let unpublished = app
        .post(
            &format!("/v1/kb/items/{id}/unpublish"),
            &owner.access_token,
            None,
        )
        .await;
    assert_eq!(unpublished.status, StatusCode::NO_CONTENT);
    assert!(search(&app, &key, "quokkapolicy").await.is_empty());
    assert!(search(&app, &key, "flamingorule").await.is_empty());
}

#[tokio::test]
async fn agents_read_but_cannot_edit_or_publish() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = member(&app, "acme", "owner").await;
    let agent = member(&app, "acme", "agent").await;
    let id = add(
        &app,
        &owner,
        "Lockboxes",
        "Lockbox codes are in the showing app.",
    )
    .await;

    let listed = app.get("/v1/kb/items", &agent.access_token).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.body.as_array().unwrap().len() > 40);
    let refused = publish(&app, &agent, &id, true).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let refused = app
        .post(
            "/v1/kb/items",
            &agent.access_token,
            Some(document("Mine", "Text.")),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = app
        .call(
            Method::DELETE,
            &format!("/v1/kb/items/{id}"),
            Some(&agent.access_token),
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(&app, "select count(*) from kb_versions v join kb_items i on i.id = v.item_id where i.draft->>'title' = 'Lockboxes'").await,
        0
    );
}

#[tokio::test]
async fn block_findings_refuse_and_warnings_need_an_audited_acknowledgement() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = member(&app, "acme", "owner").await;

    // Findings come back on save already.
    let added = app
        .post(
            "/v1/kb/items",
            &owner.access_token,
            Some(document("Condo", "This condo is for adults only.")),
        )
        .await;
    assert_eq!(added.body["findings"][0]["finding"]["severity"], "block");
    let blocked = added.body["item"]["id"].as_str().unwrap().to_owned();
    for acknowledge in [false, true] {
        let refused = publish(&app, &owner, &blocked, acknowledge).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "kb_lint_blocked")
        );
        assert_eq!(
            refused.body["findings"][0]["finding"]["class"],
            "familial_status"
        );
        assert_eq!(refused.body["findings"][0]["field"], "body");
    }

    let warned = add(
        &app,
        &owner,
        "Maple Street",
        "Three bedrooms, perfect for families.",
    )
    .await;
    let refused = publish(&app, &owner, &warned, false).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "kb_lint_unacknowledged")
    );
    assert_eq!(
        refused.body["findings"][0]["finding"]["text"],
        "perfect for families"
    );
    assert_eq!(
        count(&app, "select count(*) from kb_versions v join kb_items i on i.id = v.item_id where i.draft->>'title' in ('Condo', 'Maple Street')").await,
        0,
        "nothing refused was published"
    );

    let published = publish(&app, &owner, &warned, true).await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{:?}",
        published.body
    );
    assert_eq!(published.body["number"], 1);
    let details: Value = sqlx::query_scalar(
        "select details from audit_entries where action = 'kb.published' and target = $1",
    )
    .bind(&warned)
    .fetch_one(&app.db.admin_pool().await)
    .await
    .unwrap();
    assert_eq!(
        details["acknowledgedWarnings"][0]["text"], "perfect for families",
        "{details}"
    );
    assert_eq!(
        details["acknowledgedWarnings"][0]["class"],
        "familial_status"
    );
    assert_eq!(details["versionId"], published.body["id"]);
}

#[tokio::test]
async fn history_diff_restore_and_delete_as_a_tombstone() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = member(&app, "acme", "owner").await;
    let key = make_key(&app, &owner, &["kb:read"]).await;
    let id = add(&app, &owner, "Keys", "Keys are handed over at closing.").await;
    let first = publish(&app, &owner, &id, false).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/kb/items/{id}");
    app.call(
        Method::PUT,
        &path,
        Some(&owner.access_token),
        Some(document("Keys", "Keys are handed over after funding.")),
    )
    .await;
    let second = publish(&app, &owner, &id, false).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let history = app
        .get(&format!("{path}/versions"), &owner.access_token)
        .await;
    let numbers: Vec<i64> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1]);
    assert_eq!(history.body[0]["note"], "Reviewed");
    let diff = app
        .get(
            &format!("{path}/diff?from={first}&to={second}"),
            &owner.access_token,
        )
        .await;
    assert_eq!(
        (
            diff.body["inserted"].as_i64(),
            diff.body["deleted"].as_i64()
        ),
        (Some(1), Some(1)),
        "{:?}",
        diff.body
    );

    let restored = app
        .post(
            &format!("{path}/versions/{first}/restore"),
            &owner.access_token,
            None,
        )
        .await;
    assert_eq!(restored.status, StatusCode::OK, "{:?}", restored.body);
    assert_eq!(restored.body["item"]["state"], "changed");
    assert_eq!(
        restored.body["item"]["draft"]["content"]["markdown"],
        "Keys are handed over at closing."
    );
    assert!(
        texts(&search(&app, &key, "handed over keys").await).contains("after funding"),
        "a restored draft is not live until published"
    );

    let (before, _) = app.pull_all(&owner.access_token, 500).await;
    assert!(
        before
            .iter()
            .any(|c| c["entity"] == "kb_chunk" && c["data"]["itemId"] == id.as_str())
    );
    let deleted = app
        .call(Method::DELETE, &path, Some(&owner.access_token), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(!texts(&search(&app, &key, "handed over keys").await).contains("funding"));
    assert_eq!(
        app.get(&path, &owner.access_token).await.status,
        StatusCode::NOT_FOUND
    );
    let tombstones = count(
        &app,
        &format!(
            "select count(*) from sync_tombstones where (entity = 'kb_item' and id = '{id}')
                or (entity = 'kb_version' and id in ('{first}', '{second}'))"
        ),
    )
    .await;
    assert_eq!(tombstones, 3);
    assert!(
        count(
            &app,
            "select count(*) from sync_tombstones where entity = 'kb_chunk'"
        )
        .await
            >= 2
    );
    // An agent's cache hears of the delete too.
    let agent = member(&app, "acme", "agent").await;
    let (changes, _) = app.pull_all(&agent.access_token, 500).await;
    let gone = changes
        .iter()
        .find(|c| c["entity"] == "kb_item" && c["id"] == id.as_str())
        .expect("a tombstone");
    assert!(gone["data"].is_null());
}

fn upload(name: &str, media_type: &str, bytes: &[u8]) -> Value {
    json!({ "fileName": name, "mediaType": media_type, "contentBase64": STANDARD.encode(bytes) })
}

#[tokio::test]
async fn uploads_are_extracted_counted_and_refused_whole() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = member(&app, "acme", "owner").await;
    let html =
        b"<html><body><h1>Move-in day</h1><p>Elevators are booked &amp; padded.</p></body></html>";
    let made = app
        .post(
            "/v1/kb/uploads",
            &owner.access_token,
            Some(upload("Move-in.html", "text/html", html)),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    assert_eq!(made.body["item"]["draft"]["title"], "Move-in");
    let content = &made.body["item"]["draft"]["content"];
    assert_eq!(
        content["markdown"],
        "# Move-in day\n\nElevators are booked & padded."
    );
    assert_eq!(content["file"]["sizeBytes"], html.len());
    let usage = app.get("/v1/plan", &owner.access_token).await;
    assert!(
        usage
            .body
            .to_string()
            .contains(&format!("\"storageBytes\":{}", html.len())),
        "{:?}",
        usage.body
    );

    let items = count(&app, "select count(*) from kb_items").await;
    let files = count(&app, "select count(*) from kb_files").await;
    for (body, code) in [
        (
            upload("bad.txt", "text/plain", &[0xff, 0xfe, 0x41]),
            "kb_unreadable_file",
        ),
        (
            upload("empty.html", "text/html", b"<p>  </p>"),
            "kb_unreadable_file",
        ),
        (
            upload("scan.png", "image/png", b"PNG"),
            "kb_unsupported_file",
        ),
        (
            json!({ "fileName": "x.txt", "mediaType": "text/plain", "contentBase64": "%%%" }),
            "kb_unreadable_file",
        ),
    ] {
        let refused = app
            .post("/v1/kb/uploads", &owner.access_token, Some(body))
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code)
        );
    }
    assert_eq!(count(&app, "select count(*) from kb_items").await, items);
    assert_eq!(count(&app, "select count(*) from kb_files").await, files);

    // On the Free plan (1 GB), a tenant at its limit cannot add a byte.
    app.set_plan("acme", "free").await;
    let item: String = made.body["item"]["id"].as_str().unwrap().to_owned();
    sqlx::query(
        "insert into kb_files (tenant_id, id, item_id, name, media_type, size_bytes, sha256, content)
         select tenant_id, gen_random_uuid(), id, 'big.pdf', 'application/pdf', 1000000000 - $2, 'x', '\\x00'
           from kb_items where id = $1::uuid",
    )
    .bind(&item)
    .bind(html.len() as i64)
    .execute(&app.db.admin_pool().await)
    .await
    .unwrap();
    let refused = app
        .post(
            "/v1/kb/uploads",
            &owner.access_token,
            Some(upload("more.md", "text/markdown", b"# More\nText.")),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "quota_exceeded"),
        "{:?}",
        refused.body
    );
    assert_eq!(count(&app, "select count(*) from kb_items").await, items);
}

#[tokio::test]
async fn unanswered_questions_are_grouped_and_answered_as_qa_drafts() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = member(&app, "acme", "owner").await;
    let key = make_key(&app, &owner, &["kb:read"]).await;
    for (question, reason) in [
        ("Do you allow pets in rentals?", "no_answer"),
        ("do you allow PETS in rentals", "no_answer"),
        ("Do you allow pets in rentals?!", "thumbs_down"),
        ("Where is the nearest notary?", "no_answer"),
    ] {
        let reported = app
            .post(
                "/v1/integrations/kb/unanswered",
                &key,
                Some(json!({ "question": question, "reason": reason })),
            )
            .await;
        assert_eq!(reported.status, StatusCode::ACCEPTED, "{:?}", reported.body);
    }
    let agent = member(&app, "acme", "agent").await;
    assert_eq!(
        app.get("/v1/kb/unanswered", &agent.access_token)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let groups = app.get("/v1/kb/unanswered", &owner.access_token).await.body;
    assert_eq!(groups[0]["key"], "do you allow pets in rentals");
    assert_eq!(
        (
            groups[0]["noAnswerCount"].as_i64(),
            groups[0]["thumbsDownCount"].as_i64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(groups.as_array().unwrap().len(), 2);

    let answered = app
        .post(
            "/v1/kb/unanswered/answer",
            &owner.access_token,
            Some(json!({ "key": "do you allow pets in rentals" })),
        )
        .await;
    assert_eq!(answered.status, StatusCode::CREATED, "{:?}", answered.body);
    let draft = &answered.body["item"]["draft"];
    assert_eq!(draft["content"]["kind"], "qa");
    assert_eq!(
        draft["content"]["question"],
        "Do you allow pets in rentals?!"
    );
    assert_eq!(answered.body["item"]["state"], "draft");
    let groups = app.get("/v1/kb/unanswered", &owner.access_token).await.body;
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["key"], "where is the nearest notary");
}
