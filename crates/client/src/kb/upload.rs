//! A file on this computer made into the knowledge base's upload: its type from its
//! extension, its bytes in base64. The server extracts the text and keeps the original.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::kb::api::KbUploadRequest;

/// The largest file the app sends; the server refuses bigger ones too.
pub const MAX_UPLOAD_BYTES: u64 = 25 * 1024 * 1024;

/// The media type the server reads a file as, by its extension.
fn media_type(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "txt" | "text" => "text/plain",
        "md" | "markdown" => "text/markdown",
        "html" | "htm" => "text/html",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => return None,
    })
}

/// What to upload for the file at `path`, or why it cannot be.
pub fn upload_request(
    path: &Path,
    title: Option<String>,
    tags: Vec<String>,
    collection: Option<String>,
) -> Result<KbUploadRequest, ErrorBody> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| ErrorBody::new("kb_file_unreadable", "Choose a file, not a folder."))?;
    let media_type = media_type(path).ok_or_else(|| {
        ErrorBody::new(
            "kb_unsupported_file",
            format!("{name} cannot be uploaded: choose a .txt, .md, .html, .pdf or .docx file."),
        )
    })?;
    let unreadable = |e: std::io::Error| {
        ErrorBody::new(
            "kb_file_unreadable",
            format!("{} cannot be read on this computer: {e}.", path.display()),
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_UPLOAD_BYTES {
        return Err(ErrorBody::new(
            "kb_file_too_large",
            format!(
                "{name} is {:.1} MB; files up to {} MB can be uploaded.",
                size as f64 / 1_048_576.0,
                MAX_UPLOAD_BYTES / 1_048_576
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    Ok(KbUploadRequest {
        file_name: name.to_owned(),
        media_type: media_type.to_owned(),
        content_base64: STANDARD.encode(bytes),
        title: title.filter(|t| !t.trim().is_empty()),
        tags,
        collection: collection.filter(|c| !c.trim().is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_sent_with_its_type_and_refused_when_it_cannot_be() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("Office Policies.MD");
        std::fs::write(&notes, "# Hours\nOpen 9 to 5.").unwrap();
        let request = upload_request(&notes, Some(" ".into()), vec![], None).unwrap();
        assert_eq!(request.media_type, "text/markdown");
        assert_eq!(request.file_name, "Office Policies.MD");
        assert_eq!(request.title, None, "a blank title is the file name's");
        assert_eq!(
            STANDARD.decode(&request.content_base64).unwrap(),
            b"# Hours\nOpen 9 to 5."
        );

        let sheet = dir.path().join("prices.xlsx");
        std::fs::write(&sheet, "x").unwrap();
        assert_eq!(
            upload_request(&sheet, None, vec![], None).unwrap_err().code,
            "kb_unsupported_file"
        );
        let missing = dir.path().join("gone.pdf");
        assert_eq!(
            upload_request(&missing, None, vec![], None)
                .unwrap_err()
                .code,
            "kb_file_unreadable"
        );
    }
}
