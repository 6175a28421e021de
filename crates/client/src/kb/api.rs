//! The knowledge base's routes on the hosted API: editing, uploads, web imports,
//! publishing and the chatbot's unanswered questions. Only the server may change the
//! knowledge base (it lints, audits and versions every change); what it changed reaches
//! the cache at the next sync.

use std::time::Duration;

use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::api::{
    KbImportOutcome, KbImportRequest, KbPublishRefused, KbSaved, KbUploadRequest,
};
use brokerdesk_core::kb::item::{KbDraft, KbItem, KbVersionMeta, PublishRequest};
use brokerdesk_core::kb::unanswered::UnansweredGroup;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use crate::api::{ApiError, Authorised};

/// Fetching web pages and extracting big files takes the server longer than the usual
/// request (its own limit for an import is 60 s).
const SLOW_REQUEST: Duration = Duration::from_secs(90);

/// What a publish answers: the new version, or why the lint refused it.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum PublishAnswer {
    Published(KbVersionMeta),
    Refused(KbPublishRefused),
}

impl Authorised<'_> {
    pub async fn kb_item(&self, id: KbItemId) -> Result<KbItem, ApiError> {
        self.get(&format!("v1/kb/items/{id}")).await
    }

    pub async fn add_kb_item(&self, draft: &KbDraft) -> Result<KbSaved, ApiError> {
        self.call(Method::POST, "v1/kb/items", draft).await
    }

    pub async fn save_kb_draft(&self, id: KbItemId, draft: &KbDraft) -> Result<KbSaved, ApiError> {
        self.call(Method::PUT, &format!("v1/kb/items/{id}"), draft)
            .await
    }

    pub async fn delete_kb_item(&self, id: KbItemId) -> Result<(), ApiError> {
        self.call_for_no_content(Method::DELETE, &format!("v1/kb/items/{id}"))
            .await
    }

    pub async fn upload_kb_file(&self, upload: &KbUploadRequest) -> Result<KbSaved, ApiError> {
        let request = self
            .request(Method::POST, "v1/kb/uploads")?
            .timeout(SLOW_REQUEST)
            .json(upload);
        self.client.send(request, &[]).await
    }

    pub async fn import_kb_pages(
        &self,
        import: &KbImportRequest,
    ) -> Result<KbImportOutcome, ApiError> {
        let request = self
            .request(Method::POST, "v1/kb/imports")?
            .timeout(SLOW_REQUEST)
            .json(import);
        self.client.send(request, &[]).await
    }

    pub async fn refetch_kb_page(&self, id: KbItemId) -> Result<KbSaved, ApiError> {
        let request = self
            .request(Method::POST, &format!("v1/kb/items/{id}/refetch"))?
            .timeout(SLOW_REQUEST);
        self.client.send(request, &[]).await
    }

    /// Publishes the item's draft; a refusal by the lint (422 with its findings) is an
    /// answer, not an error.
    pub async fn publish_kb_item(
        &self,
        id: KbItemId,
        publish: &PublishRequest,
    ) -> Result<PublishAnswer, ApiError> {
        let request = self
            .request(Method::POST, &format!("v1/kb/items/{id}/publish"))?
            .json(publish);
        self.client
            .send(request, &[StatusCode::UNPROCESSABLE_ENTITY])
            .await
    }

    pub async fn unpublish_kb_item(&self, id: KbItemId) -> Result<(), ApiError> {
        self.call_for_no_content(Method::POST, &format!("v1/kb/items/{id}/unpublish"))
            .await
    }

    pub async fn restore_kb_version(
        &self,
        id: KbItemId,
        version: KbVersionId,
    ) -> Result<KbSaved, ApiError> {
        self.post(&format!("v1/kb/items/{id}/versions/{version}/restore"))
            .await
    }

    pub async fn kb_unanswered(&self) -> Result<Vec<UnansweredGroup>, ApiError> {
        self.get("v1/kb/unanswered").await
    }

    pub async fn answer_kb_unanswered(&self, key: &str) -> Result<KbSaved, ApiError> {
        self.call(
            Method::POST,
            "v1/kb/unanswered/answer",
            &json!({ "key": key }),
        )
        .await
    }
}
