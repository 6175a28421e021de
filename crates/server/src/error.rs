//! The API's one error type. Each variant maps to an HTTP status and a stable code;
//! the message is safe to show a person. Internal causes are logged, never returned.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::plan::QuotaExceeded;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Validation { code: &'static str, message: String },
    /// The caller is not signed in, or their sign-in is no longer valid.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    /// Signed in, but not allowed to do this.
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Too many requests; the response says when to try again.
    #[error("{message}")]
    RateLimited {
        code: &'static str,
        retry_after_secs: u64,
        message: String,
    },
    /// It existed, but is used up for good (an expired or revoked invitation).
    #[error("{message}")]
    Gone { code: &'static str, message: String },
    #[error("the service is temporarily unavailable")]
    Unavailable,
    /// A service the API depends on (such as DNS) did not answer; trying later may work.
    #[error("{message}")]
    UpstreamUnavailable { code: &'static str, message: String },
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Gone { .. } => StatusCode::GONE,
            ApiError::Unavailable | ApiError::UpstreamUnavailable { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "not_found",
            ApiError::Validation { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Gone { code, .. }
            | ApiError::RateLimited { code, .. }
            | ApiError::UpstreamUnavailable { code, .. } => code,
            ApiError::Unavailable => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl ApiError {
    pub fn validation(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Validation {
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Forbidden {
            code,
            message: message.into(),
        }
    }
}

/// Parses a value read back from the database. The tables' CHECK constraints admit only
/// valid values, so a failure is a bug on our side, not the caller's.
pub fn parse_stored<T: std::str::FromStr>(raw: &str) -> Result<T, ApiError>
where
    T::Err: std::fmt::Display,
{
    raw.parse().map_err(|e: T::Err| {
        ApiError::Internal(anyhow::anyhow!("unreadable stored value {raw:?}: {e}"))
    })
}

/// A unit enum read back from its stored (serde) name; like [`parse_stored`], a failure
/// is a bug on our side.
pub fn parse_stored_enum<T: serde::de::DeserializeOwned>(text: String) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(text))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("unreadable stored value: {e}")))
}

/// The name a unit enum is stored under: its serde name.
pub fn stored_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        _ => unreachable!("a unit enum serialises as a string"),
    }
}

/// Over a plan limit: 403, because the caller may not do this on the current plan (it is
/// not a conflict a retry could resolve), with core's message saying what to upgrade.
impl From<QuotaExceeded> for ApiError {
    fn from(exceeded: QuotaExceeded) -> Self {
        ApiError::forbidden("quota_exceeded", exceeded.to_string())
    }
}

/// Text refused at the edge (an email, a person's name): 422 with the rule's own code.
impl From<brokerdesk_core::people::TextInvalid> for ApiError {
    fn from(invalid: brokerdesk_core::people::TextInvalid) -> Self {
        ApiError::validation(invalid.code, invalid.message)
    }
}

/// A commission plan, assignment or simulation core refused: 422 with core's code.
impl From<brokerdesk_core::commissions::CommissionInvalid> for ApiError {
    fn from(invalid: brokerdesk_core::commissions::CommissionInvalid) -> Self {
        ApiError::validation(invalid.code, invalid.message)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::warn!(%error, "database unavailable");
                ApiError::Unavailable
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            // The cause stays in the logs, tied to the request by the request-id span.
            tracing::error!(error = ?cause, "request failed");
        }
        let message = match &self {
            ApiError::Internal(_) => {
                "Something went wrong on our side. Try again; if it keeps happening, contact support with the request id.".to_owned()
            }
            other => other.to_string(),
        };
        let mut response =
            (self.status(), Json(ErrorBody::new(self.code(), message))).into_response();
        if let ApiError::RateLimited {
            retry_after_secs, ..
        } = self
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after_secs.into());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(error: ApiError) -> (StatusCode, ErrorBody) {
        let response = error.into_response();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn internal_errors_hide_their_cause() {
        let (status, body) = body_of(ApiError::Internal(anyhow::anyhow!(
            "password=hunter2 in DSN"
        )))
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body.code, "internal");
        assert!(!body.message.contains("hunter2"));
    }

    #[tokio::test]
    async fn each_variant_has_its_status_and_code() {
        let (status, body) = body_of(ApiError::NotFound("no such route: GET /x".into())).await;
        assert_eq!(
            (status, body.code.as_str()),
            (StatusCode::NOT_FOUND, "not_found")
        );
        assert_eq!(body.message, "no such route: GET /x");

        let (status, body) = body_of(ApiError::Validation {
            code: "invalid_subdomain",
            message: "too long".into(),
        })
        .await;
        assert_eq!(
            (status, body.code.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_subdomain")
        );

        let (status, body) = body_of(ApiError::from(sqlx::Error::PoolTimedOut)).await;
        assert_eq!(
            (status, body.code.as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        );
    }
}
