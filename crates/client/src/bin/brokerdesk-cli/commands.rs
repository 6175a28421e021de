//! What each subcommand does: thin calls into brokerdesk-client's sessions and engine.

use brokerdesk_client::cache::TenantCache;
use brokerdesk_client::secrets::OsKeychain;
use brokerdesk_client::session::{Account, Session, SessionError, SessionManager};
use brokerdesk_client::sync::{EngineConfig, LocalStore, SyncEngine};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::SignInRequest;
use brokerdesk_core::leads::list::{LeadListQuery, LeadSort};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::state::{SyncPhase, SyncState};
use serde_json::json;
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use crate::lead_filter::LeadFilterArgs;
use crate::output::Output;

pub type CliResult = Result<(), ErrorBody>;

pub struct Context {
    pub sessions: SessionManager,
}

impl Context {
    pub fn new(data_dir: Option<PathBuf>) -> Result<Self, ErrorBody> {
        let data_dir = match data_dir {
            Some(dir) => dir,
            None => default_data_dir()?,
        };
        Ok(Self {
            sessions: SessionManager::new(data_dir, Arc::new(OsKeychain)),
        })
    }

    pub fn current(&self) -> Result<Account, ErrorBody> {
        self.sessions
            .current()
            .map_err(|e| e.to_body())?
            .ok_or_else(|| {
                ErrorBody::new(
                    "not_signed_in",
                    "Not signed in. Run `brokerdesk-cli login` first.",
                )
            })
    }

    async fn restore(&self) -> Result<Arc<Session>, ErrorBody> {
        let account = self.current()?;
        self.sessions
            .restore(&account)
            .await
            .map_err(|e| e.to_body())
    }

    async fn engine(
        &self,
        out: &Output,
        config: EngineConfig,
    ) -> Result<Arc<SyncEngine>, ErrorBody> {
        let session = self.restore().await?;
        let (engine, notice) = SyncEngine::open(self.sessions.clone(), session, config)
            .await
            .map_err(|e| e.to_body())?;
        if let Some(notice) = notice {
            out.note(&notice);
        }
        Ok(engine)
    }

    /// The current account's cache, opened without the network.
    pub(crate) async fn offline_store(&self) -> Result<(Account, LocalStore), ErrorBody> {
        let account = self.current()?;
        let location = account.cache_location(self.sessions.data_dir());
        let cache = TenantCache::open(location, self.sessions.secrets().as_ref())
            .await
            .map_err(|e| ErrorBody::new("cache_error", e.to_string()))?;
        Ok((account, LocalStore::new(cache.pool().clone())))
    }
}

/// The OS data directory for Brokerdesk, as the desktop app uses it.
fn default_data_dir() -> Result<PathBuf, ErrorBody> {
    let env = |name: &str| std::env::var_os(name).map(PathBuf::from);
    let base = if cfg!(target_os = "windows") {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join("brokerdesk")).ok_or_else(|| {
        ErrorBody::new(
            "no_data_dir",
            "No data directory: set BROKERDESK_DATA_DIR or --data-dir.",
        )
    })
}

