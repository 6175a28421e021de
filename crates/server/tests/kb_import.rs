//! The knowledge base's sources end to end: web pages imported from a URL or a sitemap
//! (from a page server the test runs on 127.0.0.1, allowed by the operator setting),
//! behind the SSRF guard, robots.txt and the size and time limits; re-fetching a page
//! into its draft; PDF and DOCX uploads; and the tenant's license state in the lint.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode as AxumStatus, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use brokerdesk_server::kb::upload::samples;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// What the page server serves at /faq, changed by the test to see a re-fetch.
type Faq = Arc<Mutex<String>>;

/// A small web site on 127.0.0.1: pages, sitemaps, a robots.txt with a Disallow, a page
/// too big, a slow one and a redirect to an address nobody allowed.
async fn page_server(faq: Faq) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let sitemap = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>{base}/faq</loc></url>
          <url><loc>{base}/hours</loc></url>
          <url><loc>{base}/private/notes</loc></url>
          <url><loc>{base}/big</loc></url>
          <url><loc>{base}/slow</loc></url>
          <url><loc>{base}/escape</loc></url>
          <url><loc>{base}/logo.png</loc></url>
          <url><loc>http://elsewhere.test/page</loc></url>
        </urlset>"#
    );
    let small = format!(
        r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>{base}/faq</loc></url><url><loc>{base}/hours</loc></url></urlset>"#
    );
    let index = format!(
        r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>{base}/small.xml</loc></sitemap></sitemapindex>"#
    );
    let xml =
        |body: String| move || async move { ([(header::CONTENT_TYPE, "application/xml")], body) };
    let html =
        |body: &'static str| move || async move { ([(header::CONTENT_TYPE, "text/html")], body) };
    // Port 1 on loopback: the guard refuses it before anything connects.
    let escape = "http://127.0.0.1:1/admin".to_owned();
    let app = Router::new()
        .route(
            "/robots.txt",
            get(|| async { "User-agent: *\nDisallow: /private\n" }),
        )
        .route(
            "/faq",
            get(|State(faq): State<Faq>| async move {
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], faq.lock().unwrap().clone())
            }),
        )
        .route(
            "/hours",
            get(html("<html><head><title>Office hours</title></head><body><p>Open nine to five.</p></body></html>")),
        )
        .route("/private/notes", get(html("<p>Internal notes.</p>")))
        .route(
            "/big",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<p>big</p>".repeat(300_000)) }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(12)).await;
                ([(header::CONTENT_TYPE, "text/html")], "<p>late</p>")
            }),
        )
        .route("/escape", get(move || async move { Redirect::temporary(&escape) }))
        .route(
            "/moved",
            get(|| async { Redirect::permanent("/hours") }),
        )
        .route(
            "/logo.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], "PNG").into_response() }),
        )
        .route("/gone", get(|| async { AxumStatus::NOT_FOUND }))
        .route("/sitemap.xml", get(xml(sitemap)))
        .route("/small.xml", get(xml(small)))
        .route("/index.xml", get(xml(index)))
        .with_state(faq);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    port
}

const FAQ: &str = "<html><head><title>Buyer FAQ</title></head><body><h1>Buyer FAQ</h1>\
    <p>Earnest money is held in escrow.</p></body></html>";

async fn member(app: &TestApp, role: &str) -> SignedIn {
    signed_in(
        app.sign_in("acme", &format!("{role}@acme.test"), DEMO_PASSWORD)
            .await,
    )
}

/// The API allowed to fetch from the page server, with the demo data.
async fn app_with_pages() -> (TestApp, String, Faq) {
    let faq: Faq = Arc::new(Mutex::new(FAQ.to_owned()));
    let port = page_server(faq.clone()).await;
    let app = TestApp::spawn_with(|config| {
        config.kb_fetch_allow_hosts = vec![format!("127.0.0.1:{port}")];
    })
    .await;
    seed_demo(&app.db.args).await.unwrap();
    (app, format!("http://127.0.0.1:{port}"), faq)
}

async fn import(
    app: &TestApp,
    who: &SignedIn,
    body: Value,
) -> brokerdesk_server::testing::api::Response {
    app.post("/v1/kb/imports", &who.access_token, Some(body))
        .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap()
}

