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
//! - trigrams: the title, questions and headings (`match_text`) ranked by core's
//!   `word_similarity`, pg_trgm's measure, with the server's threshold. The candidates
//!   are the chunks holding a word close to one of the question's, found through the
//!   vocabulary of the match texts (a trigram index of their distinct words), those
//!   holding most of the question's trigrams first;
//! - the two fused by core's reciprocal rank fusion, k = 60.

use std::collections::BTreeSet;
use std::time::Instant;

use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::console::{KbConsoleAnswer, KbConsoleHit};
use brokerdesk_core::kb::coverage::question_stages;
use brokerdesk_core::kb::search::{KbSearchRequest, RRF_K, reciprocal_rank_fusion, trigram_text};
use brokerdesk_core::kb::trigram::{Needle, trigrams};
use sqlx::SqlitePool;
use uuid::Uuid;

use crate::sync::error::{StoreError, corrupt};

/// How many candidates each ranking contributes to the fusion, as on the server.
const CANDIDATES: i64 = 50;
/// Trigram candidates read from the index before `word_similarity` ranks them.
const TRIGRAM_CANDIDATES: i64 = 200;
/// How similar (`word_similarity`) a word of the match texts must be to one of the
/// question's words for the chunks holding it to be candidates: the server's threshold,
/// which a chunk rarely reaches without one such word.
const CLOSE_WORD: f64 = 0.5;
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
    /// The side's rowids in `kb_chunk_index` (index.rs gives published chunks positive
    /// rowids, drafts negative ones): a range the full-text indexes filter on as they
    /// read, so neither ranking reads the chunks' rows to know their side.
    fn rowids(self) -> (i64, i64) {
        match self {
            Side::Published => (1, i64::MAX),
            Side::Drafts => (i64::MIN, -1),
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
    // The sides are independent reads on connections of their own, so they run at once.
    let (published, drafts) = tokio::try_join!(
        search(pool, Side::Published, request, top_k),
        search(pool, Side::Drafts, request, top_k),
    )?;
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

/// The filters beside the side, as on the server: any of the tags, the collection, for
/// the chunk whose rowid is `chunk`; the chunk's row is read only when there is one.
/// Binds: tags as a JSON array, collection.
fn filters(chunk: &str) -> String {
    format!(
        "(json_array_length(?4) = 0 and ?5 is null
          or exists (select 1 from kb_chunk_index i
                      where i.rowid = {chunk}
                        and (json_array_length(?4) = 0
                             or exists (select 1 from json_each(?4) t
                                         where instr(i.tags, '|' || t.value || '|') > 0))
                        and (?5 is null or i.collection = ?5)))"
    )
}

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

/// One stage's chunks, best first. Binds: the stage's query, the side's rowids, tags,
/// collection, limit.
async fn words_stage(
    pool: &SqlitePool,
    side: Side,
    request: &KbSearchRequest,
    tags: &str,
    query: String,
) -> Result<Vec<String>, StoreError> {
    let sql = format!(
        "select i.id from (
             select w.rowid as chunk, bm25(kb_words, 1.0, 0.4, 0.2) as score from kb_words w
              where kb_words match ?1 and w.rowid between ?2 and ?3 and {}
              order by score, w.rowid
              limit ?6
         ) r join kb_chunk_index i on i.rowid = r.chunk
          order by r.score, r.chunk",
        filters("w.rowid")
    );
    let (first, last) = side.rowids();
    Ok(sqlx::query_scalar(&sql)
        .bind(query)
        .bind(first)
        .bind(last)
        .bind(tags)
        .bind(&request.collection)
        .bind(CANDIDATES)
        .fetch_all(pool)
        .await?)
}

/// The question's trigrams as pg_trgm makes them (each word padded), each once.
fn wanted_trigrams(content: &str) -> BTreeSet<[char; 3]> {
    trigrams(content).into_iter().collect()
}

