//! Documents made from uploaded files: the text is extracted (plain text and Markdown as
//! they are, HTML to Markdown-like text), the original is kept in `kb_files` and counts
//! against the plan's storage, checked in the same transaction as the write. A file the
//! extractor cannot read is refused with 422 before anything is written, so nothing is
//! ever half-stored.

mod html;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use brokerdesk_core::ids::KbItemId;
use brokerdesk_core::kb::api::{KbSaved, KbUploadRequest};
use brokerdesk_core::kb::item::{KbContent, KbDraft, KbFile};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::plan::QuotaResource;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;

const MAX_FILE_NAME: usize = 255;

fn unreadable(message: impl Into<String>) -> ApiError {
    ApiError::validation("kb_unreadable_file", message)
}

/// The text of a file, as Markdown, or why it cannot be read.
pub fn extract(media_type: &str, bytes: &[u8]) -> Result<String, ApiError> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let text = || {
        std::str::from_utf8(bytes)
            .map(|t| t.trim_start_matches('\u{feff}').to_owned())
            .map_err(|_| unreadable("The file is not UTF-8 text, so its text cannot be read."))
    };
    let extracted = match essence.as_str() {
        "text/plain" | "text/markdown" | "text/x-markdown" => text()?,
        "text/html" | "application/xhtml+xml" => html::to_markdown(&text()?),
        other => {
            return Err(ApiError::validation(
                "kb_unsupported_file",
                format!(
                    "Files of type {other:?} cannot be read yet: upload text, Markdown or HTML."
                ),
            ));
        }
    };
    if extracted.trim().is_empty() {
        return Err(unreadable(
            "No text could be read from the file: it is empty or holds only markup.",
        ));
    }
    Ok(extracted)
}

/// The title for a file without one: its name without the extension.
fn title_of(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    if stem.trim().is_empty() {
        file_name.trim().to_owned()
    } else {
        stem.trim().to_owned()
    }
}

/// Makes a document from an uploaded file, keeping the original.
pub async fn upload(
    auth: &mut Authenticated,
    upload: KbUploadRequest,
) -> Result<KbSaved, ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    let name = upload.file_name.trim();
    if name.is_empty() || name.chars().count() > MAX_FILE_NAME || name.chars().any(char::is_control)
    {
        return Err(ApiError::validation(
            "kb_invalid_file_name",
            format!("The file name must be one line of 1 to {MAX_FILE_NAME} characters."),
        ));
    }
    let bytes = STANDARD
        .decode(upload.content_base64.trim())
        .map_err(|_| unreadable("The file's content is not valid base64."))?;
    let markdown = extract(&upload.media_type, &bytes)?;
    let size = bytes.len() as u64;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let draft = KbDraft {
        title: upload.title.unwrap_or_else(|| title_of(name)),
        tags: upload.tags,
        collection: upload.collection,
        content: KbContent::Document {
            markdown,
            file: Some(KbFile {
                name: name.to_owned(),
                media_type: upload.media_type.clone(),
                size_bytes: size,
                sha256: sha256.clone(),
            }),
        },
    };
    draft.validate()?;
    // After next_version: the clock-row lock queues the tenant's other writers, so two
    // uploads cannot both fit in the same last free bytes.
    auth.tx.next_version().await?;
    let used = super::storage_bytes(&mut auth.tx).await?;
    auth.plan
        .plan()
        .check_quota(QuotaResource::Storage, used, size)?;
    let id = KbItemId::new();
    super::insert_item(&mut auth.tx, id, &draft, auth.user.id).await?;
    sqlx::query(
        "insert into kb_files (tenant_id, id, item_id, name, media_type, size_bytes, sha256, content)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(Uuid::new_v4())
    .bind(id.as_uuid())
    .bind(name)
    .bind(&upload.media_type)
    .bind(i64::try_from(size).unwrap_or(i64::MAX))
    .bind(&sha256)
    .bind(&bytes)
    .execute(auth.tx.conn())
    .await?;
    auth.audit(
        "kb.file_uploaded",
        Some(id.to_string()),
        json!({ "mediaType": upload.media_type, "sizeBytes": size }),
    )
    .await?;
    Ok(super::saved(super::get(auth, id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_read_and_unreadable_ones_refused() {
        assert_eq!(
            extract(
                "text/markdown; charset=utf-8",
                "# Hours\nNine to five.".as_bytes()
            )
            .unwrap(),
            "# Hours\nNine to five."
        );
        let code = |r: Result<String, ApiError>| r.unwrap_err().code();
        assert_eq!(
            code(extract("text/plain", &[0xff, 0xfe, 0x00])),
            "kb_unreadable_file"
        );
        assert_eq!(
            code(extract("text/html", b"<p> </p>")),
            "kb_unreadable_file"
        );
        assert_eq!(code(extract("image/png", b"x")), "kb_unsupported_file");
        assert_eq!(title_of("Office policies.md"), "Office policies");
        assert_eq!(title_of(".md"), ".md");
    }
}
