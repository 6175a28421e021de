//! The knowledge base's offline test console against the server's search, on the
//! labelled questions (`crates/server/testdata/kb/questions.json`) over the demo
//! knowledge base, then among `BENCH_KB_CHUNKS` chunks (20,000 by default):
//!
//! - retrieval quality offline and on the server: recall@5 (the expected item among the
//!   first five chunks) and MRR over the first ten;
//! - agreement: the share of questions whose first chunk is the same on both sides
//!   (top-1), and the mean share of the server's first five chunks among the console's
//!   first five (top-5);
//! - latency of the console over the encrypted cache: p50 and p99, one question at a time.
//!
//! Needs `BROKERDESK_TEST_DATABASE_URL` (see `scripts/bench.sh`).

use brokerdesk_client::kb::console::{self, Side};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::session::SessionManager;
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::identity::SignInRequest;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::kb::search::KbSearchRequest;
use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::kb::{
    LabelledQuestion, bench_setup, labelled_questions, percentile, search_hits, seed_filler_chunks,
};
use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::Instant;

const LATENCY_RUNS: usize = 1_000;

fn request(question: &str) -> KbSearchRequest {
    KbSearchRequest {
        question: question.into(),
        top_k: Some(10),
        tags: Vec::new(),
        collection: None,
    }
}

/// A chunk as both sides name it: its item and position.
type ChunkKey = (String, u32);

async fn offline(pool: &SqlitePool, question: &str) -> Vec<(ChunkKey, String)> {
    console::search(pool, Side::Published, &request(question), 10)
        .await
        .expect("the console answers")
        .into_iter()
        .map(|h| ((h.item_id.to_string(), h.chunk_ordinal), h.title))
        .collect()
}

async fn server(app: &TestApp, key: &str, question: &str) -> Vec<(ChunkKey, String)> {
    search_hits(app, key, question)
        .await
        .iter()
        .map(|h| {
            let key = (
                h["itemId"].as_str().unwrap_or_default().to_owned(),
                h["chunkOrdinal"].as_u64().unwrap_or_default() as u32,
            );
            (key, h["title"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

#[derive(Default)]
struct Quality {
    found: usize,
    reciprocal: f64,
}

impl Quality {
    fn add(&mut self, hits: &[(ChunkKey, String)], expected: &str) {
        let rank = hits.iter().position(|(_, title)| title == expected);
        if rank.is_some_and(|r| r < 5) {
            self.found += 1;
        }
        self.reciprocal += rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
    }

    fn line(&self, n: usize) -> String {
        format!(
            "recall@5 {:.3}, MRR {:.3}",
            self.found as f64 / n as f64,
            self.reciprocal / n as f64
        )
    }
}

async fn compare(app: &TestApp, key: &str, pool: &SqlitePool, questions: &[LabelledQuestion]) {
    let (mut here, mut there) = (Quality::default(), Quality::default());
    let (mut same_first, mut top5_share) = (0usize, 0.0);
    for labelled in questions {
        let mine = offline(pool, &labelled.question).await;
        let theirs = server(app, key, &labelled.question).await;
        here.add(&mine, &labelled.expected);
        there.add(&theirs, &labelled.expected);
        if mine.first().map(|h| &h.0) == theirs.first().map(|h| &h.0) {
            same_first += 1;
        }
        let their_five: Vec<&ChunkKey> = theirs.iter().take(5).map(|h| &h.0).collect();
        let shared = mine
            .iter()
            .take(5)
            .filter(|h| their_five.contains(&&h.0))
            .count();
        top5_share += shared as f64 / their_five.len().max(1) as f64;
    }
    let n = questions.len();
    println!("  server:  {}", there.line(n));
    println!("  offline: {}", here.line(n));
    println!(
        "  agreement: top-1 {:.3}, top-5 {:.3}",
        same_first as f64 / n as f64,
        top5_share / n as f64
    );
}

#[tokio::main]
async fn main() {
    let (app, key, chunks) = bench_setup().await;
    let questions = labelled_questions();

    let dir = tempfile::tempdir().unwrap();
    let sessions = SessionManager::new(dir.path(), Arc::new(MemorySecretStore::default()));
    let sign_in = SignInRequest {
        tenant: "acme".into(),
        email: "owner@acme.test".into(),
        password: DEMO_PASSWORD.into(),
        mfa_code: None,
    };
    let session = sessions.sign_in(&app.address, &sign_in).await.unwrap();
    let (engine, _) = SyncEngine::open(sessions.clone(), session, EngineConfig::default())
        .await
        .unwrap();
    engine.sync_once().await.unwrap();
    let pool = engine.store().pool().clone();

    println!(
        "kb console vs server, demo knowledge base, {} questions:",
        questions.len()
    );
    compare(&app, &key, &pool, &questions).await;

    let admin = app.db.admin_pool().await;
    let demo_chunks: i64 = sqlx::query_scalar("select count(*) from kb_chunks")
        .fetch_one(&admin)
        .await
        .unwrap();
    let acme: uuid::Uuid = sqlx::query_scalar("select id from tenants where subdomain = 'acme'")
        .fetch_one(&admin)
        .await
        .unwrap();
    seed_filler_chunks(&admin, TenantId::from_uuid(acme), chunks - demo_chunks)
        .await
        .expect("filler seeded");
    let syncing = Instant::now();
    engine.sync_once().await.unwrap();
    println!(
        "synced and indexed {} more chunks into the encrypted cache in {:.1} s",
        chunks - demo_chunks,
        syncing.elapsed().as_secs_f64()
    );
    println!("among {chunks} chunks:");
    compare(&app, &key, &pool, &questions).await;

    let mut samples = Vec::with_capacity(LATENCY_RUNS);
    for run in 0..LATENCY_RUNS {
        let question = &questions[run % questions.len()].question;
        let started = Instant::now();
        console::search(&pool, Side::Published, &request(question), 5)
            .await
            .unwrap();
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "offline console over {chunks} chunks, {LATENCY_RUNS} questions one at a time: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
}
