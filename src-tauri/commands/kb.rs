//! The Knowledge base page: items, versions, diffs, the lint and the test console read
//! from the cache (offline too); editing, uploads, web imports and publishing go to the
//! server, which lints, audits and versions them, and the cache is synced before the
//! answer so the page reads the change back at once.

use std::path::PathBuf;

use brokerdesk_client::kb::api::PublishAnswer;
use brokerdesk_client::kb::upload::upload_request;
use brokerdesk_client::kb::{self, KbReadError, console};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::api::{KbImportOutcome, KbImportRequest, KbSaved};
use brokerdesk_core::kb::console::{KbConsoleAnswer, KbPublishOutcome};
use brokerdesk_core::kb::diff::VersionDiff;
use brokerdesk_core::kb::item::{FieldFinding, KbDraft, KbItem, KbVersionMeta, PublishRequest};
use brokerdesk_core::kb::search::KbSearchRequest;
use brokerdesk_core::kb::unanswered::UnansweredGroup;
use tauri::State;

use super::CommandResult;
use super::edits::{online_only, server_change, store_error};
use crate::state::AppState;

const ON_THE_SERVER: &str = "the server checks, versions and audits every change to the \
     knowledge base.";
fn read_error(error: KbReadError) -> ErrorBody {
    match error {
        KbReadError::Store(error) => store_error(error),
        KbReadError::NoSuchItem => ErrorBody::new("kb_item_not_found", error.to_string()),
        KbReadError::NoSuchVersion => ErrorBody::new("kb_version_not_found", error.to_string()),
    }
}

#[tauri::command]
pub async fn kb_items(state: State<'_, AppState>) -> CommandResult<Vec<KbItem>> {
    kb::items(&state.store().await?).await.map_err(store_error)
}

#[tauri::command]
pub async fn kb_lint(state: State<'_, AppState>, draft: KbDraft) -> CommandResult<Vec<FieldFinding>> {
    kb::lint(&state.store().await?, &draft)
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn kb_add_item(state: State<'_, AppState>, draft: KbDraft) -> CommandResult<KbSaved> {
    let saved = state.tenant().await?.api().add_kb_item(&draft).await;
    server_change(&state, "Saving to the knowledge base", ON_THE_SERVER, saved).await
}

#[tauri::command]
pub async fn kb_save_draft(
    state: State<'_, AppState>,
    item_id: KbItemId,
    draft: KbDraft,
) -> CommandResult<KbSaved> {
    let saved = state.tenant().await?.api().save_kb_draft(item_id, &draft).await;
    server_change(&state, "Saving a draft", ON_THE_SERVER, saved).await
}

#[tauri::command]
pub async fn kb_upload(
    state: State<'_, AppState>,
    path: PathBuf,
    title: Option<String>,
    tags: Vec<String>,
    collection: Option<String>,
) -> CommandResult<KbSaved> {
    let upload = upload_request(&path, title, tags, collection)?;
    let saved = state.tenant().await?.api().upload_kb_file(&upload).await;
    server_change(&state, "Uploading a document", ON_THE_SERVER, saved).await
}

#[tauri::command]
pub async fn kb_import_url(
    state: State<'_, AppState>,
    url: String,
    sitemap: bool,
    tags: Vec<String>,
    collection: Option<String>,
) -> CommandResult<KbImportOutcome> {
    let request = KbImportRequest {
        url,
        sitemap,
        tags,
        collection,
    };
    let imported = state.tenant().await?.api().import_kb_pages(&request).await;
    server_change(&state, "Importing web pages", ON_THE_SERVER, imported).await
}

#[tauri::command]
pub async fn kb_refetch(state: State<'_, AppState>, item_id: KbItemId) -> CommandResult<KbSaved> {
    let saved = state.tenant().await?.api().refetch_kb_page(item_id).await;
    server_change(&state, "Fetching a page again", ON_THE_SERVER, saved).await
}

#[tauri::command]
pub async fn kb_publish(
    state: State<'_, AppState>,
    item_id: KbItemId,
    note: String,
    acknowledge_warnings: bool,
) -> CommandResult<KbPublishOutcome> {
    let tenant = state.tenant().await?;
    let request = PublishRequest {
        note,
        acknowledge_warnings,
    };
    let answer = tenant.api().publish_kb_item(item_id, &request).await;
    match online_only(answer, "Publishing", ON_THE_SERVER)? {
        PublishAnswer::Refused(refused) => Ok(KbPublishOutcome::Refused {
            code: refused.code,
            message: refused.message,
            findings: refused.findings,
        }),
        PublishAnswer::Published(_) => {
            let published = tenant.api().kb_item(item_id).await.map(|item| {
                KbPublishOutcome::Published {
                    item: Box::new(item),
                }
            });
            server_change(&state, "Publishing", ON_THE_SERVER, published).await
        }
    }
}

#[tauri::command]
pub async fn kb_unpublish(state: State<'_, AppState>, item_id: KbItemId) -> CommandResult<KbItem> {
    let api = state.tenant().await?;
    online_only(api.api().unpublish_kb_item(item_id).await, "Unpublishing", ON_THE_SERVER)?;
    let item = api.api().kb_item(item_id).await;
    server_change(&state, "Unpublishing", ON_THE_SERVER, item).await
}

#[tauri::command]
pub async fn kb_delete(state: State<'_, AppState>, item_id: KbItemId) -> CommandResult<()> {
    let deleted = state.tenant().await?.api().delete_kb_item(item_id).await;
    server_change(&state, "Deleting an item", ON_THE_SERVER, deleted).await
}

#[tauri::command]
pub async fn kb_versions(
    state: State<'_, AppState>,
    item_id: KbItemId,
) -> CommandResult<Vec<KbVersionMeta>> {
    kb::versions(&state.store().await?, item_id)
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn kb_diff(
    state: State<'_, AppState>,
    item_id: KbItemId,
    from: KbVersionId,
    to: Option<KbVersionId>,
) -> CommandResult<VersionDiff> {
    kb::diff(&state.store().await?, item_id, from, to)
        .await
        .map_err(read_error)
}

#[tauri::command]
pub async fn kb_restore(
    state: State<'_, AppState>,
    item_id: KbItemId,
    version_id: KbVersionId,
) -> CommandResult<KbSaved> {
    let saved = state
        .tenant()
        .await?
        .api()
        .restore_kb_version(item_id, version_id)
        .await;
    server_change(&state, "Restoring a version", ON_THE_SERVER, saved).await
}

#[tauri::command]
pub async fn kb_console(
    state: State<'_, AppState>,
    question: String,
    top_k: Option<u32>,
) -> CommandResult<KbConsoleAnswer> {
    let request = KbSearchRequest {
        question,
        top_k,
        tags: Vec::new(),
        collection: None,
    };
    let top_k = request.validated_top_k()?;
    let store = state.store().await?;
    console::ask(store.pool(), &request, top_k)
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn kb_unanswered(state: State<'_, AppState>) -> CommandResult<Vec<UnansweredGroup>> {
    let groups = state.tenant().await?.api().kb_unanswered().await;
    online_only(
        groups,
        "Reading the chatbot's unanswered questions",
        "the chatbot reports them to the server.",
    )
}

#[tauri::command]
pub async fn kb_answer_unanswered(
    state: State<'_, AppState>,
    key: String,
) -> CommandResult<KbSaved> {
    let saved = state.tenant().await?.api().answer_kb_unanswered(&key).await;
    server_change(&state, "Answering a question", ON_THE_SERVER, saved).await
}
