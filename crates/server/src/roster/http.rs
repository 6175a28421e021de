//! The roster's routes: list, read, add and change agents.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent, RosterAgentChanges};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::roster;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_agents, add_agent))
        .routes(routes!(get_agent, change_agent))
}

/// Every agent on the roster, by name.
#[utoipa::path(
    get, path = "/v1/roster", tag = "roster",
    responses((status = 200, body = Vec<RosterAgent>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_agents(mut auth: Authenticated) -> Result<Json<Vec<RosterAgent>>, ApiError> {
    Ok(Json(roster::list(&mut auth).await?))
}

/// Adds an agent to the roster.
#[utoipa::path(
    post, path = "/v1/roster", tag = "roster", request_body = NewRosterAgent,
    responses(
        (status = 201, body = RosterAgent),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "The email is on the roster already", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_agent(
    mut auth: Authenticated,
    Json(new): Json<NewRosterAgent>,
) -> Result<(StatusCode, Json<RosterAgent>), ApiError> {
    let (agent, _) = roster::create(&mut auth, RosterAgentId::new(), new).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(agent)))
}

/// One agent.
#[utoipa::path(
    get, path = "/v1/roster/{id}", tag = "roster",
    params(("id" = Uuid, Path, description = "The agent's id")),
    responses((status = 200, body = RosterAgent), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_agent(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<RosterAgent>, ApiError> {
    Ok(Json(
        roster::get(&mut auth, RosterAgentId::from_uuid(id)).await?,
    ))
}

/// Changes some of an agent's fields: absent fields stay, `null` clears an optional one.
#[utoipa::path(
    patch, path = "/v1/roster/{id}", tag = "roster", request_body = RosterAgentChanges,
    params(("id" = Uuid, Path, description = "The agent's id")),
    responses(
        (status = 200, body = RosterAgent),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "The email is on the roster already", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_agent(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(changes): Json<RosterAgentChanges>,
) -> Result<Json<RosterAgent>, ApiError> {
    let (agent, _) = roster::update(&mut auth, RosterAgentId::from_uuid(id), changes).await?;
    auth.tx.commit().await?;
    Ok(Json(agent))
}