fn skip_codes(outcome: &Value) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> = outcome["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let url = s["url"].as_str().unwrap();
            let path = url.rsplit_once('/').map_or(url, |(_, p)| p).to_owned();
            (path, s["code"].as_str().unwrap().to_owned())
        })
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn a_sitemap_becomes_drafts_and_what_it_skipped_is_reported() {
    let (app, base, _faq) = app_with_pages().await;
    let owner = member(&app, "owner").await;
    let started = std::time::Instant::now();
    let imported = import(
        &app,
        &owner,
        json!({ "url": format!("{base}/sitemap.xml"), "sitemap": true, "tags": ["web"] }),
    )
    .await;
    assert_eq!(imported.status, StatusCode::OK, "{:?}", imported.body);
    assert!(
        started.elapsed() < Duration::from_secs(27),
        "{:?}",
        started.elapsed()
    );
    let outcome = &imported.body;
    let added = outcome["added"].as_array().unwrap();
    let mut titles: Vec<&str> = added
        .iter()
        .map(|i| i["draft"]["title"].as_str().unwrap())
        .collect();
    titles.sort();
    assert_eq!(titles, ["Buyer FAQ", "Office hours"]);
    for item in added {
        assert_eq!(item["state"], "draft", "{item}");
        assert!(item["published"].is_null());
        assert_eq!(item["draft"]["tags"], json!(["web"]));
        assert_eq!(item["draft"]["content"]["kind"], "web_page");
        assert!(
            item["draft"]["content"]["url"]
                .as_str()
                .unwrap()
                .starts_with(&base)
        );
    }
    assert_eq!(
        skip_codes(outcome),
        [
            ("big".to_owned(), "kb_page_too_large".to_owned()),
            ("escape".to_owned(), "kb_fetch_refused".to_owned()),
            ("logo.png".to_owned(), "kb_unsupported_page".to_owned()),
            ("notes".to_owned(), "kb_robots_disallowed".to_owned()),
            ("page".to_owned(), "kb_fetch_refused".to_owned()),
            ("slow".to_owned(), "kb_fetch_timeout".to_owned()),
        ],
        "{outcome:#}"
    );
    let audited = count(
        &app,
        "select count(*) from audit_entries where action = 'kb.imported' and details->>'added' = '2'",
    )
    .await;
    assert_eq!(audited, 1);

    // Through a sitemap index, the same pages are recognised and left alone.
    let again = import(
        &app,
        &owner,
        json!({ "url": format!("{base}/index.xml"), "sitemap": true }),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(again.body["unchanged"], 2, "{:#}", again.body);
    assert!(again.body["added"].as_array().unwrap().is_empty());

    // One page asked for: its refusal is the answer, and a redirect is followed.
    for (path, code) in [
        ("/private/notes", "kb_robots_disallowed"),
        ("/escape", "kb_fetch_refused"),
        ("/gone", "kb_fetch_failed"),
        ("/sitemap.xml", "kb_unsupported_page"),
    ] {
        let refused = import(&app, &owner, json!({ "url": format!("{base}{path}") })).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{path}: {:?}",
            refused.body
        );
    }
    let moved = import(&app, &owner, json!({ "url": format!("{base}/moved") })).await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    // The item keeps the address it was imported from; the text is the redirect's.
    let page = &moved.body["added"][0]["draft"];
    assert_eq!(page["content"]["url"], format!("{base}/moved"));
    assert_eq!(page["title"], "Office hours");
    let not_a_sitemap = import(
        &app,
        &owner,
        json!({ "url": format!("{base}/hours"), "sitemap": true }),
    )
    .await;
    assert_eq!(
        not_a_sitemap.code(),
        "kb_invalid_sitemap",
        "{:?}",
        not_a_sitemap.body
    );

    // Agents may not import.
    let agent = member(&app, "agent").await;
    let refused = import(&app, &agent, json!({ "url": format!("{base}/faq") })).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
}

