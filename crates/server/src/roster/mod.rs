//! The roster of commission-earning agents: reading it, adding agents and changing them.
//! The REST routes and sync pushes both come through [`create`] and [`update`], so the
//! permission checks (ViewRoster to read, ManageRoster to write), the checks of each
//! field (core's `NewRosterAgent` and `RosterAgentChanges`) and the audit entry hold on
//! every way in. The audit entry names the agent by id and the fields changed, never
//! their values: the trail keeps no personal data.

pub mod http;
pub mod sync;

use brokerdesk_core::ids::{RosterAgentId, UserId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent, RosterAgentChanges};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::{TenantTx, is_unique_violation};
use crate::error::ApiError;

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: Uuid,
    name: String,
    email: String,
    member_id: Option<Uuid>,
    office: Option<String>,
    team: Option<String>,
    anniversary: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id, name, email, member_id, office, team, anniversary, created_at, updated_at";

impl From<AgentRow> for RosterAgent {
    fn from(row: AgentRow) -> Self {
        RosterAgent {
            id: RosterAgentId::from_uuid(row.id),
            name: row.name,
            email: row.email,
            member_id: row.member_id.map(UserId::from_uuid),
            office: row.office,
            team: row.team,
            anniversary: row.anniversary,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

fn no_such_agent() -> ApiError {
    ApiError::NotFound("No such agent on this brokerage's roster.".into())
}

fn email_taken() -> ApiError {
    ApiError::Conflict {
        code: "roster_email_taken",
        message: "An agent with this email is already on the roster.".into(),
    }
}

/// The agents `ids` names (every agent when `ids` is none), by name.
pub async fn agents(tx: &mut TenantTx, ids: Option<&[Uuid]>) -> Result<Vec<RosterAgent>, ApiError> {
    let rows: Vec<AgentRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from roster_agents
          where tenant_id = $1 and ($2::uuid[] is null or id = any($2))
          order by lower(name), id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(RosterAgent::from).collect())
}

/// The whole roster, for those who may view it.
pub async fn list(auth: &mut Authenticated) -> Result<Vec<RosterAgent>, ApiError> {
    auth.require(Permission::ViewRoster)?;
    agents(&mut auth.tx, None).await
}

/// One agent, for those who may view the roster.
pub async fn get(auth: &mut Authenticated, id: RosterAgentId) -> Result<RosterAgent, ApiError> {
    auth.require(Permission::ViewRoster)?;
    agents(&mut auth.tx, Some(&[id.as_uuid()]))
        .await?
        .pop()
        .ok_or_else(no_such_agent)
}

/// A linked member must be one of this brokerage's.
async fn check_member(tx: &mut TenantTx, member: Option<UserId>) -> Result<(), ApiError> {
    let Some(member) = member else { return Ok(()) };
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from users where tenant_id = $1 and id = $2)")
            .bind(tx.tenant_id().as_uuid())
            .bind(member.as_uuid())
            .fetch_one(tx.conn())
            .await?;
    if exists {
        Ok(())
    } else {
        Err(ApiError::validation(
            "invalid_member",
            "The linked member is not a member of this brokerage.",
        ))
    }
}

/// Adds an agent under `id` (chosen by the server, or by the device that added it
/// offline). Returns the agent and the version written.
pub async fn create(
    auth: &mut Authenticated,
    id: RosterAgentId,
    new: NewRosterAgent,
) -> Result<(RosterAgent, i64), ApiError> {
    auth.require(Permission::ManageRoster)?;
    let agent = new.into_agent(id, Utc::now().trunc_subsecs(6))?;
    check_member(&mut auth.tx, agent.member_id).await?;
    insert(&mut auth.tx, &agent).await?;
    auth.audit("roster.agent_added", Some(id.to_string()), json!({}))
        .await?;
    Ok((agent, auth.tx.next_version().await?))
}

/// Stores a new agent at the transaction's version; for [`create`] and the demo seed.
pub async fn insert(tx: &mut TenantTx, agent: &RosterAgent) -> Result<(), ApiError> {
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into roster_agents (tenant_id, id, name, email, member_id, office, team,
                                    anniversary, created_at, updated_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(agent.id.as_uuid())
    .bind(&agent.name)
    .bind(&agent.email)
    .bind(agent.member_id.map(|m| m.as_uuid()))
    .bind(&agent.office)
    .bind(&agent.team)
    .bind(agent.anniversary)
    .bind(agent.created_at)
    .bind(version)
    .execute(tx.conn())
    .await
    .map_err(|e| {
        let constraint = e.as_database_error().and_then(|d| d.constraint());
        match constraint {
            Some("roster_agents_tenant_email") => email_taken(),
            // The same id twice: a device's id for a new agent is already taken.
            Some(_) if is_unique_violation(&e) => ApiError::Conflict {
                code: "roster_agent_exists",
                message: "An agent with this id is already on the roster.".into(),
            },
            _ => e.into(),
        }
    })?;
    Ok(())
}

/// Changes some of an agent's fields; the others stay as they are. Returns the agent
/// and the version written.
pub async fn update(
    auth: &mut Authenticated,
    id: RosterAgentId,
    changes: RosterAgentChanges,
) -> Result<(RosterAgent, i64), ApiError> {
    auth.require(Permission::ManageRoster)?;
    let row: Option<AgentRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from roster_agents where tenant_id = $1 and id = $2 for update"
    ))
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    let mut agent = RosterAgent::from(row.ok_or_else(no_such_agent)?);
    let fields = changed_fields(&changes);
    changes.apply_to(&mut agent)?;
    check_member(&mut auth.tx, agent.member_id).await?;
    agent.updated_at = Utc::now().trunc_subsecs(6);
    let version = auth.tx.next_version().await?;
    sqlx::query(
        "update roster_agents
            set name = $3, email = $4, member_id = $5, office = $6, team = $7,
                anniversary = $8, updated_at = $9, version = $10
          where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(&agent.name)
    .bind(&agent.email)
    .bind(agent.member_id.map(|m| m.as_uuid()))
    .bind(&agent.office)
    .bind(&agent.team)
    .bind(agent.anniversary)
    .bind(agent.updated_at)
    .bind(version)
    .execute(auth.tx.conn())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            email_taken()
        } else {
            e.into()
        }
    })?;
    auth.audit(
        "roster.agent_changed",
        Some(id.to_string()),
        json!({ "fields": fields }),
    )
    .await?;
    Ok((agent, version))
}

/// The names of the fields a change sets, for the audit entry.
fn changed_fields(changes: &RosterAgentChanges) -> Vec<String> {
    match serde_json::to_value(changes) {
        Ok(serde_json::Value::Object(fields)) => fields.keys().cloned().collect(),
        _ => Vec::new(),
    }
}