/// The FTS5 query for the vocabulary words holding any of `wanted`. The vocabulary is
/// indexed padded, so the edge trigrams find words by how they begin and end. A
/// question's words are runs of letters and digits: no quote gets into the query.
fn vocabulary_query(wanted: &BTreeSet<[char; 3]>) -> String {
    wanted
        .iter()
        .map(|gram| format!("\"{}\"", gram.iter().collect::<String>()))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The match texts' words close to one of the question's words, each with how many of
/// the question's trigrams it holds: a chunk far from every word of the question cannot
/// reach the threshold, and one holding more of its trigrams is likelier to.
async fn close_words(
    pool: &SqlitePool,
    content: &str,
    wanted: &BTreeSet<[char; 3]>,
    question: &Needle,
) -> Result<Vec<(String, usize)>, StoreError> {
    let words: Vec<String> = sqlx::query_scalar(
        "select v.word from kb_vocabulary_trigrams t join kb_vocabulary v on v.id = t.rowid
          where kb_vocabulary_trigrams match ?",
    )
    .bind(vocabulary_query(wanted))
    .fetch_all(pool)
    .await?;
    let asked: Vec<Needle> = content
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(Needle::new)
        .collect();
    Ok(words
        .into_iter()
        .filter_map(|word| {
            let grams = Needle::new(&word);
            // A word holding less than half of an asked word's trigrams is below the
            // threshold for it: similarity is at most the share held.
            let close = asked.iter().any(|asked| {
                2 * asked.shared(&grams) >= asked.len() && asked.similarity(&word) >= CLOSE_WORD
            });
            close.then(|| {
                let shared = question.shared(&grams);
                (word, shared)
            })
        })
        .collect())
}

/// The trigram ranking: the chunks holding the close words, most of the question's
/// trigrams first, ranked by `word_similarity` as the server's `%>` does.
async fn trigram_ranking(
    pool: &SqlitePool,
    side: Side,
    request: &KbSearchRequest,
    tags: &str,
) -> Result<Vec<String>, StoreError> {
    let content = trigram_text(&request.question);
    let wanted = wanted_trigrams(&content);
    let question = Needle::new(&content);
    let close = close_words(pool, &content, &wanted, &question).await?;
    if close.is_empty() {
        return Ok(Vec::new());
    }
    let needles: Vec<(String, usize)> = close
        .into_iter()
        .map(|(word, shared)| (format!("\"{word}\""), shared))
        .collect();
    let sql = format!(
        "with hits as (
             select m.rowid as chunk, j.value ->> 1 as shared
               from json_each(?1) j join kb_match_words m
                 on kb_match_words match (j.value ->> 0) and m.rowid between ?2 and ?3
         ), overlaps as (
             select chunk, sum(shared) as overlap from hits group by chunk
         ), best as (
             select chunk, overlap from overlaps where {}
              order by overlap desc, chunk limit ?6
         )
         select i.id, i.match_text from best b join kb_chunk_index i on i.rowid = b.chunk",
        filters("chunk")
    );
    let (first, last) = side.rowids();
    let candidates: Vec<(String, String)> = sqlx::query_as(&sql)
        .bind(serde_json::to_string(&needles).expect("strings serialise"))
        .bind(first)
        .bind(last)
        .bind(tags)
        .bind(&request.collection)
        .bind(TRIGRAM_CANDIDATES)
        .fetch_all(pool)
        .await?;
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .map(|(id, text)| (question.similarity(&text), id))
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
    // Each ranking is one read on a connection of the pool's own: run at once, a question
    // waits for the slower ranking instead of for both, one after the other.
    let (words, trigrams) = tokio::try_join!(
        words_ranking(pool, side, request, &tags),
        trigram_ranking(pool, side, request, &tags),
    )?;
    let rankings = vec![words, trigrams];
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
            vocabulary_query(&wanted_trigrams("Mony")),
            "\"  m\" OR \" mo\" OR \"mon\" OR \"ny \" OR \"ony\""
        );
    }
}
