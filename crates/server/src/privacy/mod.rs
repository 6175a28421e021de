//! The privacy-request register (core's `privacy`): requests recorded with their
//! deadlines, their status, and links to the audit entries of what was done for them.
//! Owners and admins keep it (`ManagePrivacyRequests`). The audit entries name the
//! request by id and never copy the requester's name or contact: the trail keeps no
//! personal data, the register is where it lives.

pub mod http;
pub mod sync;

use brokerdesk_core::ids::PrivacyRequestId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::privacy::{
    Deadlines, LINKABLE_ACTIONS, NewPrivacyRequest, PrivacyAction, PrivacyRequest,
    PrivacyRequestChanges,
};
use chrono::{DateTime, Days, NaiveDate, SubsecRound, Utc};
use serde_json::json;
use sqlx::types::Json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::{TenantTx, is_unique_violation};
use crate::error::{ApiError, parse_stored_enum, stored_name};

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: Uuid,
    kind: String,
    law: String,
    requester_name: String,
    requester_email: Option<String>,
    channel: String,
    received_on: NaiveDate,
    confirm_by: Option<NaiveDate>,
    respond_by: NaiveDate,
    status: String,
    closed_on: Option<NaiveDate>,
    notes: String,
    actions: Json<Vec<PrivacyAction>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, kind, law, requester_name, requester_email, channel, received_on,
    confirm_by, respond_by, status, closed_on, notes, actions, created_at, updated_at";

impl RequestRow {
    fn into_request(self) -> Result<PrivacyRequest, ApiError> {
        Ok(PrivacyRequest {
            id: PrivacyRequestId::from_uuid(self.id),
            kind: parse_stored_enum(self.kind)?,
            law: parse_stored_enum(self.law)?,
            requester_name: self.requester_name,
            requester_email: self.requester_email,
            channel: parse_stored_enum(self.channel)?,
            received_on: self.received_on,
            deadlines: Deadlines {
                confirm_by: self.confirm_by,
                respond_by: self.respond_by,
            },
            status: parse_stored_enum(self.status)?,
            closed_on: self.closed_on,
            notes: self.notes,
            actions: self.actions.0,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn no_such_request() -> ApiError {
    ApiError::NotFound("No such privacy request in this brokerage's register.".into())
}

/// The requests `ids` names (every one when none): open ones first, soonest due first.
pub async fn requests(
    tx: &mut TenantTx,
    ids: Option<&[Uuid]>,
) -> Result<Vec<PrivacyRequest>, ApiError> {
    let rows: Vec<RequestRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from privacy_requests
          where tenant_id = $1 and ($2::uuid[] is null or id = any($2))
          order by closed_on is not null, respond_by, id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(RequestRow::into_request).collect()
}

pub async fn list(auth: &mut Authenticated) -> Result<Vec<PrivacyRequest>, ApiError> {
    auth.require(Permission::ManagePrivacyRequests)?;
    requests(&mut auth.tx, None).await
}

async fn locked(
    auth: &mut Authenticated,
    id: PrivacyRequestId,
) -> Result<PrivacyRequest, ApiError> {
    let row: Option<RequestRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from privacy_requests where tenant_id = $1 and id = $2 for update"
    ))
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    row.ok_or_else(no_such_request)?.into_request()
}

/// The latest day it may be anywhere on Earth: a request received "today" in the
/// brokerage's time zone can be tomorrow's date in UTC's terms, and the reverse.
fn latest_today() -> NaiveDate {
    Utc::now().date_naive() + Days::new(1)
}

/// Records a request under `id`; its deadlines come from its law and received date.
pub async fn create(
    auth: &mut Authenticated,
    id: PrivacyRequestId,
    new: NewPrivacyRequest,
) -> Result<(PrivacyRequest, i64), ApiError> {
    auth.require(Permission::ManagePrivacyRequests)?;
    let request = new.into_request(id, latest_today(), Utc::now().trunc_subsecs(6))?;
    let version = insert(&mut auth.tx, &request).await?;
    auth.audit(
        "privacy_request.recorded",
        Some(id.to_string()),
        json!({ "kind": request.kind, "law": request.law }),
    )
    .await?;
    Ok((request, version))
}

/// Stores a new request at the transaction's version; for [`create`] and the demo seed.
pub async fn insert(tx: &mut TenantTx, request: &PrivacyRequest) -> Result<i64, ApiError> {
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into privacy_requests (tenant_id, id, kind, law, requester_name, requester_email,
                                       channel, received_on, confirm_by, respond_by, status,
                                       closed_on, notes, actions, created_at, updated_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(request.id.as_uuid())
    .bind(stored_name(&request.kind))
    .bind(stored_name(&request.law))
    .bind(&request.requester_name)
    .bind(&request.requester_email)
    .bind(stored_name(&request.channel))
    .bind(request.received_on)
    .bind(request.deadlines.confirm_by)
    .bind(request.deadlines.respond_by)
    .bind(stored_name(&request.status))
    .bind(request.closed_on)
    .bind(&request.notes)
    .bind(Json(&request.actions))
    .bind(request.created_at)
    .bind(request.updated_at)
    .bind(version)
    .execute(tx.conn())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Conflict {
                code: "privacy_request_exists",
                message: "A privacy request with this id is already in the register.".into(),
            }
        } else {
            e.into()
        }
    })?;
    Ok(version)
}

