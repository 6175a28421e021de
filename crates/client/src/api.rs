//! The HTTP client for the hosted API. The transport and its errors live here; the
//! signed-in REST calls live in their domain's folder (`members/api.rs`,
//! `settings/api.rs`…), on [`Authorised`].

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::health::HealthReport;
use brokerdesk_core::protocol::{PROTOCOL_HEADER, PROTOCOL_VERSION};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0:?} is not a valid server address: {1}.")]
    InvalidServerUrl(String, String),
    #[error(
        "Cannot reach the Brokerdesk server at {url}. Check the address and your network connection."
    )]
    Unreachable { url: String, source: reqwest::Error },
    #[error("The Brokerdesk server at {url} did not answer in time. Try again in a moment.")]
    Timeout { url: String },
    #[error("{}", body.message)]
    Server { status: StatusCode, body: ErrorBody },
    #[error("The server sent a response this app cannot read ({0}). The app may need an update.")]
    UnreadableResponse(String),
}

impl ApiError {
    /// The HTTP status of a server refusal.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ApiError::Server { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True when the server could not be reached or did not answer: worth a retry later.
    pub fn is_offline(&self) -> bool {
        matches!(
            self,
            ApiError::Unreachable { .. } | ApiError::Timeout { .. }
        ) || self.status().is_some_and(|s| s.is_server_error())
    }

    /// The stable code the UI and scripts can branch on.
    pub fn code(&self) -> &str {
        match self {
            ApiError::InvalidServerUrl(..) => "invalid_server_url",
            ApiError::Unreachable { .. } => "server_unreachable",
            ApiError::Timeout { .. } => "server_timeout",
            ApiError::Server { body, .. } => &body.code,
            ApiError::UnreadableResponse(_) => "unreadable_response",
        }
    }

    pub fn to_body(&self) -> ErrorBody {
        ErrorBody::new(self.code(), self.to_string())
    }
}

/// What a Tauri command hands the UI: the stable code and the readable message.
impl From<ApiError> for ErrorBody {
    fn from(error: ApiError) -> Self {
        error.to_body()
    }
}

#[derive(Clone, Debug)]
pub struct ApiClient {
    base: Url,
    http: reqwest::Client,
}

