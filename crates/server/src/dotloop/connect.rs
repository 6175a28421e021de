//! Connecting a brokerage's Dotloop account: the authorize URL (with a `state` bound to
//! the tenant and user), then the callback the browser lands on, which exchanges the
//! code, stores the tokens sealed, reads the account's profile and starts the first
//! import.

use brokerdesk_core::ids::{TenantId, UserId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::transactions::dotloop_api::{Envelope, Profile};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use super::api::ApiSession;
use super::oauth::{self, StateRefused, TakenState};
use super::pages::CallbackPage;
use super::runs::Trigger;
use super::{Dotloop, connection, importer, webhooks};
use crate::auth::Authenticated;
use crate::auth::audit::{record, user_event};
use crate::db::TenantTx;
use crate::error::ApiError;

/// Where to send the browser to connect: a URL with a fresh, single-use `state`.
pub async fn authorize_url(
    auth: &mut Authenticated,
    dotloop: &Dotloop,
) -> Result<String, ApiError> {
    auth.require(Permission::ManageDotloop)?;
    let client = dotloop.client()?;
    let state = oauth::issue_state(&mut auth.tx, auth.user.id).await?;
    auth.audit("dotloop.connect_started", None, json!({}))
        .await?;
    oauth::authorize_url(&dotloop.config, client, &state)
}

/// What Dotloop appends to the redirect URI.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    /// `access_denied` when the person declined.
    pub error: Option<String>,
}

/// Completes a connect; every outcome is a page for the browser.
pub async fn callback(dotloop: &Dotloop, query: CallbackQuery) -> Result<CallbackPage, ApiError> {
    let client = dotloop.client()?;
    let Some(state) = query.state.as_deref() else {
        return Ok(CallbackPage::bad_state());
    };
    let TakenState { mut tx, user } = match oauth::take_state(&dotloop.db, state).await? {
        Ok(taken) => taken,
        Err(StateRefused::Unknown) => return Ok(CallbackPage::bad_state()),
        Err(StateRefused::Expired) => return Ok(CallbackPage::expired()),
    };
    let (Some(code), None) = (query.code.as_deref(), query.error.as_deref()) else {
        audit(&mut tx, user, "dotloop.connect_declined").await?;
        tx.commit().await?;
        return Ok(CallbackPage::denied());
    };
    let tokens = match oauth::exchange_code(&dotloop.http, &dotloop.config, client, code).await {
        Ok(tokens) => tokens,
        Err(error) => {
            tracing::warn!(
                ?error,
                "Dotloop refused or did not answer the code exchange"
            );
            audit(&mut tx, user, "dotloop.connect_failed").await?;
            tx.commit().await?;
            return Ok(CallbackPage::failed());
        }
    };
    let tenant = tx.tenant_id();
    // Saved before the profile is read, so the API session below finds the tokens.
    connection::save(&mut tx, &dotloop.master_key, user, &tokens).await?;
    audit(&mut tx, user, "dotloop.connected").await?;
    tx.commit().await?;
    after_connect(dotloop, tenant).await;
    Ok(CallbackPage::connected())
}

async fn audit(tx: &mut TenantTx, user: UserId, action: &str) -> Result<(), ApiError> {
    let display: String =
        sqlx::query_scalar("select display_name from users where tenant_id = $1 and id = $2")
            .bind(tx.tenant_id().as_uuid())
            .bind(user.as_uuid())
            .fetch_optional(tx.conn())
            .await?
            .unwrap_or_default();
    let event = user_event(
        tx.tenant_id(),
        Some((user, &display)),
        &Default::default(),
        action,
        None,
        json!({}),
    );
    record(tx, event).await
}

/// Names the account (its first profile), subscribes to its webhooks and starts the
/// first import. None of it undoes the connection when it fails: the app shows the
/// connection, and the schedule retries the import.
async fn after_connect(dotloop: &Dotloop, tenant: TenantId) {
    if let Err(error) = name_account(dotloop, tenant).await {
        tracing::warn!(%tenant, %error, "could not read the new Dotloop connection's profile");
    }
    if let Err(error) = webhooks::subscribe(dotloop, tenant).await {
        tracing::warn!(%tenant, %error, "could not subscribe to the Dotloop account's webhooks");
    }
    match importer::start(dotloop, tenant, Trigger::Manual).await {
        Ok(run) => {
            let dotloop = dotloop.clone();
            tokio::spawn(async move { importer::finish(&dotloop, run).await });
        }
        Err(error) => tracing::info!(%tenant, %error, "the first Dotloop import did not start"),
    }
}

async fn name_account(dotloop: &Dotloop, tenant: TenantId) -> Result<(), ApiError> {
    let mut api = ApiSession::open(dotloop, tenant).await?;
    let profiles: Envelope<Vec<Profile>> = api.get("/profile", &[]).await?;
    let Some(first) = profiles.data.first() else {
        return Ok(());
    };
    let mut tx = super::runs::scoped(&dotloop.db, tenant).await?;
    connection::name_account(&mut tx, &first.id, first.name.as_deref()).await?;
    tx.commit().await?;
    Ok(())
}
