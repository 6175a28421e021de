//! Signed updates through tauri-plugin-updater. The app asks its deployment's update
//! endpoint whether a newer version exists, downloads it when the user says so, and keeps
//! it only if its minisign signature verifies against the public key compiled into the
//! app (`plugins.updater.pubkey` in tauri.conf.json). Installing is a separate, explicit
//! step, so a verified download can wait until the user is ready to restart.

use std::sync::Mutex;

use brokerdesk_core::app_status::{OfferedUpdate, UpdateCheck, UpdateReady};
use brokerdesk_core::error::ErrorBody;
use tauri::Url;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Error as UpdaterError, Update, Updater, UpdaterExt};

/// Where updates come from, per deployment.
pub struct UpdateSettings {
    /// `BROKERDESK_UPDATE_URL` replaces the configured endpoint, so a brokerage's own
    /// deployment (or a staging channel) can serve its own releases.
    endpoint: Option<Url>,
    /// The endpoint as written, for the About dialog (a `Url` shows `{{…}}` escaped).
    endpoint_as_written: Option<String>,
    /// `BROKERDESK_UPDATE_PUBKEY` replaces the trusted key in debug builds only: the
    /// tests sign with a throwaway key. A release build trusts its compiled-in key alone,
    /// so whoever can set the environment still cannot make it accept their artifact.
    test_pubkey: Option<String>,
}

impl UpdateSettings {
    pub fn from_env() -> Self {
        let endpoint_as_written = std::env::var("BROKERDESK_UPDATE_URL")
            .ok()
            .filter(|url| !url.trim().is_empty());
        let endpoint = endpoint_as_written
            .clone()
            .and_then(|url| match Url::parse(&url) {
                Ok(url) => Some(url),
                Err(error) => {
                    tracing::warn!(%url, %error, "BROKERDESK_UPDATE_URL is not a URL; using the configured endpoint");
                    None
                }
            });
        let test_pubkey = std::env::var("BROKERDESK_UPDATE_PUBKEY")
            .ok()
            .filter(|_| cfg!(debug_assertions));
        Self {
            endpoint_as_written: endpoint.as_ref().and(endpoint_as_written),
            endpoint,
            test_pubkey,
        }
    }
}

/// The update offered by the last check, and the verified bytes once downloaded.
pub struct Updates {
    settings: UpdateSettings,
    offered: Mutex<Option<Update>>,
    downloaded: Mutex<Option<(Update, Vec<u8>)>>,
}

impl Updates {
    pub fn new(settings: UpdateSettings) -> Self {
        Self {
            settings,
            offered: Mutex::new(None),
            downloaded: Mutex::new(None),
        }
    }

    /// The endpoint the app asks, for the About dialog.
    pub fn endpoint<R: Runtime>(&self, app: &AppHandle<R>) -> String {
        match &self.settings.endpoint_as_written {
            Some(url) => url.clone(),
            None => configured_endpoints(app).join(", "),
        }
    }

    fn updater<R: Runtime>(&self, app: &AppHandle<R>) -> Result<Updater, ErrorBody> {
        let mut builder = app.updater_builder();
        if let Some(url) = &self.settings.endpoint {
            builder = builder.endpoints(vec![url.clone()]).map_err(refusal)?;
        }
        if let Some(key) = &self.settings.test_pubkey {
            builder = builder.pubkey(key.clone());
        }
        builder.build().map_err(refusal)
    }

    /// Asks the endpoint for a newer version. An older or equal one is "up to date".
    pub async fn check<R: Runtime>(&self, app: &AppHandle<R>) -> Result<UpdateCheck, ErrorBody> {
        let current_version = app.package_info().version.to_string();
        let offered = self.updater(app)?.check().await.map_err(refusal)?;
        let answer = UpdateCheck {
            current_version,
            offered: offered.as_ref().map(|update| OfferedUpdate {
                version: update.version.clone(),
                notes: update.body.clone(),
                published: update.date.map(|date| date.to_string()),
            }),
        };
        *lock(&self.offered) = offered;
        Ok(answer)
    }

    /// Downloads the offered update and verifies its signature. A download that does
    /// not verify is dropped, and the running version stays as it is.
    pub async fn download(&self) -> Result<UpdateReady, ErrorBody> {
        let update = lock(&self.offered).clone().ok_or_else(nothing_offered)?;
        let bytes = update.download(|_, _| {}, || {}).await.map_err(refusal)?;
        let ready = UpdateReady {
            version: update.version.clone(),
            bytes: bytes.len() as u64,
        };
        *lock(&self.downloaded) = Some((update, bytes));
        Ok(ready)
    }

    /// Installs the verified download (checked once more by the plugin) and restarts.
    pub fn install_and_restart<R: Runtime>(&self, app: &AppHandle<R>) -> Result<(), ErrorBody> {
        let (update, bytes) = lock(&self.downloaded).take().ok_or_else(nothing_offered)?;
        update.install(bytes).map_err(refusal)?;
        app.restart()
    }
}

fn configured_endpoints<R: Runtime>(app: &AppHandle<R>) -> Vec<String> {
    app.config()
        .plugins
        .0
        .get("updater")
        .and_then(|updater| updater.get("endpoints"))
        .and_then(|endpoints| endpoints.as_array())
        .map(|endpoints| {
            endpoints
                .iter()
                .filter_map(|url| url.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn nothing_offered() -> ErrorBody {
    ErrorBody::new(
        "no_update_offered",
        "There is no update to install. Check for updates first.",
    )
}

/// The updater's failures, in words a brokerage owner can act on.
fn refusal(error: UpdaterError) -> ErrorBody {
    tracing::warn!(%error, "update failed");
    match error {
        UpdaterError::Minisign(_)
        | UpdaterError::Base64(_)
        | UpdaterError::SignatureUtf8(_)
        | UpdaterError::SignedVersionMismatch { .. }
        | UpdaterError::MissingSignedVersion => ErrorBody::new(
            "update_signature_invalid",
            "The downloaded update is not signed with Brokerdesk's release key, so it was not installed. Your current version keeps working. If this repeats, tell your administrator: the update server may be misconfigured or tampered with.",
        ),
        UpdaterError::Reqwest(_) | UpdaterError::Network(_) | UpdaterError::ReleaseNotFound => {
            ErrorBody::new(
                "update_server_unreachable",
                format!(
                    "The update server could not be reached or gave no usable answer ({error}). Try again later."
                ),
            )
        }
        UpdaterError::TargetNotFound(_) | UpdaterError::TargetsNotFound(_) => ErrorBody::new(
            "update_not_for_this_system",
            "A newer version exists, but not yet for this system. Try again later.",
        ),
        other => ErrorBody::new("update_failed", format!("The update failed: {other}.")),
    }
}
