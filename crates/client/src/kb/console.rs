//! The knowledge base's test console, offline: the chunks the chatbot would get for a
//! question, searched in this computer's cache (index.rs) the way the server's search
//! does it (the server's `kb/search.rs`), so what the owner sees here is what the
//! chatbot gets:
//!
//! - words: FTS5's BM25 over the title with a Q&A pair's questions, the headings and the
//!   text, weighted like the server's tsvector (A 1.0, B 0.4, C 0.2, PostgreSQL's
//!   `ts_rank` defaults), with English stemming and stop words dropped, over the chunks
//!   sharing the most of the question's content words (core's `coverage` stages, as on
//!   the server);
//! - trigrams: candidates from a trigram index of the title, questions and headings,
//!   ranked by core's `word_similarity`, pg_trgm's measure, with the server's threshold;
//! - the two fused by core's reciprocal rank fusion, k = 60.

use std::time::Instant;

use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::console::{KbConsoleAnswer, KbConsoleHit};
use brokerdesk_core::kb::coverage::question_stages;
use brokerdesk_core::kb::search::{KbSearchRequest, RRF_K, reciprocal_rank_fusion, trigram_text};
use brokerdesk_core::kb::trigram::word_similarity;
use sqlx::SqlitePool;
use uuid::Uuid;

use crate::sync::error::{StoreError, corrupt};

/// How many candidates each ranking contributes to the fusion, as on the server.
const CANDIDATES: i64 = 50;
/// Trigram candidates read from the index before `word_similarity` ranks them.
const TRIGRAM_CANDIDATES: i64 = 200;
/// The server's `pg_trgm.word_similarity_threshold`.
const TRIGRAM_THRESHOLD: f64 = 0.5;

/// Which knowledge base to search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// What the chatbot gets now.
    Published,
    /// What it would get were every draft published.
    Drafts,
}

impl Side {
    fn as_str(self) -> &'static str {
        match self {
            Side::Published => "published",
            Side::Drafts => "draft",
        }
    }
}

/// Both sides' answers for one question. The caller has checked the request
/// (`validated_top_k`).
pub async fn ask(
    pool: &SqlitePool,
    request: &KbSearchRequest,
    top_k: u32,
) -> Result<KbConsoleAnswer, StoreError> {
    let started = Instant::now();
    let published = search(pool, Side::Published, request, top_k).await?;
    let drafts = search(pool, Side::Drafts, request, top_k).await?;
    Ok(KbConsoleAnswer {
        published,
        drafts,
        took_micros: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
    })
}

/// The question's coverage stages as FTS5 queries, most demanding first; none when only
/// stop words are left. Each word is quoted, so no FTS5 syntax gets through.
fn stage_queries(question: &str) -> Vec<String> {
    question_stages(question)
        .iter()
        .map(|stage| {
            stage
                .iter()
                .map(|words| {
                    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                    format!("({})", quoted.join(" AND "))
                })
                .collect::<Vec<_>>()
                .join(" OR ")
        })
        .collect()
}

/// The FTS5 query matching any three-letter stretch of the question's content words: the
/// trigram tokenizer's tokens. None when no word is long enough.
fn trigrams_query(content: &str) -> Option<String> {
    let mut grams: Vec<String> = Vec::new();
    for word in content.split(' ') {
        let chars: Vec<char> = word.chars().collect();
        for window in chars.windows(3) {
            let gram: String = window.iter().collect();
            if !grams.contains(&gram) {
                grams.push(gram);
            }
        }
    }
    (!grams.is_empty()).then(|| {
        grams
            .iter()
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    })
}

/// The filters both rankings share, as on the server: the side, any of the tags, the
/// collection. Binds: side, tags as a JSON array, collection.
const FILTERS: &str = "i.side = ?2
    and (json_array_length(?3) = 0
         or exists (select 1 from json_each(?3) t where instr(i.tags, '|' || t.value || '|') > 0))
    and (?4 is null or i.collection = ?4)";

/// The words ranking: the first coverage stage with enough candidates, ranked (a later
/// stage's matches include an earlier one's). Every word of a stage is in the same
/// number of its conjunctions, so BM25 over a stage orders as over "any word".
async fn words_ranking(
    pool: &SqlitePool,
    side: Side,
    request: &KbSearchRequest,
    tags: &str,
) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    for query in stage_queries(&request.question) {
        found = words_stage(pool, side, request, tags, query).await?;
        if found.len() >= CANDIDATES as usize {
            break;
        }
    }
    Ok(found)
}

