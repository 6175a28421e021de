//! Integration posts (the chatbot, the calling service): find the person's lead by a
//! normalised email or phone and merge into it, or create one; then attach what the post
//! carries. Everything goes through the lead operations the app uses, and one post is
//! one transaction, so a refusal (invalid, over a plan limit) leaves nothing behind.
//!
//! Posts carrying an `Idempotency-Key` are answered once: the answer is stored with the
//! key's hash and a hash of the request in the post's own transaction, a retry gets it
//! back, and the same key with a different request is refused. The retention pass
//! forgets answers after [`KEY_KEPT_DAYS`].

use axum::http::{HeaderMap, StatusCode};
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::ingest::{
    IDEMPOTENCY_HEADER, IngestCall, IngestContact, IngestConversation, IngestLead, IngestResult,
    MAX_IDEMPOTENCY_KEY,
};
use brokerdesk_core::leads::{Lead, LeadChanges, LeadPreferences, LeadSource};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::types::Json;

use crate::auth::ApiKeyAuth;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::leads::{self, WriteOrigin, activity, consent, store};

/// Days a post's answer is kept for a retry under the same Idempotency-Key. Callers retry
/// within minutes or hours; a week also covers an outage of their own, and the table
/// does not keep every post the tenant ever received.
pub const KEY_KEPT_DAYS: i64 = 7;

/// Forgets the answers of posts older than [`KEY_KEPT_DAYS`] as of `now` (the retention
/// pass, in the tenant's transaction); the rows forgotten.
pub async fn expire_keys(tx: &mut TenantTx, now: DateTime<Utc>) -> Result<u64, ApiError> {
    let forgotten =
        sqlx::query("delete from ingest_requests where tenant_id = $1 and created_at < $2")
            .bind(tx.tenant_id().as_uuid())
            .bind(now - chrono::Duration::days(KEY_KEPT_DAYS))
            .execute(tx.conn())
            .await?;
    Ok(forgotten.rows_affected())
}

/// What an integration posted.
pub enum IngestPost {
    Lead(IngestLead),
    Conversation(IngestConversation),
    Call(IngestCall),
}

impl IngestPost {
    /// The source a new lead gets when the post does not say.
    fn default_source(&self) -> LeadSource {
        match self {
            IngestPost::Call(_) => LeadSource::AiCall,
            _ => LeadSource::Chatbot,
        }
    }
}

/// Applies a post in the caller's transaction.
pub async fn apply(auth: &mut ApiKeyAuth, post: IngestPost) -> Result<IngestResult, ApiError> {
    let source = post.default_source();
    let (contact, consents) = match &post {
        IngestPost::Lead(p) => (&p.contact, &p.consents),
        IngestPost::Conversation(p) => (&p.contact, &p.consents),
        IngestPost::Call(p) => (&p.contact, &p.consents),
    };
    let (lead_id, created) = upsert_lead(auth, contact.clone(), source).await?;
    let consents_recorded = consent::record(auth, lead_id, consents.clone())
        .await?
        .len() as u32;
    let record_id = match post {
        IngestPost::Lead(_) => None,
        IngestPost::Conversation(p) => Some(
            activity::add_conversation(auth, lead_id, p.conversation)
                .await?
                .id,
        ),
        IngestPost::Call(p) => Some(activity::add_call(auth, lead_id, p.call).await?.id),
    };
    Ok(IngestResult {
        lead_id,
        created,
        record_id,
        consents_recorded,
    })
}

/// The lead these contact details belong to, merged with what the post adds, or a new one.
async fn upsert_lead(
    auth: &mut ApiKeyAuth,
    contact: IngestContact,
    source: LeadSource,
) -> Result<(LeadId, bool), ApiError> {
    let incoming = LeadChanges {
        name: contact.name.filter(|n| !n.trim().is_empty()),
        emails: Some(contact.emails),
        phones: Some(contact.phones),
        source: Some(contact.source.unwrap_or(source)),
        source_detail: Some(contact.source_detail),
        preferences: contact.preferences,
        tags: Some(contact.tags),
        notes: contact.notes,
        time_zone: Some(contact.time_zone),
        ..LeadChanges::default()
    }
    .normalised()?;
    let emails = incoming.emails.clone().unwrap_or_default();
    let phones = incoming.phones.clone().unwrap_or_default();
    if emails.is_empty() && phones.is_empty() {
        return Err(ApiError::validation(
            "ingest_needs_contact",
            "Send at least one email address or phone number, so the lead can be found again.",
        ));
    }
    // Under the clock lock: two posts about one new person cannot both create a lead.
    auth.tx.next_version().await?;
    match store::find_by_contact(&mut auth.tx, &emails, &phones).await? {
        Some(existing) => {
            let changes = merge(&existing, incoming);
            if !changes.fields().is_empty() {
                leads::update(auth, existing.id, changes, WriteOrigin::DIRECT).await?;
            }
            Ok((existing.id, false))
        }
        None => {
            let mut changes = incoming;
            // A chatbot may not know the name yet; the contact stands in until it does.
            if changes.name.is_none() {
                changes.name = emails.first().or(phones.first()).cloned();
            }
            let lead = leads::create(auth, LeadId::new(), changes, WriteOrigin::DIRECT).await?;
            Ok((lead.id, true))
        }
    }
}

