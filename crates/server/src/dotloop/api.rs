//! Calls to Dotloop's API v2 for one tenant: the bearer token (refreshed once on a 401;
//! a second 401 marks the connection `needs_reconnect`), the rate-limit headers (a spent
//! budget waits for the reset), and back-off on 429.

use brokerdesk_core::ids::TenantId;
use brokerdesk_core::transactions::rate_limit::{RateLimit, back_off_after_429};
use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::Duration;

use super::tokens::{self, AccessToken};
use super::{Dotloop, needs_reconnect, upstream};
use crate::error::ApiError;

/// 429s in a row before a run gives up (the waits grow to 64 s each).
const MAX_429_RETRIES: u32 = 8;
/// The longest wait a header can ask for; a Reset further out is taken as garbled.
const MAX_WAIT: Duration = Duration::from_secs(120);

/// One tenant's session with the API, carrying what the last answer said about the
/// rate limit into the next call.
pub struct ApiSession {
    dotloop: Dotloop,
    tenant: TenantId,
    token: AccessToken,
    rate: RateLimit,
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response.headers().get(name)?.to_str().ok()
}

impl ApiSession {
    pub async fn open(dotloop: &Dotloop, tenant: TenantId) -> Result<Self, ApiError> {
        let token = tokens::access_token(dotloop, tenant).await?;
        Ok(Self {
            dotloop: dotloop.clone(),
            tenant,
            token,
            rate: RateLimit::default(),
        })
    }

    /// GETs `path` (under the API base) and reads the answer as `T`.
    pub async fn get<T: DeserializeOwned>(
        &mut self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        self.get_optional(path, query)
            .await?
            .ok_or_else(|| upstream(format!("{path} was not found")))
    }

    /// As [`ApiSession::get`], with None for a 404 (a loop merged away or deleted).
    pub async fn get_optional<T: DeserializeOwned>(
        &mut self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Option<T>, ApiError> {
        self.call(Method::GET, path, query, None).await
    }

    /// POSTs `body` as JSON to `path`.
    pub async fn post<T: DeserializeOwned>(
        &mut self,
        path: &str,
        body: &Value,
    ) -> Result<T, ApiError> {
        self.call(Method::POST, path, &[], Some(body))
            .await?
            .ok_or_else(|| upstream(format!("{path} was not found")))
    }

    async fn call<T: DeserializeOwned>(
        &mut self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Option<T>, ApiError> {
        let url = format!("{}{path}", self.dotloop.config.api_url);
        let mut refreshed = false;
        let mut attempt_429 = 0;
        loop {
            if let Some(pause) = self.rate.pause_before_next_call() {
                tokio::time::sleep(pause.min(MAX_WAIT)).await;
                self.rate = RateLimit::default();
            }
            let mut request = self
                .dotloop
                .http
                .request(method.clone(), &url)
                .bearer_auth(&self.token.token)
                .query(query);
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request
                .send()
                .await
                .map_err(|e| upstream(e.without_url()))?;
            self.rate = RateLimit::from_headers(
                header(&response, "x-ratelimit-limit"),
                header(&response, "x-ratelimit-remaining"),
                header(&response, "x-ratelimit-reset"),
                Utc::now(),
            );
            match response.status() {
                StatusCode::TOO_MANY_REQUESTS if attempt_429 < MAX_429_RETRIES => {
                    let wait = back_off_after_429(&self.rate, attempt_429).min(MAX_WAIT);
                    attempt_429 += 1;
                    tracing::info!(?wait, path, "Dotloop answered 429; backing off");
                    // The wait is the answer's own; the budget it reported is spent.
                    self.rate = RateLimit::default();
                    tokio::time::sleep(wait).await;
                }
                StatusCode::UNAUTHORIZED if !refreshed => {
                    refreshed = true;
                    self.token =
                        tokens::replace_refused(&self.dotloop, self.tenant, &self.token).await?;
                }
                StatusCode::UNAUTHORIZED => {
                    tokens::refused_after_refresh(&self.dotloop, self.tenant).await?;
                    return Err(needs_reconnect());
                }
                StatusCode::NOT_FOUND => return Ok(None),
                status if status.is_success() => {
                    let body = response
                        .json()
                        .await
                        .map_err(|e| upstream(e.without_url()))?;
                    return Ok(Some(body));
                }
                status => return Err(upstream(format!("{path} answered {status}"))),
            }
        }
    }
}