async fn words_stage(
    pool: &SqlitePool,
    side: Side,
    request: &KbSearchRequest,
    tags: &str,
    query: String,
) -> Result<Vec<String>, StoreError> {
    let sql = format!(
        "select i.id from kb_words w join kb_chunk_index i on i.rowid = w.rowid
          where kb_words match ?1 and {FILTERS}
          order by bm25(kb_words, 1.0, 0.4, 0.2), i.id
          limit ?5"
    );
    Ok(sqlx::query_scalar(&sql)
        .bind(query)
        .bind(side.as_str())
        .bind(tags)
        .bind(&request.collection)
        .bind(CANDIDATES)
        .fetch_all(pool)
        .await?)
}

async fn trigram_ranking(
    pool: &SqlitePool,
    side: Side,
    request: &KbSearchRequest,
    tags: &str,
) -> Result<Vec<String>, StoreError> {
    let content = trigram_text(&request.question);
    let Some(query) = trigrams_query(&content) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "select i.id, i.match_text from kb_trigrams g join kb_chunk_index i on i.rowid = g.rowid
          where kb_trigrams match ?1 and {FILTERS}
          order by bm25(kb_trigrams), i.id
          limit ?5"
    );
    let candidates: Vec<(String, String)> = sqlx::query_as(&sql)
        .bind(query)
        .bind(side.as_str())
        .bind(tags)
        .bind(&request.collection)
        .bind(TRIGRAM_CANDIDATES)
        .fetch_all(pool)
        .await?;
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .map(|(id, text)| (word_similarity(&content, &text), id))
        .filter(|(similarity, _)| *similarity >= TRIGRAM_THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(CANDIDATES as usize);
    Ok(scored.into_iter().map(|(_, id)| id).collect())
}

#[derive(sqlx::FromRow)]
struct HitRow {
    id: String,
    item_id: String,
    version_id: Option<String>,
    ordinal: i64,
    item_title: String,
    heading_path: String,
    body: String,
}

/// The top `top_k` chunks of one side, best first.
pub async fn search(
    pool: &SqlitePool,
    side: Side,
    request: &KbSearchRequest,
    top_k: u32,
) -> Result<Vec<KbConsoleHit>, StoreError> {
    let tags = serde_json::to_string(&request.tags).expect("strings serialise");
    let rankings = vec![
        words_ranking(pool, side, request, &tags).await?,
        trigram_ranking(pool, side, request, &tags).await?,
    ];
    let fused: Vec<(String, f64)> = reciprocal_rank_fusion(&rankings, RRF_K)
        .into_iter()
        .take(top_k as usize)
        .collect();
    let ids = serde_json::to_string(&fused.iter().map(|(id, _)| id).collect::<Vec<_>>())
        .expect("strings serialise");
    let rows: Vec<HitRow> = sqlx::query_as(
        "select id, item_id, version_id, ordinal, item_title, heading_path, body
           from kb_chunk_index where id in (select value from json_each(?))",
    )
    .bind(ids)
    .fetch_all(pool)
    .await?;
    fused
        .into_iter()
        .filter_map(|(id, score)| {
            let row = rows.iter().find(|row| row.id == id)?;
            Some(hit(row, score))
        })
        .collect()
}

fn hit(row: &HitRow, score: f64) -> Result<KbConsoleHit, StoreError> {
    let uuid = |text: &str| Uuid::parse_str(text).map_err(corrupt);
    Ok(KbConsoleHit {
        item_id: KbItemId::from_uuid(uuid(&row.item_id)?),
        version_id: match &row.version_id {
            Some(id) => Some(KbVersionId::from_uuid(uuid(id)?)),
            None => None,
        },
        title: row.item_title.clone(),
        heading_path: serde_json::from_str(&row.heading_path).map_err(corrupt)?,
        chunk_ordinal: u32::try_from(row.ordinal).map_err(corrupt)?,
        score,
        text: row.body.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_becomes_fts5_queries_without_syntax_or_stop_words() {
        assert_eq!(
            stage_queries("What is the earnest-money?"),
            [
                "(\"earnest\" AND \"money\")",
                "(\"earnest\") OR (\"money\")"
            ]
        );
        assert!(stage_queries("what is it").is_empty(), "stop words only");
        assert_eq!(
            trigrams_query("mony hoa").as_deref(),
            Some("\"mon\" OR \"ony\" OR \"hoa\"")
        );
        assert_eq!(trigrams_query("a ab"), None, "nothing three letters long");
    }
}