impl ApiClient {
    pub fn new(server_url: &str) -> Result<Self, ApiError> {
        let invalid = |why: String| ApiError::InvalidServerUrl(server_url.to_owned(), why);
        let base = Url::parse(server_url).map_err(|e| invalid(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(invalid("use an http:// or https:// address".into()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("brokerdesk-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        Ok(Self { base, http })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The server's readiness report. A server that answers but is not ready (503)
    /// still returns its report, so the caller can say which part is down.
    pub async fn health(&self) -> Result<HealthReport, ApiError> {
        self.get_json("healthz", &[StatusCode::SERVICE_UNAVAILABLE])
            .await
    }

    /// The REST calls a signed-in user (or platform staff) makes, carrying `token`.
    /// The token is borrowed for the calls only: whoever owns the session keeps it.
    pub fn authorised<'a>(&'a self, token: &'a str) -> Authorised<'a> {
        Authorised {
            client: self,
            token,
        }
    }

    async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        also_ok: &[StatusCode],
    ) -> Result<T, ApiError> {
        let request = self.request(Method::GET, path)?;
        self.send(request, also_ok).await
    }

    /// A request to `path` (relative to the server address) carrying the protocol version.
    pub fn request(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder, ApiError> {
        let url = self
            .base
            .join(path)
            .map_err(|e| ApiError::InvalidServerUrl(self.base.to_string(), e.to_string()))?;
        Ok(self
            .http
            .request(method, url)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION))
    }

    /// Sends a JSON body with an optional bearer token and reads a JSON answer.
    pub async fn call<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let mut request = self.request(method, path)?;
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        self.send(request, &[]).await
    }

    /// Like [`ApiClient::call`] for answers without a body (204).
    pub async fn call_no_content<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
    ) -> Result<(), ApiError> {
        self.call::<B, serde::de::IgnoredAny>(method, path, token, body)
            .await
            .map(|_| ())
    }

    /// Sends a built request; a success is decoded as `T`, anything else becomes the
    /// server's `{code, message}`. An empty success body decodes as JSON `null`.
    pub async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        also_ok: &[StatusCode],
    ) -> Result<T, ApiError> {
        let bytes = self.send_for_bytes(request, also_ok).await?;
        let bytes: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        serde_json::from_slice(bytes).map_err(|e| ApiError::UnreadableResponse(e.to_string()))
    }

    /// Like [`ApiClient::send`] for answers that are text rather than JSON (a CSV file).
    pub async fn send_for_text(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<String, ApiError> {
        let bytes = self.send_for_bytes(request, &[]).await?;
        String::from_utf8(bytes).map_err(|e| ApiError::UnreadableResponse(e.to_string()))
    }

    async fn send_for_bytes(
        &self,
        request: reqwest::RequestBuilder,
        also_ok: &[StatusCode],
    ) -> Result<Vec<u8>, ApiError> {
        let response = request
            .send()
            .await
            .map_err(|source| self.transport_error(source))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|source| self.transport_error(source))?;
        if status.is_success() || also_ok.contains(&status) {
            return Ok(bytes.to_vec());
        }
        Err(refusal(status, &bytes))
    }

    /// Sends a built request and hands back a successful response unread, for a body
    /// too large to hold (a file streamed to disk); anything else becomes the server's
    /// `{code, message}`.
    pub(crate) async fn send_for_response(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ApiError> {
        let response = request
            .send()
            .await
            .map_err(|source| self.transport_error(source))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|source| self.transport_error(source))?;
        Err(refusal(status, &bytes))
    }

    pub(crate) fn transport_error(&self, source: reqwest::Error) -> ApiError {
        let url = self.base.to_string();
        if source.is_timeout() {
            ApiError::Timeout { url }
        } else {
            ApiError::Unreachable { url, source }
        }
    }
}

/// A refusal's `{code, message}`, or one that says the server gave none.
fn refusal(status: StatusCode, bytes: &[u8]) -> ApiError {
    let body = serde_json::from_slice(bytes).unwrap_or_else(|_| {
        ErrorBody::new(
            "http_error",
            format!("The server answered {status} without an explanation."),
        )
    });
    ApiError::Server { status, body }
}

/// An [`ApiClient`] with an access token: the base the per-domain calls (`<domain>/api.rs`) hang
/// off. Paths are relative to the server URL, e.g. `v1/users`.
#[derive(Clone, Copy)]
pub struct Authorised<'a> {
    pub(crate) client: &'a ApiClient,
    token: &'a str,
}

impl Authorised<'_> {
    pub(crate) fn request(
        &self,
        method: Method,
        path: &str,
    ) -> Result<reqwest::RequestBuilder, ApiError> {
        Ok(self.client.request(method, path)?.bearer_auth(self.token))
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let request = self.request(Method::GET, path)?;
        self.client.send(request, &[]).await
    }

    /// Sends `body` as JSON with `method` and reads the JSON answer.
    pub(crate) async fn call<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let request = self.request(method, path)?.json(body);
        self.client.send(request, &[]).await
    }

    /// For actions named by their path alone, such as `…/revoke`.
    pub(crate) async fn post<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let request = self.request(Method::POST, path)?;
        self.client.send(request, &[]).await
    }

    /// For routes that answer 204 with no body.
    pub(crate) async fn call_for_no_content(
        &self,
        method: Method,
        path: &str,
    ) -> Result<(), ApiError> {
        let request = self.request(method, path)?;
        self.client
            .send::<serde::de::IgnoredAny>(request, &[])
            .await
            .map(drop)
    }
}
