//! The chatbot's knowledge-base search through the real API (`POST /v1/kb/search` with a
//! `kb:read` key, row-level security on), in real PostgreSQL:
//!
//! 1. retrieval quality on the labelled questions (`testdata/kb/questions.json`) against
//!    the demo knowledge base (`testdata/kb/acme_kb.json`): recall@5 (the expected item
//!    among the first five chunks) and MRR (over the first ten), alone and again with
//!    filler chunks made of the same words competing for every question;
//! 2. latency over `BENCH_KB_CHUNKS` chunks (20,000 by default): p50 and p99 of the
//!    whole HTTP round trip, one request at a time;
//! 3. a 200-page PDF (made with lopdf) uploaded and published through the API: the
//!    median of `BENCH_KB_PDF_RUNS` runs (5 by default), extraction, lint and chunking
//!    included.
//!
//! Needs `BROKERDESK_TEST_DATABASE_URL`.

use base64::Engine;
use brokerdesk_core::ids::TenantId;
use brokerdesk_server::kb::upload::samples;
use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use brokerdesk_server::testing::kb::{
    LabelledQuestion, bench_setup, labelled_questions, percentile, search_hits, seed_filler_chunks,
};
use serde_json::json;
use std::time::Instant;

const LATENCY_RUNS: usize = 1_000;

/// (recall@5, MRR@10, the questions missed in the top five)
async fn quality(
    app: &TestApp,
    key: &str,
    questions: &[LabelledQuestion],
) -> (f64, f64, Vec<String>) {
    let (mut found, mut reciprocal, mut missed) = (0usize, 0.0, Vec::new());
    for labelled in questions {
        let hits = search_hits(app, key, &labelled.question).await;
        let rank = hits
            .iter()
            .position(|h| h["title"] == labelled.expected.as_str());
        match rank {
            Some(r) if r < 5 => found += 1,
            _ => missed.push(format!(
                "{:?} → {:?} (expected {:?})",
                labelled.question,
                hits.first().map(|h| h["title"].clone()),
                labelled.expected
            )),
        }
        reciprocal += rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
    }
    let n = questions.len() as f64;
    (found as f64 / n, reciprocal / n, missed)
}

#[tokio::main]
async fn main() {
    let (app, key, chunks) = bench_setup().await;
    let admin = app.db.admin_pool().await;
    let questions = labelled_questions();
    let demo_chunks: i64 = sqlx::query_scalar("select count(*) from kb_chunks")
        .fetch_one(&admin)
        .await
        .unwrap();

    let (recall, mrr, missed) = quality(&app, &key, &questions).await;
    println!(
        "kb search quality, demo knowledge base ({demo_chunks} chunks), {} questions: recall@5 {recall:.3}, MRR {mrr:.3}",
        questions.len()
    );
    for line in &missed {
        println!("  missed: {line}");
    }

    let acme: uuid::Uuid = sqlx::query_scalar("select id from tenants where subdomain = 'acme'")
        .fetch_one(&admin)
        .await
        .unwrap();
    let seeding = Instant::now();
    seed_filler_chunks(&admin, TenantId::from_uuid(acme), chunks - demo_chunks)
        .await
        .expect("filler seeded");
    println!(
        "filler: {} chunks seeded and analysed in {:.1} s",
        chunks - demo_chunks,
        seeding.elapsed().as_secs_f64()
    );
    let (recall, mrr, missed) = quality(&app, &key, &questions).await;
    println!("kb search quality among {chunks} chunks: recall@5 {recall:.3}, MRR {mrr:.3}");
    for line in &missed {
        println!("  missed: {line}");
    }

    let mut samples = Vec::with_capacity(LATENCY_RUNS);
    for run in 0..LATENCY_RUNS {
        let question = &questions[run % questions.len()].question;
        let started = Instant::now();
        search_hits(&app, &key, question).await;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "POST /v1/kb/search over {chunks} chunks, {LATENCY_RUNS} requests one at a time: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );

    pdf_upload_and_publish(&app).await;
}

/// A policy manual of `pages` pages, 40 lines each.
fn manual(pages: usize) -> Vec<u8> {
    let pages: Vec<Vec<String>> = (1..=pages)
        .map(|page| {
            (1..=40)
                .map(|line| {
                    format!(
                        "Section {page}.{line}: the listing agreement sets the commission, the showing schedule and the closing date."
                    )
                })
                .collect()
        })
        .collect();
    samples::pdf(&pages)
}

async fn pdf_upload_and_publish(app: &TestApp) {
    let runs: usize = std::env::var("BENCH_KB_PDF_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let pdf = manual(200);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&pdf);
    let mut times = Vec::with_capacity(runs);
    for run in 0..runs {
        let started = Instant::now();
        let made = app
            .post(
                "/v1/kb/uploads",
                &owner.access_token,
                Some(json!({
                    "fileName": format!("manual-{run}.pdf"), "mediaType": "application/pdf",
                    "contentBase64": encoded,
                })),
            )
            .await;
        assert!(made.status.is_success(), "{:?}", made.body);
        let id = made.body["item"]["id"].as_str().unwrap().to_owned();
        let published = app
            .post(
                &format!("/v1/kb/items/{id}/publish"),
                &owner.access_token,
                Some(json!({ "note": "Bench", "acknowledgeWarnings": true })),
            )
            .await;
        assert!(published.status.is_success(), "{:?}", published.body);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "200-page PDF ({} KiB) uploaded and published, {runs} runs: median {:.0} ms, max {:.0} ms",
        pdf.len() / 1024,
        percentile(&times, 0.5),
        times[times.len() - 1]
    );
}