/// What a post adds to a lead: new emails, phones and tags, notes appended, and values
/// for fields the lead has none of. What people wrote on the lead is never overwritten.
fn merge(existing: &Lead, incoming: LeadChanges) -> LeadChanges {
    let union = |have: &[String], add: Option<Vec<String>>| {
        let add = add.unwrap_or_default();
        let fresh: Vec<String> = add
            .into_iter()
            .filter(|v| !have.iter().any(|h| h.eq_ignore_ascii_case(v)))
            .collect();
        (!fresh.is_empty()).then(|| have.iter().cloned().chain(fresh).collect())
    };
    let notes = incoming.notes.filter(|n| !n.trim().is_empty()).map(|n| {
        if existing.notes.is_empty() {
            n
        } else {
            format!("{}\n\n{n}", existing.notes)
        }
    });
    LeadChanges {
        emails: union(&existing.emails, incoming.emails),
        phones: union(&existing.phones, incoming.phones),
        tags: union(&existing.tags, incoming.tags),
        notes,
        source_detail: incoming
            .source_detail
            .filter(|d| d.is_some() && existing.source_detail.is_none()),
        preferences: incoming
            .preferences
            .filter(|_| existing.preferences == LeadPreferences::default()),
        time_zone: incoming
            .time_zone
            .filter(|z| z.is_some() && existing.time_zone.is_none()),
        ..LeadChanges::default()
    }
}

/// A post's idempotency key and the hash of what it asked, when it carries a key. Only
/// the key's hash is stored: callers choose keys, and some make them of personal data.
pub struct Idempotency {
    key_hash: String,
    request_hash: String,
}

/// A stored answer to give again.
pub struct Replay {
    pub status: StatusCode,
    pub body: Value,
}

impl Idempotency {
    /// Reads the header. The hash covers the route and the body as parsed JSON (keys
    /// sorted), so formatting does not matter but any change of meaning does.
    pub fn from_headers(
        headers: &HeaderMap,
        route: &str,
        body: &Value,
    ) -> Result<Option<Self>, ApiError> {
        let Some(value) = headers.get(IDEMPOTENCY_HEADER) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY)
            .ok_or_else(|| {
                ApiError::validation(
                    "invalid_idempotency_key",
                    format!(
                        "The Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} visible characters."
                    ),
                )
            })?;
        let mut hasher = Sha256::new();
        hasher.update(route.as_bytes());
        hasher.update([0]);
        hasher.update(body.to_string().as_bytes());
        Ok(Some(Self {
            key_hash: hex::encode(Sha256::digest(key.as_bytes())),
            request_hash: hex::encode(hasher.finalize()),
        }))
    }

    /// The stored answer for this key, if any; a different request under it is refused.
    pub async fn replay(&self, auth: &mut ApiKeyAuth) -> Result<Option<Replay>, ApiError> {
        let stored: Option<(String, i32, Json<Value>)> = sqlx::query_as(
            "select request_hash, response_status, response_body from ingest_requests
              where tenant_id = $1 and key_hash = $2",
        )
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(&self.key_hash)
        .fetch_optional(auth.tx.conn())
        .await?;
        let Some((hash, status, Json(body))) = stored else {
            return Ok(None);
        };
        if hash != self.request_hash {
            return Err(ApiError::validation(
                "idempotency_key_reused",
                "This Idempotency-Key was used for a different request. Use a new key for a new request.",
            ));
        }
        let status = u16::try_from(status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored status {status}")))?;
        Ok(Some(Replay { status, body }))
    }

    /// Stores the answer, in the post's transaction.
    pub async fn remember(
        &self,
        auth: &mut ApiKeyAuth,
        status: StatusCode,
        body: &Value,
    ) -> Result<(), ApiError> {
        sqlx::query(
            "insert into ingest_requests (tenant_id, key_hash, request_hash, response_status, response_body)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(&self.key_hash)
        .bind(&self.request_hash)
        .bind(i32::from(status.as_u16()))
        .bind(Json(body))
        .execute(auth.tx.conn())
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn lead(changes: LeadChanges) -> Lead {
        Lead::create(LeadId::new(), &changes.normalised().unwrap(), Utc::now()).unwrap()
    }

    #[test]
    fn merging_adds_and_never_overwrites() {
        let existing = lead(LeadChanges {
            name: Some("Ann Lee".into()),
            emails: Some(vec!["ann@lee.test".into()]),
            tags: Some(vec!["VIP".into()]),
            notes: Some("Prefers mornings.".into()),
            time_zone: Some(Some("America/Denver".into())),
            ..LeadChanges::default()
        });
        let incoming = LeadChanges {
            name: Some("Annie".into()),
            emails: Some(vec!["ann@lee.test".into(), "ann@work.test".into()]),
            phones: Some(vec!["+14155552671".into()]),
            tags: Some(vec!["vip".into(), "buyer".into()]),
            notes: Some("Asked about 12 Oak St.".into()),
            time_zone: Some(Some("America/Chicago".into())),
            source_detail: Some(Some("homepage widget".into())),
            ..LeadChanges::default()
        };
        let merged = merge(&existing, incoming);
        assert_eq!(merged.name, None, "the name people wrote stays");
        assert_eq!(merged.emails.unwrap(), ["ann@lee.test", "ann@work.test"]);
        assert_eq!(merged.phones.unwrap(), ["+14155552671"]);
        assert_eq!(merged.tags.unwrap(), ["VIP", "buyer"]);
        assert_eq!(
            merged.notes.unwrap(),
            "Prefers mornings.\n\nAsked about 12 Oak St."
        );
        assert_eq!(merged.time_zone, None);
        assert_eq!(merged.source_detail, Some(Some("homepage widget".into())));
        let nothing_new = merge(
            &existing,
            LeadChanges {
                emails: Some(vec!["ann@lee.test".into()]),
                ..LeadChanges::default()
            },
        );
        assert!(nothing_new.fields().is_empty());
    }
}