/// The password from BROKERDESK_PASSWORD, or the first line of stdin.
pub fn read_password() -> Result<String, ErrorBody> {
    if let Ok(password) = std::env::var("BROKERDESK_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| ErrorBody::new("no_password", format!("Could not read the password: {e}.")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub fn describe(account: &Account) -> String {
    let kind = match &account.support {
        Some(support) => format!(
            " [support session until {}]",
            support.expires_at.format("%H:%M UTC")
        ),
        None => String::new(),
    };
    format!(
        "{} ({}) as {} on {}{kind}",
        account.tenant_name, account.subdomain, account.email, account.server_url
    )
}

pub async fn login(
    context: &Context,
    out: &Output,
    server: &str,
    tenant: &str,
    email: &str,
    mfa_code: Option<String>,
) -> CliResult {
    let password = read_password()?;
    let request = SignInRequest {
        tenant: tenant.to_owned(),
        email: email.to_owned(),
        password,
        mfa_code,
    };
    let session = match context.sessions.sign_in(server, &request).await {
        Err(SessionError::MfaRequired) => {
            return Err(ErrorBody::new(
                "mfa_required",
                "This account uses an authenticator app: run login again with --mfa-code.",
            ));
        }
        other => other.map_err(|e| e.to_body())?,
    };
    let account = session.account();
    out.show(account, || format!("Signed in to {}.", describe(account)));
    Ok(())
}

pub async fn logout(context: &Context, out: &Output, tenant: Option<String>) -> CliResult {
    if let Some(tenant) = &tenant {
        context.sessions.switch(tenant).map_err(|e| e.to_body())?;
    }
    let account = context.current()?;
    match context.sessions.restore(&account).await {
        Ok(session) => context
            .sessions
            .sign_out(&session)
            .await
            .map_err(|e| e.to_body())?,
        // Offline or already refused: forget locally all the same; the data must go.
        Err(_) => context.sessions.forget(&account).map_err(|e| e.to_body())?,
    }
    out.show(&json!({ "signedOut": account }), || {
        format!(
            "Signed out of {}; its cache and keys were deleted.",
            describe(&account)
        )
    });
    Ok(())
}

pub fn tenants(context: &Context, out: &Output) -> CliResult {
    let accounts = context.sessions.accounts().map_err(|e| e.to_body())?;
    let current = context.sessions.current().map_err(|e| e.to_body())?;
    out.show(&json!({ "current": current, "accounts": accounts }), || {
        if accounts.is_empty() {
            return "Not signed in to any brokerage.".to_owned();
        }
        accounts
            .iter()
            .map(|a| {
                let mark = if Some(a) == current.as_ref() {
                    "*"
                } else {
                    " "
                };
                format!("{mark} {}", describe(a))
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub fn switch(context: &Context, out: &Output, tenant: &str) -> CliResult {
    let account = context.sessions.switch(tenant).map_err(|e| e.to_body())?;
    out.show(&account, || format!("Now using {}.", describe(&account)));
    Ok(())
}

fn describe_state(state: &SyncState) -> String {
    let last = state.last_synced_at.map_or("never".to_owned(), |t| {
        t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    });
    let mut text = format!(
        "{:?}, {}; last synced {last}; {} pending, {} rejected, {} conflicts",
        state.phase,
        if state.online { "online" } else { "offline" },
        state.pending_edits,
        state.rejected_edits,
        state.conflicts
    );
    if let Some(progress) = state.progress {
        text.push_str(&format!(
            "; {} of {} rows",
            progress.done, progress.expected
        ));
    }
    if let Some(error) = &state.error {
        text.push_str(&format!("; {}", error.message));
    }
    text
}

pub async fn sync(
    context: &Context,
    out: &Output,
    watch: bool,
    page_rows: Option<u32>,
) -> CliResult {
    let mut config = EngineConfig::default();
    config.page_rows = page_rows.unwrap_or(config.page_rows);
    let engine = context.engine(out, config).await?;
    if !watch {
        let report = engine.sync_once().await.map_err(|e| e.to_body())?;
        let state = engine.state();
        engine.close().await;
        out.show(
            &json!({ "pushed": report.pushed, "pulled": report.pulled, "clock": report.clock, "state": state }),
            || format!("Sent {} edits, received {} changes. {}", report.pushed, report.pulled, describe_state(&state)),
        );
        return Ok(());
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut states = engine.subscribe();
    let mut running = tokio::spawn(engine.clone().run(stopped));
    // Until the loop ends: by Ctrl-C (which asks it to stop) or by losing access.
    loop {
        tokio::select! {
            Ok(()) = states.changed() => {
                let state = states.borrow_and_update().clone();
                out.show(&state, || describe_state(&state));
            }
            Ok(()) = tokio::signal::ctrl_c() => {
                let _ = stop.send(true);
            }
            _ = &mut running => break,
        }
    }
    engine.close().await;
    let state = engine.state();
    match state.error {
        Some(error) if state.phase == SyncPhase::Stopped => Err(error),
        _ => Ok(()),
    }
}

pub async fn status(context: &Context, out: &Output) -> CliResult {
    let (account, store) = context.offline_store().await?;
    let map_err =
        |e: brokerdesk_client::sync::StoreError| ErrorBody::new(e.code().to_owned(), e.to_string());
    let counts = store.counts().await.map_err(map_err)?;
    let last = store.last_synced_at().await.map_err(map_err)?;
    let leads = store.count(SyncEntity::Lead).await.map_err(map_err)?;
    let users = store.count(SyncEntity::User).await.map_err(map_err)?;
    let rejected = store.rejected().await.map_err(map_err)?;
    store.pool().close().await;
    let value = json!({
        "account": account, "lastSyncedAt": last, "leads": leads, "users": users,
        "pendingEdits": counts.pending, "rejectedEdits": rejected, "conflicts": counts.conflicts,
    });
    out.show(&value, || {
        let mut text = format!(
            "{}\nLast synced: {}\nCached: {leads} leads, {users} members\nPending edits: {}; conflicts: {}",
            describe(&account),
            last.map_or("never".to_owned(), |t| t.to_rfc3339()),
            counts.pending,
            counts.conflicts
        );
        for edit in &rejected {
            text.push_str(&format!("\nRejected: {} {} {}: {} ({})", edit.op, edit.entity, edit.entity_id, edit.message, edit.code));
        }
        text
    });
    Ok(())
}

pub async fn leads(
    context: &Context,
    out: &Output,
    filter: LeadFilterArgs,
    limit: Option<u32>,
) -> CliResult {
    let query = LeadListQuery {
        limit,
        sort: LeadSort::NameAsc,
        ..filter.query()?
    };
    let (_, store) = context.offline_store().await?;
    let leads = store
        .lead_page(&query)
        .await
        .map_err(|e| ErrorBody::new(e.code().to_owned(), e.to_string()))?
        .leads;
    store.pool().close().await;
    out.show(&leads, || {
        let mut lines: Vec<String> = leads
            .iter()
            .map(|l| {
                format!(
                    "{}  {:<14} {}  {}",
                    l.id,
                    l.stage.as_str(),
                    l.name,
                    l.emails.join(", ")
                )
            })
            .collect();
        lines.push(format!("{} leads", leads.len()));
        lines.join("\n")
    });
    Ok(())
}

/// Writes the cached leads the filters match to `file` as CSV. Works offline, from the
/// cache alone.
pub async fn export_leads(
    context: &Context,
    out: &Output,
    file: PathBuf,
    filter: LeadFilterArgs,
) -> CliResult {
    let query = filter.query()?;
    let (_, store) = context.offline_store().await?;
    let exported = brokerdesk_client::leads::export::leads_csv(&store, &query, |_| {}).await;
    store.pool().close().await;
    let (csv, count) = exported.map_err(|e| ErrorBody::new(e.code().to_owned(), e.to_string()))?;
    std::fs::write(&file, csv).map_err(|e| {
        ErrorBody::new(
            "export_write_failed",
            format!("Cannot write {}: {e}.", file.display()),
        )
    })?;
    let report = json!({ "file": file, "leads": count });
    out.show(&report, || {
        format!("{count} leads written to {}", file.display())
    });
    Ok(())
}