async fn refetch(app: &TestApp, who: &SignedIn, id: &str) -> (StatusCode, Option<String>, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/v1/kb/items/{id}/refetch", app.address))
        .bearer_auth(&who.access_token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let changed = response
        .headers()
        .get("x-kb-page-changed")
        .map(|v| v.to_str().unwrap().to_owned());
    (
        status,
        changed,
        response.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_refetch_puts_the_new_text_in_the_draft_for_review() {
    let (app, base, faq) = app_with_pages().await;
    let owner = member(&app, "owner").await;
    let imported = import(&app, &owner, json!({ "url": format!("{base}/faq") })).await;
    assert_eq!(imported.status, StatusCode::OK, "{:?}", imported.body);
    let id = imported.body["added"][0]["id"].as_str().unwrap().to_owned();
    let published = app
        .post(
            &format!("/v1/kb/items/{id}/publish"),
            &owner.access_token,
            Some(json!({ "note": "First", "acknowledgeWarnings": true })),
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{:?}",
        published.body
    );

    let (status, changed, same) = refetch(&app, &owner, &id).await;
    assert_eq!(
        (status, changed.as_deref()),
        (StatusCode::OK, Some("false")),
        "{same}"
    );
    assert_eq!(same["item"]["state"], "published");

    *faq.lock().unwrap() = FAQ.replace("held in escrow", "held in escrow for ten days");
    let (status, changed, saved) = refetch(&app, &owner, &id).await;
    assert_eq!(
        (status, changed.as_deref()),
        (StatusCode::OK, Some("true")),
        "{saved}"
    );
    assert_eq!(saved["item"]["state"], "changed", "{saved}");
    assert!(
        saved["item"]["draft"]["content"]["markdown"]
            .as_str()
            .unwrap()
            .contains("ten days")
    );
    // The chatbot still reads the published text until someone publishes the change.
    let diff = app
        .get(
            &format!(
                "/v1/kb/items/{id}/diff?from={}",
                published.body["id"].as_str().unwrap()
            ),
            &owner.access_token,
        )
        .await;
    assert!(
        diff.body.to_string().contains("ten days"),
        "{:?}",
        diff.body
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from audit_entries where action = 'kb.page_refetched'"
        )
        .await,
        2
    );

    // A sitemap import of the changed page reports it as changed.
    *faq.lock().unwrap() = FAQ.replace("held in escrow", "held by the title company");
    let again = import(
        &app,
        &owner,
        json!({ "url": format!("{base}/small.xml"), "sitemap": true }),
    )
    .await;
    assert_eq!(
        again.body["changed"][0]["id"],
        id.as_str(),
        "{:#}",
        again.body
    );

    // Not a web page; not this tenant's; not an agent's to do.
    let items = app.get("/v1/kb/items", &owner.access_token).await.body;
    let document = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["draft"]["content"]["kind"] == "document")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, body) = refetch(&app, &owner, &document).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("kb_not_web_page"))
    );
    let other = app.register("otherco").await;
    let (status, _, body) = refetch(&app, &other, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(!body.to_string().contains("escrow"));
    let agent = member(&app, "agent").await;
    let (status, _, body) = refetch(&app, &agent, &id).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
}

#[tokio::test]
async fn private_addresses_and_other_schemes_are_refused_without_the_allow_setting() {
    let faq: Faq = Arc::new(Mutex::new(FAQ.to_owned()));
    let port = page_server(faq).await;
    let app = TestApp::spawn().await;
    let owner = app.register("guarded").await;
    for url in [
        format!("http://127.0.0.1:{port}/faq"),
        "http://localhost/".to_owned(),
        "http://LOCALHOST./".to_owned(),
        "http://[::1]/".to_owned(),
        "http://[::ffff:127.0.0.1]/".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://10.0.0.1/".to_owned(),
        "http://0.0.0.0/".to_owned(),
        "file:///etc/passwd".to_owned(),
        "ftp://example.com/".to_owned(),
    ] {
        let refused = import(
            &app,
            &owner,
            json!({ "url": url, "sitemap": url.ends_with("faq") }),
        )
        .await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "kb_fetch_refused"),
            "{url}: {:?}",
            refused.body
        );
    }
    let bad = import(&app, &owner, json!({ "url": "not a url" })).await;
    assert_eq!(bad.code(), "kb_invalid_url");
    assert_eq!(count(&app, "select count(*) from kb_items").await, 0);
}

fn upload(name: &str, media_type: &str, bytes: &[u8]) -> Value {
    json!({ "fileName": name, "mediaType": media_type, "contentBase64": STANDARD.encode(bytes) })
}

