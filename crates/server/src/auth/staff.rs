//! The `StaffAuthenticated` extractor for platform-staff routes. Staff tokens have their
//! own audience, and each request re-checks the staff session in a platform-scoped
//! transaction, which can see the registry and staff tables but no tenant's data.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use uuid::Uuid;

use super::extract::client_info;
use super::sessions::ClientInfo;
use crate::db::PlatformTx;
use crate::error::ApiError;
use crate::state::AppState;

pub struct StaffAuthenticated {
    pub tx: PlatformTx,
    pub staff_id: Uuid,
    pub display_name: String,
    pub client: ClientInfo,
}

impl FromRequestParts<AppState> for StaffAuthenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let refused =
            || ApiError::unauthorized("staff_sign_in_required", "Sign in as platform staff.");
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(refused)?;
        let claims = state.tokens.verify_staff(token).ok_or_else(refused)?;
        let mut tx = state
            .db
            .begin_platform(&format!("staff:{}", claims.sub))
            .await?;
        let display_name: Option<String> = sqlx::query_scalar(
            "select st.display_name from staff_sessions ss join staff st on st.id = ss.staff_id
              where ss.id = $1 and ss.staff_id = $2 and ss.revoked_at is null
                and ss.expires_at > now() and st.status = 'active'",
        )
        .bind(claims.sid)
        .bind(claims.sub)
        .fetch_optional(tx.conn())
        .await?;
        let display_name = display_name.ok_or_else(refused)?;
        tracing::Span::current().record(
            "user",
            tracing::field::display(format!("staff:{}", claims.sub)),
        );
        Ok(Self {
            tx,
            staff_id: claims.sub,
            display_name,
            client: client_info(parts),
        })
    }
}
