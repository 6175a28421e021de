//! Fetching one URL for the import: through the guard at every hop (redirects are
//! followed here, at most [`MAX_REDIRECTS`], each checked like the first address), with
//! the connection pinned to the checked address, a time limit per fetch, and a size
//! limit read as the body arrives (a page that runs over is dropped, not truncated).

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{StatusCode, Url, redirect};
use tokio::time::Instant;

use super::FetchError;
use super::guard::{self, AllowList};
use crate::dns::TxtResolver;

pub const MAX_REDIRECTS: usize = 5;
/// How long one fetch (all its redirects) may take.
pub const FETCH_TIME_LIMIT: Duration = Duration::from_secs(10);

/// The name robots.txt rules address the import by (`User-agent: BrokerdeskBot`).
pub const ROBOTS_AGENT: &str = "BrokerdeskBot";

/// What the import identifies itself as to servers.
pub fn user_agent() -> String {
    format!("{ROBOTS_AGENT}/{}", env!("CARGO_PKG_VERSION"))
}

/// The import's way out to the web: the operator's allow list and the resolver.
#[derive(Clone)]
pub struct Fetcher {
    allow: Arc<AllowList>,
    dns: TxtResolver,
}

/// A fetched body and what it says it is, from the URL it was finally fetched at.
pub struct Fetched {
    pub url: Url,
    pub media_type: String,
    pub body: Vec<u8>,
}

impl Fetcher {
    pub fn new(allow_hosts: &[String], dns: TxtResolver) -> anyhow::Result<Self> {
        Ok(Self {
            allow: Arc::new(AllowList::parse(allow_hosts)?),
            dns,
        })
    }

    /// GETs `url`, following redirects, within [`FETCH_TIME_LIMIT`] and `deadline`,
    /// refusing a body over `max_bytes`.
    pub async fn get(
        &self,
        url: &Url,
        max_bytes: usize,
        deadline: Instant,
    ) -> Result<Fetched, FetchError> {
        let deadline = deadline.min(Instant::now() + FETCH_TIME_LIMIT);
        let mut current = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            let address = guard::check(&current, &self.allow, &self.dns).await?;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(FetchError::timed_out(&current));
            }
            let mut client = reqwest::Client::builder()
                .redirect(redirect::Policy::none())
                .no_proxy()
                .user_agent(user_agent())
                .timeout(remaining);
            if let Some(domain) = current.domain() {
                // Connect to the address checked, never one a second lookup returns.
                client = client.resolve(domain, address);
            }
            let client = client
                .build()
                .map_err(|_| FetchError::failed("The page could not be fetched."))?;
            let response = client
                .get(current.clone())
                .send()
                .await
                .map_err(|error| FetchError::from_reqwest(&current, &error))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| current.join(l).ok())
                    .ok_or_else(|| {
                        FetchError::failed(format!("{current} redirects without a valid address."))
                    })?;
                current = location;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::status(&current, status));
            }
            let media_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|t| t.to_str().ok())
                .unwrap_or("application/octet-stream")
                .to_owned();
            let body = read_limited(response, &current, max_bytes).await?;
            return Ok(Fetched {
                url: current,
                media_type,
                body,
            });
        }
        Err(FetchError::failed(format!(
            "{url} redirects more than {MAX_REDIRECTS} times."
        )))
    }
}

async fn read_limited(
    mut response: reqwest::Response,
    url: &Url,
    max_bytes: usize,
) -> Result<Vec<u8>, FetchError> {
    let too_large = || FetchError::too_large(url, max_bytes);
    if response
        .content_length()
        .is_some_and(|length| length > max_bytes as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| FetchError::from_reqwest(url, &error))?
    {
        if body.len() + chunk.len() > max_bytes {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl FetchError {
    fn from_reqwest(url: &Url, error: &reqwest::Error) -> Self {
        if error.is_timeout() {
            FetchError::timed_out(url)
        } else {
            FetchError::failed(format!(
                "{url} could not be fetched: the connection failed."
            ))
        }
    }

    fn status(url: &Url, status: StatusCode) -> Self {
        FetchError::failed(format!("{url} answered {status}."))
    }
}
