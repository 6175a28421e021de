//! Where the tests leave their pictures for people to look at, and the poppler tools
//! (scripts/lib/setup.sh installs poppler-utils) that read PDFs as a reader would.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's target/screenshots/, where every render-*.png goes.
pub fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, see scripts/lib/setup.sh): {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

/// The PDF written to a temporary file, its page count, its text (one string per
/// page, in reading order), and its pages as PNGs under target/screenshots/.
pub struct ReadPdf {
    pub pages: usize,
    pub text: Vec<String>,
}

pub fn read_pdf(pdf: &[u8], screenshot_prefix: &str) -> ReadPdf {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let path = path.to_str().expect("a UTF-8 path");
    let info = run("pdfinfo", &[path]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    let text = run("pdftotext", &["-layout", path, "-"])
        .split('\u{c}')
        .map(str::to_owned)
        .take(pages)
        .collect();
    let prefix = screenshots().join(screenshot_prefix);
    run(
        "pdftoppm",
        &["-png", "-r", "100", path, prefix.to_str().expect("UTF-8")],
    );
    ReadPdf { pages, text }
}
