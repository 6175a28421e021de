//! The chatbot's search over published chunks: two lexical rankings fused by reciprocal
//! rank fusion (core's `reciprocal_rank_fusion`, k = 60).
//!
//! - Full text: the stored weighted tsvector (title and Q&A questions A, headings B,
//!   text C), ranked by `ts_rank_cd` against the question's words joined by `or` (a
//!   chatbot's question is a sentence, not a conjunction of keywords). The candidates
//!   ranked are those sharing the most of its content words (core's `coverage`): the
//!   chunks holding all of them, else at least all but one, and so on down to any one.
//! - Trigrams: the question's content words against the best-matching stretch of the
//!   chunk's `match_text` (title, questions, headings: `%>`, ranked by
//!   `word_similarity`), so "earnst mony" still finds "Earnest money".
//!
//! Both read their GIN index (`kb_chunks_search`, `kb_chunks_match_text`) under row-level
//! security because `db/leakproof_search.sql` marks `@@` and `%>` LEAKPROOF; the test
//! `tests/kb_search_plan.rs` fails when a plan stops using them. Only `kb_chunks` is
//! read, and it holds the chunks of live published versions only.

use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::coverage::question_stages;
use brokerdesk_core::kb::search::{
    KbSearchHit, KbSearchRequest, RRF_K, question_words, reciprocal_rank_fusion, trigram_text,
};
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::ApiError;

/// How many candidates each ranking contributes to the fusion.
pub const CANDIDATES: i64 = 50;
/// The least word similarity a candidate needs: how much of the question's content
/// words' trigrams one stretch of the chunk's title, questions or headings holds.
/// pg_trgm's default (0.6) misses a misspelling as plain as "earnst mony".
const TRIGRAM_THRESHOLD: &str = "0.5";

/// The question as a `websearch_to_tsquery` text that matches any of its words.
pub fn any_word_query(question: &str) -> String {
    question_words(question).join(" or ")
}