/// Writes the request's changeable fields back at a new version.
async fn store(auth: &mut Authenticated, request: &PrivacyRequest) -> Result<i64, ApiError> {
    let version = auth.tx.next_version().await?;
    sqlx::query(
        "update privacy_requests
            set status = $3, closed_on = $4, notes = $5, actions = $6, updated_at = $7, version = $8
          where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(request.id.as_uuid())
    .bind(stored_name(&request.status))
    .bind(request.closed_on)
    .bind(&request.notes)
    .bind(Json(&request.actions))
    .bind(request.updated_at)
    .bind(version)
    .execute(auth.tx.conn())
    .await?;
    Ok(version)
}

/// Changes the status or the notes.
pub async fn update(
    auth: &mut Authenticated,
    id: PrivacyRequestId,
    changes: PrivacyRequestChanges,
) -> Result<(PrivacyRequest, i64), ApiError> {
    auth.require(Permission::ManagePrivacyRequests)?;
    let mut request = locked(auth, id).await?;
    let status = changes.status;
    let notes_changed = changes.notes.is_some();
    changes.apply_to(&mut request, latest_today())?;
    request.updated_at = Utc::now().trunc_subsecs(6);
    let version = store(auth, &request).await?;
    auth.audit(
        "privacy_request.updated",
        Some(id.to_string()),
        json!({ "status": status, "notesChanged": notes_changed }),
    )
    .await?;
    Ok((request, version))
}

/// Links the audit entry `seq` (an erasure, an export, a correction) to the request.
pub async fn link_action(
    auth: &mut Authenticated,
    id: PrivacyRequestId,
    seq: i64,
) -> Result<PrivacyRequest, ApiError> {
    auth.require(Permission::ManagePrivacyRequests)?;
    let mut request = locked(auth, id).await?;
    let entry = crate::audit::by_seqs(&mut auth.tx, &[seq])
        .await?
        .pop()
        .ok_or_else(|| {
            ApiError::NotFound("No such entry in this brokerage's audit trail.".into())
        })?;
    if !LINKABLE_ACTIONS.contains(&entry.action.as_str()) {
        return Err(ApiError::validation(
            "not_a_privacy_action",
            format!(
                "Only an erasure, a lead's correction or an export answers a privacy request; entry {seq} is {}.",
                entry.action
            ),
        ));
    }
    if request.actions.iter().any(|a| a.audit_seq == seq) {
        return Ok(request);
    }
    request.actions.push(PrivacyAction {
        audit_seq: seq,
        action: entry.action,
        occurred_at: entry.occurred_at,
    });
    request.updated_at = Utc::now().trunc_subsecs(6);
    store(auth, &request).await?;
    auth.audit(
        "privacy_request.action_linked",
        Some(id.to_string()),
        json!({ "auditSeq": seq }),
    )
    .await?;
    Ok(request)
}
