//! Questions the chatbot could not answer, or whose answer got a thumbs-down: reported
//! with the chatbot's API key, grouped by core's `grouping_key` (case, punctuation and
//! spacing aside) with counts, a to-do list for owners, and "answer this", which makes a
//! Q&A draft from a group and takes the group off the list.

use brokerdesk_core::ids::KbItemId;
use brokerdesk_core::kb::api::KbSaved;
use brokerdesk_core::kb::unanswered::{
    UnansweredGroup, UnansweredReason, UnansweredReport, grouping_key,
};
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;

/// Stores one report from the chatbot.
pub async fn report(tx: &mut TenantTx, report: &UnansweredReport) -> Result<(), ApiError> {
    report
        .validate()
        .map_err(|e| ApiError::validation("kb_invalid_question", e.message))?;
    let key = grouping_key(&report.question);
    let reason = match report.reason {
        UnansweredReason::NoAnswer => "no_answer",
        UnansweredReason::ThumbsDown => "thumbs_down",
    };
    sqlx::query(
        "insert into kb_unanswered (tenant_id, id, group_key, question, reason)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(Uuid::new_v4())
    .bind(key)
    .bind(report.question.trim())
    .bind(reason)
    .execute(tx.conn())
    .await?;
    Ok(())
}

type GroupRow = (String, String, i64, i64, DateTime<Utc>);

/// The open groups (not yet answered), most reported first. The wording shown is the
/// latest report's.
async fn open_groups(
    tx: &mut TenantTx,
    key: Option<&str>,
) -> Result<Vec<UnansweredGroup>, ApiError> {
    let rows: Vec<GroupRow> = sqlx::query_as(
        "select group_key, (array_agg(question order by asked_at desc))[1],
                count(*) filter (where reason = 'no_answer'),
                count(*) filter (where reason = 'thumbs_down'), max(asked_at)
           from kb_unanswered
          where tenant_id = $1 and answered_by is null and ($2::text is null or group_key = $2)
          group by group_key
          order by count(*) desc, max(asked_at) desc, group_key
          limit 500",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(key)
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, question, none, down, last)| UnansweredGroup {
            key,
            question,
            no_answer_count: u32::try_from(none).unwrap_or(u32::MAX),
            thumbs_down_count: u32::try_from(down).unwrap_or(u32::MAX),
            last_asked_at: last,
        })
        .collect())
}

/// The to-do list, for those who may edit the knowledge base.
pub async fn list(auth: &mut Authenticated) -> Result<Vec<UnansweredGroup>, ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    open_groups(&mut auth.tx, None).await
}

/// Makes a Q&A draft whose question is the group's, for the owner to write the answer
/// to; the group leaves the list. The draft's answer is empty until then, so it is
/// stored without core's validation (publishing validates it).
pub async fn answer(auth: &mut Authenticated, key: &str) -> Result<KbSaved, ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    let group = open_groups(&mut auth.tx, Some(key))
        .await?
        .pop()
        .ok_or_else(|| ApiError::NotFound("No open unanswered question with this key.".into()))?;
    let id = KbItemId::new();
    let draft = group.answer_draft();
    super::insert_item(&mut auth.tx, id, &draft, auth.user.id).await?;
    sqlx::query(
        "update kb_unanswered set answered_by = $3
          where tenant_id = $1 and group_key = $2 and answered_by is null",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(key)
    .bind(id.as_uuid())
    .execute(auth.tx.conn())
    .await?;
    auth.audit("kb.unanswered_taken", Some(id.to_string()), json!({}))
        .await?;
    super::saved_item(auth, id).await
}