/// The question's coverage stages as `websearch_to_tsquery` texts, most demanding
/// first ("a b c", then "a b or a c or b c", …, then "a or b or c"); none when every
/// word is a stop word.
pub fn stage_queries(question: &str) -> Vec<String> {
    question_stages(question)
        .iter()
        .map(|stage| {
            stage
                .iter()
                .map(|words| words.join(" "))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect()
}

/// The conditions both rankings share: tenant, tags (any of them), collection.
const FILTERS: &str = "c.tenant_id = $1
    and (cardinality($2::text[]) = 0 or c.tags && $2)
    and ($3::text is null or c.collection = $3)";

/// The full-text ranking's statement for one coverage stage, after `prefix` (`explain
/// …` in the plan test). Binds: tenant, tags, collection, limit, the stage's query,
/// `any_word_query`.
pub fn full_text_sql(prefix: &str) -> String {
    format!(
        "{prefix}select c.id from kb_chunks c
          where {FILTERS} and c.search @@ websearch_to_tsquery('english', $5)
          order by ts_rank_cd(c.search, websearch_to_tsquery('english', $6), 1) desc, c.id
          limit $4"
    )
}

/// The trigram ranking's statement, after `prefix`. Binds: tenant, tags, collection,
/// limit, `trigram_text`. Run after [`set_trigram_threshold`].
pub fn trigram_sql(prefix: &str) -> String {
    format!(
        "{prefix}select c.id from kb_chunks c
          where {FILTERS} and c.match_text %> $5
          order by word_similarity($5, c.match_text) desc, c.id
          limit $4"
    )
}

/// Lowers `%>`'s threshold for the rest of the transaction (it ends with the request).
pub async fn set_trigram_threshold(tx: &mut TenantTx) -> Result<(), sqlx::Error> {
    sqlx::query("select set_config('pg_trgm.word_similarity_threshold', $1, true)")
        .bind(TRIGRAM_THRESHOLD)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// The chunk ids one ranking's statement returns, best first; `needles` are its binds
/// after the shared ones.
async fn ranking(
    tx: &mut TenantTx,
    sql: &str,
    needles: &[&str],
    request: &KbSearchRequest,
) -> Result<Vec<Uuid>, ApiError> {
    let mut query = sqlx::query_scalar(sql)
        .bind(tx.tenant_id().as_uuid())
        .bind(&request.tags)
        .bind(&request.collection)
        .bind(CANDIDATES);
    for needle in needles {
        query = query.bind(*needle);
    }
    Ok(query.fetch_all(tx.conn()).await?)
}

/// The full-text ranking: the first coverage stage with enough candidates, ranked (a
/// later stage's matches include an earlier one's).
async fn full_text_ranking(
    tx: &mut TenantTx,
    request: &KbSearchRequest,
) -> Result<Vec<Uuid>, ApiError> {
    let any_word = any_word_query(&request.question);
    let sql = full_text_sql("");
    let mut found = Vec::new();
    for stage in stage_queries(&request.question) {
        found = ranking(tx, &sql, &[&stage, &any_word], request).await?;
        if found.len() >= CANDIDATES as usize {
            break;
        }
    }
    Ok(found)
}

#[derive(sqlx::FromRow)]
struct HitRow {
    id: Uuid,
    item_id: Uuid,
    version_id: Uuid,
    title: String,
    heading_path: Vec<String>,
    ordinal: i32,
    body: String,
}

/// The top `topK` published chunks for the request, best first. The caller has checked
/// who is asking; the transaction's tenant bounds what can be found.
pub async fn search(
    tx: &mut TenantTx,
    request: &KbSearchRequest,
) -> Result<Vec<KbSearchHit>, ApiError> {
    let top_k = request
        .validated_top_k()
        .map_err(|e| ApiError::validation(static_code(&e.code), e.message))?;
    set_trigram_threshold(tx).await?;
    let rankings = vec![
        full_text_ranking(tx, request).await?,
        ranking(
            tx,
            &trigram_sql(""),
            &[&trigram_text(&request.question)],
            request,
        )
        .await?,
    ];
    let fused: Vec<(Uuid, f64)> = reciprocal_rank_fusion(&rankings, RRF_K)
        .into_iter()
        .take(top_k as usize)
        .collect();
    let ids: Vec<Uuid> = fused.iter().map(|(id, _)| *id).collect();
    let rows: Vec<HitRow> = sqlx::query_as(
        "select id, item_id, version_id, title, heading_path, ordinal, body from kb_chunks
          where tenant_id = $1 and id = any($2)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(&ids)
    .fetch_all(tx.conn())
    .await?;
    Ok(fused
        .into_iter()
        .filter_map(|(id, score)| {
            let row = rows.iter().find(|row| row.id == id)?;
            Some(KbSearchHit {
                item_id: KbItemId::from_uuid(row.item_id),
                version_id: KbVersionId::from_uuid(row.version_id),
                title: row.title.clone(),
                heading_path: row.heading_path.clone(),
                chunk_ordinal: u32::try_from(row.ordinal).unwrap_or_default(),
                score,
                text: row.body.clone(),
            })
        })
        .collect())
}

/// Core's request codes, as the `'static` codes `ApiError` carries.
fn static_code(code: &str) -> &'static str {
    match code {
        "kb_invalid_top_k" => "kb_invalid_top_k",
        _ => "kb_invalid_question",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_becomes_any_of_its_words() {
        assert_eq!(
            any_word_query("How much is earnest-money?"),
            "how or much or is or earnest or money"
        );
        // websearch syntax cannot be injected: quotes and minus signs are dropped.
        assert_eq!(any_word_query("\"a\" -b"), "a or b");
    }

    #[test]
    fn the_stages_ask_for_most_content_words_first() {
        assert_eq!(
            stage_queries("What is the earnest-money deposit?"),
            [
                "earnest money deposit",
                "earnest money or earnest deposit or money deposit",
                "earnest or money or deposit"
            ]
        );
        assert!(stage_queries("what is it").is_empty(), "stop words only");
    }
}
