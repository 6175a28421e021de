//! Knowledge-base test support: the demo items published into any tenant, filler chunks
//! in volume (for the search's plan test and the latency bench), the labelled questions,
//! and the search's statements under EXPLAIN as the API's role.

use brokerdesk_core::ids::{KbItemId, TenantId, UserId};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use sqlx::PgPool;

use crate::db::Database;
use brokerdesk_core::kb::search::trigram_text;

use crate::kb::search::{
    CANDIDATES, any_word_query, full_text_sql, set_trigram_threshold, trigram_sql,
};
use crate::seed::demo_kb::{ACME_KB_JSON, acme_items};

/// A question the chatbot might get, with the title of the item that answers it.
#[derive(Clone, Debug, Deserialize)]
pub struct LabelledQuestion {
    pub question: String,
    pub expected: String,
}

pub fn labelled_questions() -> Vec<LabelledQuestion> {
    serde_json::from_str(include_str!("../../testdata/kb/questions.json"))
        .expect("testdata/kb/questions.json holds labelled questions")
}

/// Publishes the demo items in `tenant` as its first member, through the API's own
/// insert and publish code.
pub async fn publish_demo_items(
    db: &Database,
    tenant: TenantId,
) -> Result<(), crate::error::ApiError> {
    let mut tx = db.begin_tenant(super::scope(tenant)).await?;
    let owner: uuid::Uuid = sqlx::query_scalar("select id from users where tenant_id = $1 limit 1")
        .bind(tenant.as_uuid())
        .fetch_one(tx.conn())
        .await?;
    let owner = UserId::from_uuid(owner);
    let version = tx.next_version().await?;
    for draft in acme_items() {
        let id = KbItemId::new();
        crate::kb::insert_item(&mut tx, id, &draft, owner).await?;
        crate::kb::publish::insert_version(&mut tx, id, &draft, owner, "Bench", version).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds `count` published chunks of filler to `tenant`, ten to an item, each made of
/// words drawn from the demo knowledge base (so they compete with the real items for
/// every question), about 1,000 characters long as core's chunks are.
pub async fn seed_filler_chunks(
    admin: &PgPool,
    tenant: TenantId,
    count: i64,
) -> Result<(), sqlx::Error> {
    let mut words: Vec<String> = ACME_KB_JSON
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    let mut tx = admin.begin().await?;
    let version: i64 = sqlx::query_scalar(
        "update tenant_clock set version = version + 1 where tenant_id = $1 returning version",
    )
    .bind(tenant.as_uuid())
    .fetch_one(&mut *tx)
    .await?;
    let items = usize::try_from((count + 9) / 10).unwrap_or_default();
    // Seeded: the same filler every run, so runs compare.
    let mut rng = StdRng::seed_from_u64(14);
    let mut pick = |n: usize| -> String {
        (0..n)
            .map(|_| words[rng.random_range(0..words.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let item_ids: Vec<uuid::Uuid> = (0..items).map(|_| uuid::Uuid::new_v4()).collect();
    let version_ids: Vec<uuid::Uuid> = (0..items).map(|_| uuid::Uuid::new_v4()).collect();
    let titles: Vec<String> = (0..items).map(|n| pick(3 + n % 2)).collect();
    sqlx::query(
        "with filler as (
             select * from unnest($3::uuid[], $4::uuid[], $5::text[]) as f(item, version_id, title)
         ), items as (
             insert into kb_items (tenant_id, id, kind, draft, updated_by, version)
             select $1, item, 'document',
                    jsonb_build_object('title', title, 'tags', '[]'::jsonb, 'collection', null,
                        'content', jsonb_build_object('kind', 'document', 'markdown', title, 'file', null)),
                    (select id from users where tenant_id = $1 limit 1), $2
               from filler
             returning id, draft, updated_by
         )
         insert into kb_versions (tenant_id, id, item_id, number, draft, published_by, note, version)
         select $1, f.version_id, i.id, 1, i.draft, i.updated_by, 'Filler', $2
           from filler f join items i on i.id = f.item",
    )
    .bind(tenant.as_uuid())
    .bind(version)
    .bind(&item_ids)
    .bind(&version_ids)
    .bind(&titles)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update kb_items i set live_version = f.version_id
           from unnest($2::uuid[], $3::uuid[]) as f(item, version_id)
          where i.tenant_id = $1 and i.id = f.item",
    )
    .bind(tenant.as_uuid())
    .bind(&item_ids)
    .bind(&version_ids)
    .execute(&mut *tx)
    .await?;
    let total = usize::try_from(count).unwrap_or_default();
    let (mut chunk_items, mut chunk_versions, mut chunk_titles) = (vec![], vec![], vec![]);
    let (mut ordinals, mut headings, mut bodies) = (vec![], vec![], vec![]);
    for n in 0..total {
        let item = n / 10;
        chunk_items.push(item_ids[item]);
        chunk_versions.push(version_ids[item]);
        chunk_titles.push(titles[item].clone());
        ordinals.push(i32::try_from(n % 10).unwrap_or_default());
        headings.push(pick(2 + n % 2));
        bodies.push(pick(150));
    }
    sqlx::query(
        "insert into kb_chunks (tenant_id, id, item_id, version_id, ordinal, title, heading_path,
                                headings, body, version)
         select $1, gen_random_uuid(), c.item, c.version_id, c.ordinal, c.title, array[c.heading],
                c.heading, c.body, $2
           from unnest($3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[])
                as c(item, version_id, ordinal, title, heading, body)",
    )
    .bind(tenant.as_uuid())
    .bind(version)
    .bind(&chunk_items)
    .bind(&chunk_versions)
    .bind(&ordinals)
    .bind(&chunk_titles)
    .bind(&headings)
    .bind(&bodies)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::query("analyze kb_chunks").execute(admin).await?;
    Ok(())
}

/// The plans of the search's two rankings for `question` in `tenant`, as the API's role
/// (row-level security on), under `EXPLAIN (ANALYZE, BUFFERS)`.
pub async fn explain_search(
    db: &Database,
    tenant: TenantId,
    question: &str,
) -> Result<[String; 2], sqlx::Error> {
    let mut tx = db.begin_tenant(super::scope(tenant)).await?;
    set_trigram_threshold(&mut tx).await?;
    let mut plans = Vec::new();
    // The full-text ranking's widest stage, "any one word", the least selective.
    let any_word = any_word_query(question);
    for (sql, needles) in [
        (
            full_text_sql("explain (analyze, buffers) "),
            vec![any_word.clone(), any_word],
        ),
        (
            trigram_sql("explain (analyze, buffers) "),
            vec![trigram_text(question)],
        ),
    ] {
        let mut query = sqlx::query_scalar(&sql)
            .bind(tenant.as_uuid())
            .bind(Vec::<String>::new())
            .bind(None::<String>)
            .bind(CANDIDATES);
        for needle in needles {
            query = query.bind(needle);
        }
        let lines: Vec<String> = query.fetch_all(tx.conn()).await?;
        plans.push(lines.join("\n"));
    }
    Ok([plans.remove(0), plans.remove(0)])
}

/// What both knowledge-base benches start from: a server with the demo data, Acme on
/// Enterprise (the benches' requests are more than a Professional plan allows in 15
/// minutes), Acme's demo API key, and how many chunks to search among
/// (`BENCH_KB_CHUNKS`, 20,000 by default).
pub async fn bench_setup() -> (crate::testing::TestApp, String, i64) {
    let chunks: i64 = std::env::var("BENCH_KB_CHUNKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let app = crate::testing::TestApp::spawn().await;
    let report = crate::seed::seed_demo(&app.db.args)
        .await
        .expect("demo seeded");
    let key = report
        .api_keys
        .iter()
        .find(|(tenant, _)| *tenant == "acme")
        .map(|(_, key)| key.clone())
        .expect("acme's demo key");
    app.set_plan("acme", "enterprise").await;
    (app, key, chunks)
}

/// The top ten hits `POST /v1/kb/search` returns for `question` with API key `key`, as
/// JSON, for the benches that score them.
pub async fn search_hits(
    app: &crate::testing::TestApp,
    key: &str,
    question: &str,
) -> Vec<serde_json::Value> {
    let found = app
        .post(
            "/v1/kb/search",
            key,
            Some(serde_json::json!({ "question": question, "topK": 10 })),
        )
        .await;
    assert!(found.status.is_success(), "{:?}", found.body);
    found.body.as_array().cloned().unwrap_or_default()
}

/// The `p` quantile (0 to 1) of sorted samples, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
