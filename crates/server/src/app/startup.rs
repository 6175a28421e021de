//! Building and running the HTTP application.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use super::config::ServeConfig;
use super::{api_router, fallback, sync_sources};
use crate::auth::tokens::TokenKeys;
use crate::db::Database;
use crate::dns::TxtResolver;
use crate::dotloop::{self, Dotloop};
use crate::edge;
use crate::export::Exports;
use crate::kb;
use crate::mail::{self, Mailer};
use crate::rate_limit::RateLimiter;
use crate::retention;
use crate::sealed::MasterKey;
use crate::state::AppState;
use crate::sync::protocol_gate::require_supported_protocol;
use crate::sync::wakeups::Wakeups;
use crate::tenancy;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Requests larger than this are refused before a handler sees them.
const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// JSON bodies may be [`MAX_BODY_BYTES`] long, except on the routes that carry files.
const JSON_LIMITS: edge::input::JsonLimits = edge::input::JsonLimits {
    default: MAX_BODY_BYTES,
    larger: &[(kb::upload::UPLOAD_PATH, kb::upload::MAX_UPLOAD_BODY)],
};
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Database,
    /// The scheduled Dotloop import, stopped with the server.
    dotloop_schedule: Option<tokio::task::JoinHandle<()>>,
    /// The retention scheduler, likewise.
    retention_schedule: Option<tokio::task::JoinHandle<()>>,
    /// The purge of deleted tenants, stopped with the server.
    tenant_purge: Option<tokio::task::JoinHandle<()>>,
}

impl Application {
    pub async fn build(config: &ServeConfig) -> anyhow::Result<Self> {
        let mut db = Database::connect(config.app_options()?, config.max_connections).await?;
        if let Some(listen) = config.listen_options()? {
            db = db.listen_through(listen);
        }
        let master_key = match &config.master_key {
            Some(encoded) => MasterKey::from_base64(encoded)?,
            None => {
                tracing::warn!(
                    "no BROKERDESK_MASTER_KEY set: sealed secrets will not survive a restart"
                );
                MasterKey::ephemeral()
            }
        };
        let mailer = mail::from_config(config.smtp_url.as_deref(), &config.mail_from)?;
        if config.smtp_url.is_none() {
            tracing::info!("no BROKERDESK_SMTP_URL set: mail goes to each tenant's outbox");
        }
        let security = Security {
            tokens: TokenKeys::from_config(config.jwt_secret.as_deref())?,
            rate_limiter: RateLimiter::new(
                config.rate_limit_store,
                &db,
                config.auth_attempts_per_ip,
            ),
            master_key,
        };
        let public_url = config.public_base_url()?;
        let dotloop = Dotloop::new(
            config.dotloop.resolve(&public_url)?,
            db.clone(),
            security.master_key.clone(),
            config.dotloop.store.clone(),
        )?;
        let outbound = Outbound {
            mailer: mailer.into(),
            public_url,
            dns: TxtResolver::new(config.dns_server)?,
            kb_fetcher: kb::import::Fetcher::new(
                &config.kb_fetch_allow_hosts,
                TxtResolver::new(config.dns_server)?,
            )?,
            wakeups: Wakeups::listen(&db).await?,
            dotloop,
            exports: Exports::new(db.clone(), config.export_dir())?,
        };
        let listener = TcpListener::bind(config.listen).await?;
        let dotloop_schedule = dotloop::schedule::spawn(outbound.dotloop.clone());
        let retention_schedule =
            retention::scheduler::spawn(db.clone(), config.retention_interval_secs);
        let tenant_purge = tenancy::deletion::purge::spawn(
            db.clone(),
            Duration::from_secs(config.tenant_purge_interval_secs),
        );
        Ok(Self {
            listener,
            dotloop_schedule,
            retention_schedule,
            tenant_purge,
            router: router(
                db.clone(),
                security,
                outbound,
                config.base_domain.as_deref(),
            ),
            db,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves, then lets requests in flight finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // Connection info gives handlers the peer address for sessions and the audit trail.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await?;
        for task in [
            self.dotloop_schedule,
            self.retention_schedule,
            self.tenant_purge,
        ]
        .into_iter()
        .flatten()
        {
            task.abort();
        }
        self.db.close().await;
        Ok(())
    }
}

/// The keys and limits the router enforces.
pub struct Security {
    pub tokens: TokenKeys,
    pub rate_limiter: RateLimiter,
    pub master_key: MasterKey,
}

/// How the API reaches out: mail, the address its links start with, DNS, the web
/// import's fetcher, the wake-ups that tell waiting devices their tenant changed, Dotloop,
/// and the storage exports are written to.
pub struct Outbound {
    pub mailer: Arc<dyn Mailer>,
    pub public_url: String,
    pub dns: TxtResolver,
    /// The knowledge base's web import: its allow list and resolver.
    pub kb_fetcher: kb::import::Fetcher,
    pub wakeups: Wakeups,
    pub dotloop: Dotloop,
    /// Where tenant exports are written, and the jobs that write them.
    pub exports: Exports,
}

pub fn router(
    db: Database,
    security: Security,
    outbound: Outbound,
    base_domain: Option<&str>,
) -> Router {
    let (api, mut openapi) = api_router().split_for_parts();
    super::openapi::declare_shared_answers(&mut openapi);
    let Security {
        tokens,
        rate_limiter,
        master_key,
    } = security;
    let Outbound {
        mailer,
        public_url,
        dns,
        kb_fetcher,
        wakeups,
        dotloop,
        exports,
    } = outbound;
    let state = AppState {
        db,
        tokens,
        rate_limiter,
        master_key,
        base_domain: base_domain.map(|d| d.trim_start_matches('.').to_ascii_lowercase().into()),
        openapi: Arc::new(serde_json::to_value(&openapi).expect("the OpenAPI document serialises")),
        mailer,
        public_url: public_url.into(),
        dns,
        wakeups,
    };
    api.fallback(fallback)
        .with_state(state)
        // The sync endpoints' sources, given as an extension rather than in `AppState`,
        // so the state (which every extractor takes) names no domain's sync code.
        .layer(axum::Extension(sync_sources()))
        // Dotloop's settings and client, likewise kept out of `AppState`.
        .layer(axum::Extension(dotloop))
        // The web import's fetcher, likewise.
        .layer(axum::Extension(kb_fetcher))
        // The export directory and its jobs, likewise.
        .layer(axum::Extension(exports))
        .layer(axum::middleware::from_fn(require_supported_protocol))
        .layer(axum::middleware::from_fn(|request, next| {
            edge::input::refuse_unsafe_input(JSON_LIMITS, request, next)
        }))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        // Outside the timeout, so its empty 503 gets the error shape too.
        .layer(axum::middleware::map_response(edge::errors::json_errors))
        // Layers run bottom-up: the id is set first, the span records it, and the
        // response carries it back so a user can quote it to support.
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    // tenant and user are filled in once the request is authenticated.
    tracing::info_span!(
        "request",
        request_id,
        method = %request.method(),
        path = %request.uri().path(),
        tenant = tracing::field::Empty,
        user = tracing::field::Empty,
    )
}
