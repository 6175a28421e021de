//! Documents made from uploaded files: the text is extracted (plain text and Markdown as
//! they are, HTML to Markdown-like text, PDF page by page, DOCX with its headings and
//! lists), the original is kept in `kb_files` and counts against the plan's storage,
//! checked in the same transaction as the write. A file the extractor cannot read
//! (damaged, encrypted, text-less, or too slow to read) is refused with 422 before
//! anything is written, so nothing is ever half-stored.

mod docx;
pub(crate) mod html;
mod pdf;
#[cfg(any(test, feature = "testing"))]
pub mod samples;

use std::time::Duration;

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
/// The upload route's body limit: the JSON with the file in base64 (so files up to about
/// 18 MiB). The API's edge and the route's extractor both take it from here.
pub const MAX_UPLOAD_BODY: usize = 25 * 1024 * 1024;
/// The upload route, whose body may be [`MAX_UPLOAD_BODY`] long.
pub const UPLOAD_PATH: &str = "/v1/kb/uploads";
/// How long reading a PDF or DOCX file may take before it is refused.
const EXTRACT_TIME_LIMIT: Duration = Duration::from_secs(20);
const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn unreadable(message: impl Into<String>) -> ApiError {
    ApiError::validation("kb_unreadable_file", message)
}

fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// [`extract`] off the async workers, within [`EXTRACT_TIME_LIMIT`] for the formats
/// whose reading takes time (PDF, DOCX). A reading that runs over is refused; its thread
/// finishes on its own and its result is dropped.
pub async fn extract_in_background(media_type: &str, bytes: &[u8]) -> Result<String, ApiError> {
    extract_within(EXTRACT_TIME_LIMIT, media_type, bytes).await
}

async fn extract_within(
    limit: Duration,
    media_type: &str,
    bytes: &[u8],
) -> Result<String, ApiError> {
    let essence = essence(media_type);
    if essence != PDF && essence != DOCX {
        return extract(media_type, bytes);
    }
    let (media_type, bytes) = (media_type.to_owned(), bytes.to_vec());
    let reading = tokio::task::spawn_blocking(move || extract(&media_type, &bytes));
    match tokio::time::timeout(limit, reading).await {
        Ok(Ok(extracted)) => extracted,
        Ok(Err(_panicked)) => Err(unreadable(
            "The file could not be read: it is damaged or not what its type says.",
        )),
        Err(_elapsed) => Err(unreadable(format!(
            "Reading the file took longer than {} seconds, so it was stopped: split it into smaller files.",
            EXTRACT_TIME_LIMIT.as_secs()
        ))),
    }
}

/// The text of a file, as Markdown, or why it cannot be read.
pub fn extract(media_type: &str, bytes: &[u8]) -> Result<String, ApiError> {
    let essence = essence(media_type);
    let text = || {
        std::str::from_utf8(bytes)
            .map(|t| t.trim_start_matches('\u{feff}').to_owned())
            .map_err(|_| unreadable("The file is not UTF-8 text, so its text cannot be read."))
    };
    let extracted = match essence.as_str() {
        "text/plain" | "text/markdown" | "text/x-markdown" => text()?,
        "text/html" | "application/xhtml+xml" => html::to_markdown(&text()?),
        PDF => pdf::to_markdown(bytes).map_err(unreadable)?,
        DOCX => docx::to_markdown(bytes).map_err(unreadable)?,
        other => {
            return Err(ApiError::validation(
                "kb_unsupported_file",
                format!(
                    "Files of type {other:?} cannot be read: upload text, Markdown, HTML, PDF or Word (DOCX)."
                ),
            ));
        }
    };
    if extracted.trim().is_empty() {
        return Err(unreadable(
            "No text could be read from the file: it is empty, holds only markup, or (a scan) only images of text.",
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
    let markdown = extract_in_background(&upload.media_type, &bytes).await?;
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
    super::saved_item(auth, id).await
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

    fn code_of(media_type: &str, bytes: &[u8]) -> &'static str {
        extract(media_type, bytes).unwrap_err().code()
    }

    #[test]
    fn pdf_pages_become_paragraphs_and_bad_pdfs_are_refused() {
        let pages = vec![
            vec!["Earnest money".to_owned(), "is held in escrow.".to_owned()],
            vec![],
            vec!["Closing costs are due at signing.".to_owned()],
        ];
        let text = extract(PDF, &samples::pdf(&pages)).unwrap();
        assert!(text.contains("Earnest money"), "{text:?}");
        assert!(text.contains("escrow"), "{text:?}");
        let (first, second) = text.split_once("\n\n").expect("two paragraphs");
        assert!(
            first.contains("escrow") && second.contains("Closing costs"),
            "{text:?}"
        );
        // Text-less (a page with no text), damaged, and not a PDF at all.
        assert_eq!(code_of(PDF, &samples::pdf(&[vec![]])), "kb_unreadable_file");
        let mut damaged = samples::pdf(&pages);
        damaged.truncate(damaged.len() / 3);
        assert_eq!(code_of(PDF, &damaged), "kb_unreadable_file");
        assert_eq!(code_of(PDF, b"PK\x03\x04 not a pdf"), "kb_unreadable_file");
        // Encrypted: refused when it needs a password, read when its password is empty.
        let locked = extract(PDF, &samples::encrypted_pdf(&pages, "secret")).unwrap_err();
        assert_eq!(locked.code(), "kb_unreadable_file");
        assert!(locked.to_string().contains("password"), "{locked}");
        let open = extract(PDF, &samples::encrypted_pdf(&pages, "")).unwrap();
        assert!(open.contains("Closing costs"), "{open:?}");
    }

    #[tokio::test]
    async fn a_reading_over_the_time_limit_is_refused() {
        let pages: Vec<Vec<String>> = (0..200)
            .map(|page| vec![format!("Page {page} of the policy manual.")])
            .collect();
        let file = samples::pdf(&pages);
        let slow = extract_within(Duration::ZERO, PDF, &file)
            .await
            .unwrap_err();
        assert_eq!(slow.code(), "kb_unreadable_file");
        assert!(
            slow.to_string().contains("longer than 20 seconds"),
            "{slow}"
        );
        let read = extract_in_background(PDF, &file).await.unwrap();
        assert!(read.contains("Page 199 of the policy manual."));
    }

    #[test]
    fn docx_headings_and_lists_become_markdown() {
        let file = samples::docx(&[
            (Some("Title"), "Office handbook"),
            (Some("Heading2"), "Showings"),
            (None, "Book showings a day ahead & confirm."),
            (Some("ListParagraph"), "Check the lockbox"),
            (Some("ListParagraph"), "Leave a card"),
            (None, "   "),
            (Some("Heading 3"), "After"),
            (None, "Send feedback."),
        ]);
        assert_eq!(
            extract(DOCX, &file).unwrap(),
            "# Office handbook\n\n## Showings\n\nBook showings a day ahead & confirm.\n\n\
             - Check the lockbox\n- Leave a card\n\n### After\n\nSend feedback."
        );
        assert_eq!(code_of(DOCX, b"not a zip"), "kb_unreadable_file");
        assert_eq!(
            code_of(DOCX, &samples::docx(&[(None, " ")])),
            "kb_unreadable_file"
        );
        let mut damaged = file.clone();
        damaged.truncate(file.len() / 2);
        assert_eq!(code_of(DOCX, &damaged), "kb_unreadable_file");
    }
}
