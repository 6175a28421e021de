//! The export job's REST calls, and the download, which streams the ZIP to a file in
//! chunks (never the whole file in memory), checks it against the server's SHA-256,
//! and only then puts it where it was asked to go.

use std::path::{Path, PathBuf};
use std::time::Duration;

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::export::ExportJob;
use brokerdesk_core::ids::ExportId;
use reqwest::Method;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::api::{ApiError, Authorised};

/// A tenant's ZIP can be large: the download may take far longer than a request.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(6 * 60 * 60);

#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("The export could not be saved to {path}: {source}. Choose another place.")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "The downloaded export does not match the server's checksum, so it was not kept. \
         Download it again."
    )]
    Corrupt,
}

impl DownloadError {
    pub fn to_body(&self) -> ErrorBody {
        match self {
            DownloadError::Api(error) => error.to_body(),
            DownloadError::File { .. } => ErrorBody::new("export_not_saved", self.to_string()),
            DownloadError::Corrupt => ErrorBody::new("export_corrupt", self.to_string()),
        }
    }
}

impl Authorised<'_> {
    /// Starts an export of everything the brokerage holds (owners only).
    pub async fn start_export(&self) -> Result<ExportJob, ApiError> {
        self.post("v1/exports").await
    }

    /// The brokerage's exports, newest first.
    pub async fn exports(&self) -> Result<Vec<ExportJob>, ApiError> {
        self.get("v1/exports").await
    }

    /// One export's status and progress.
    pub async fn export_job(&self, id: ExportId) -> Result<ExportJob, ApiError> {
        self.get(&format!("v1/exports/{id}")).await
    }

    /// Downloads a completed export to `to`, calling `progress(bytes so far, size)` as it
    /// goes. It is written beside `to` first and moved there once its SHA-256 matches
    /// `job`'s, so a broken download never takes the place of a file.
    pub async fn download_export(
        &self,
        job: &ExportJob,
        to: &Path,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<u64, DownloadError> {
        let request = self
            .request(Method::GET, &format!("v1/exports/{}/download", job.id))?
            .timeout(DOWNLOAD_TIMEOUT);
        let mut response = self.client.send_for_response(request).await?;
        let size = response.content_length();
        let part = partial_path(to);
        let file_error = |source| DownloadError::File {
            path: to.display().to_string(),
            source,
        };
        let mut file = tokio::fs::File::create(&part).await.map_err(file_error)?;
        let mut hasher = Sha256::new();
        let mut done = 0;
        let copied: Result<(), DownloadError> = async {
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| self.client.transport_error(e))?
            {
                hasher.update(&chunk);
                file.write_all(&chunk).await.map_err(file_error)?;
                done += chunk.len() as u64;
                progress(done, size);
            }
            file.flush().await.map_err(file_error)?;
            file.sync_all().await.map_err(file_error)?;
            Ok(())
        }
        .await;
        drop(file);
        let checked = copied.and_then(|()| {
            let matches = job
                .sha256
                .as_deref()
                .is_none_or(|expected| expected == hex::encode(hasher.finalize()));
            if matches {
                Ok(())
            } else {
                Err(DownloadError::Corrupt)
            }
        });
        if let Err(error) = checked {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(error);
        }
        tokio::fs::rename(&part, to).await.map_err(file_error)?;
        Ok(done)
    }
}

/// `<file>.part` beside the file.
fn partial_path(to: &Path) -> PathBuf {
    let mut name = to.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    to.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_file_sits_beside_the_chosen_one() {
        assert_eq!(
            partial_path(Path::new("/tmp/acme export.zip")),
            Path::new("/tmp/acme export.zip.part")
        );
    }
}