const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[tokio::test]
async fn pdf_and_docx_uploads_are_read_and_bad_ones_leave_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.register("files").await;
    let token = owner.access_token.as_str();
    let pdf = samples::pdf(&[
        vec![
            "Commission splits".to_owned(),
            "are paid monthly.".to_owned(),
        ],
        vec!["Desk fees are due on the first.".to_owned()],
    ]);
    let made = app
        .post(
            "/v1/kb/uploads",
            token,
            Some(upload("Policies.pdf", PDF, &pdf)),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let content = &made.body["item"]["draft"]["content"];
    let markdown = content["markdown"].as_str().unwrap();
    assert!(
        markdown.contains("Commission splits") && markdown.contains("\n\nDesk fees"),
        "{markdown:?}"
    );
    assert_eq!(content["file"]["mediaType"], PDF);
    assert_eq!(content["file"]["sizeBytes"], pdf.len());

    let docx = samples::docx(&[
        (Some("Heading1"), "Onboarding"),
        (None, "Welcome aboard."),
        (Some("ListParagraph"), "Sign the ICA"),
        (Some("ListParagraph"), "Order signs"),
    ]);
    let made = app
        .post(
            "/v1/kb/uploads",
            token,
            Some(upload("Onboarding.docx", DOCX, &docx)),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    assert_eq!(
        made.body["item"]["draft"]["content"]["markdown"],
        "# Onboarding\n\nWelcome aboard.\n\n- Sign the ICA\n- Order signs"
    );

    let (items, files) = (
        count(&app, "select count(*) from kb_items").await,
        count(&app, "select count(*) from kb_files").await,
    );
    let mut corrupt = pdf.clone();
    corrupt.truncate(pdf.len() / 3);
    for (body, code) in [
        (upload("broken.pdf", PDF, &corrupt), "kb_unreadable_file"),
        (
            upload("scan.pdf", PDF, &samples::pdf(&[vec![]])),
            "kb_unreadable_file",
        ),
        // The wrong type: a PDF said to be a Word document, and the other way round.
        (upload("policies.docx", DOCX, &pdf), "kb_unreadable_file"),
        (upload("onboarding.pdf", PDF, &docx), "kb_unreadable_file"),
        (
            upload("photo.heic", "image/heic", b"ftypheic"),
            "kb_unsupported_file",
        ),
    ] {
        let refused = app.post("/v1/kb/uploads", token, Some(body)).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{:?}",
            refused.body
        );
    }
    assert_eq!(count(&app, "select count(*) from kb_items").await, items);
    assert_eq!(count(&app, "select count(*) from kb_files").await, files);

    // Bodies over the API's usual 2 MB reach the upload route; over 25 MiB they do not.
    let text = "Listing photos are due before the open house. ".repeat(41_000);
    let big = app
        .post(
            "/v1/kb/uploads",
            token,
            Some(upload("Photos.txt", "text/plain", text.as_bytes())),
        )
        .await;
    assert_eq!(big.status, StatusCode::CREATED, "{:?}", big.body);
    let huge = vec![b'a'; 20 * 1024 * 1024];
    let refused = app
        .post(
            "/v1/kb/uploads",
            token,
            Some(upload("huge.txt", "text/plain", &huge)),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        "{:?}",
        refused.body
    );
    let elsewhere = app
        .post(
            "/v1/kb/items",
            token,
            Some(json!({ "title": "x".repeat(3 * 1024 * 1024) })),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_state_rule_applies_only_to_a_tenant_licensed_in_that_state() {
    let app = TestApp::spawn().await;
    let owner = app.register("stateco").await;
    let token = owner.access_token.as_str();
    let draft = json!({
        "title": "Rental terms", "tags": [], "collection": null,
        "content": { "kind": "document", "markdown": "Two bedrooms. No section 8.", "file": null }
    });
    let blocked_by_state = |saved: &Value| {
        saved["findings"].as_array().unwrap().iter().any(|f| {
            f["finding"]["class"] == "source_of_income" && f["finding"]["severity"] == "block"
        })
    };
    let federal = app.post("/v1/kb/items", token, Some(draft.clone())).await;
    assert_eq!(federal.status, StatusCode::CREATED, "{:?}", federal.body);
    assert!(!blocked_by_state(&federal.body), "{:?}", federal.body);

    let mut settings = app.get("/v1/settings", token).await.body;
    assert!(settings["licenseState"].is_null());
    settings["licenseState"] = json!("Californ");
    let refused = app
        .call(
            reqwest::Method::PUT,
            "/v1/settings",
            Some(token),
            Some(settings.clone()),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        refused.body
    );
    settings["licenseState"] = json!("CA");
    let saved = app
        .call(
            reqwest::Method::PUT,
            "/v1/settings",
            Some(token),
            Some(settings),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(saved.body["licenseState"], "CA");

    let id = federal.body["item"]["id"].as_str().unwrap();
    let resaved = app
        .call(
            reqwest::Method::PUT,
            &format!("/v1/kb/items/{id}"),
            Some(token),
            Some(draft),
        )
        .await;
    assert_eq!(resaved.status, StatusCode::OK, "{:?}", resaved.body);
    assert!(blocked_by_state(&resaved.body), "{:?}", resaved.body);
    let publish = app
        .post(
            &format!("/v1/kb/items/{id}/publish"),
            token,
            Some(json!({ "note": "Try", "acknowledgeWarnings": true })),
        )
        .await;
    assert_eq!(
        (publish.status, publish.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "kb_lint_blocked"),
        "{:?}",
        publish.body
    );
}
