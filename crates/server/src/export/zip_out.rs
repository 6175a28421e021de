//! Writing the export's ZIP on a blocking thread, fed page by page through a bounded
//! channel, so memory holds a few pages whatever the tenant's size. The `zip` crate (the
//! maintained, synchronous one the knowledge base already uses for DOCX) writes to a
//! file; a thread of its own lets the job read the next page while this one compresses.
//!
//! A ZIP holds one entry after another, so each kind's JSON goes straight into the ZIP
//! while its CSV is spooled to a file beside it, then copied in once the kind ends.
//! Each file is hashed as it is written, for the manifest.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use brokerdesk_core::csv_safety::SafeCsvWriter;
use brokerdesk_core::export::{ExportManifest, ManifestFile};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// What the job sends, in order: per kind `Begin`, its `Rows` pages, `End`.
pub(super) enum Piece {
    /// `<name>.json`, holding one JSON document (the tenant's profile and settings).
    Document(&'static str, Value),
    Begin(&'static str),
    Rows(Vec<Value>),
    End,
}

/// The ZIP as written: its size and SHA-256, and its manifest.
pub(super) struct Written {
    pub bytes: u64,
    pub sha256: String,
    pub manifest: ExportManifest,
}

/// The manifest's file, `manifest.json`.
const MANIFEST: &str = "manifest";
/// Pages in flight between the job and the writer.
const PAGES_IN_FLIGHT: usize = 2;

/// Starts the writer; the ZIP is complete once the sender is dropped and the handle
/// returns. `manifest` is filled with the files as they are written.
pub(super) fn spawn(
    zip_path: PathBuf,
    spool_path: PathBuf,
    manifest: ExportManifest,
) -> (mpsc::Sender<Piece>, JoinHandle<io::Result<Written>>) {
    let (sender, receiver) = mpsc::channel(PAGES_IN_FLIGHT);
    let handle = tokio::task::spawn_blocking(move || {
        let written = write(&zip_path, &spool_path, manifest, receiver);
        let _ = std::fs::remove_file(&spool_path);
        written
    });
    (sender, handle)
}

/// Bytes written through it are counted and hashed.
struct Hashed<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashed<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    fn listed(self, name: String, rows: u64) -> (W, ManifestFile) {
        let file = ManifestFile {
            name,
            rows,
            bytes: self.bytes,
            sha256: hex::encode(self.hasher.finalize()),
        };
        (self.inner, file)
    }
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

type Zip = ZipWriter<BufWriter<File>>;
/// A kind's CSV, spooled to a scratch file and hashed as it is written.
type SpooledCsv = SafeCsvWriter<Hashed<BufWriter<File>>>;

/// The kind being written: its JSON entry (open in the ZIP) and its spooled CSV.
struct KindOut {
    name: &'static str,
    json: Hashed<io::Sink>,
    /// With its header, once the kind's first row arrives.
    csv: Option<(SpooledCsv, Vec<String>)>,
    rows: u64,
}

fn options() -> SimpleFileOptions {
    // A tenant's file may pass 4 GiB; ZIP64 headers cost a few bytes either way.
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true)
}

fn out_of_order() -> io::Error {
    io::Error::other("export pieces arrived out of order")
}

fn write(
    zip_path: &Path,
    spool_path: &Path,
    mut manifest: ExportManifest,
    mut receiver: mpsc::Receiver<Piece>,
) -> io::Result<Written> {
    let mut zip = ZipWriter::new(BufWriter::new(File::create(zip_path)?));
    let mut current: Option<KindOut> = None;
    while let Some(piece) = receiver.blocking_recv() {
        match piece {
            Piece::Document(name, value) => {
                let name = format!("{name}.json");
                zip.start_file(&name, options())?;
                let mut out = Hashed::new(io::sink());
                let text = serde_json::to_vec_pretty(&value)?;
                out.write_all(&text)?;
                zip.write_all(&text)?;
                manifest.files.push(out.listed(name, 1).1);
            }
            Piece::Begin(name) => {
                zip.start_file(format!("{name}.json"), options())?;
                let mut json = Hashed::new(io::sink());
                emit(&mut zip, &mut json, b"[")?;
                current = Some(KindOut {
                    name,
                    json,
                    csv: None,
                    rows: 0,
                });
            }
            Piece::Rows(records) => {
                let kind = current.as_mut().ok_or_else(out_of_order)?;
                for record in records {
                    kind.add(&mut zip, spool_path, &record)?;
                }
            }
            Piece::End => {
                let kind = current.take().ok_or_else(out_of_order)?;
                kind.finish(&mut zip, spool_path, &mut manifest)?;
            }
        }
    }
    if current.is_some() {
        // The job stopped mid-kind (it failed): this file is not an export.
        return Err(io::Error::other("the export stopped before its end"));
    }
    zip.start_file(format!("{MANIFEST}.json"), options())?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    let file = zip.finish()?.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    drop(file);
    let (bytes, sha256) = hash_file(zip_path)?;
    Ok(Written {
        bytes,
        sha256,
        manifest,
    })
}

/// Writes `bytes` into the open ZIP entry and into its running hash.
fn emit(zip: &mut Zip, sum: &mut Hashed<io::Sink>, bytes: &[u8]) -> io::Result<()> {
    zip.write_all(bytes)?;
    sum.write_all(bytes)
}

impl KindOut {
    fn add(&mut self, zip: &mut Zip, spool_path: &Path, record: &Value) -> io::Result<()> {
        emit(
            zip,
            &mut self.json,
            if self.rows == 0 { b"\n" } else { b",\n" },
        )?;
        let text = serde_json::to_vec(record)?;
        emit(zip, &mut self.json, &text)?;
        if self.csv.is_none() {
            // Every record of a kind has the same top-level fields: the first names the columns.
            let header = columns(record);
            let spool = Hashed::new(BufWriter::new(File::create(spool_path)?));
            self.csv = Some((SafeCsvWriter::new(spool, &header)?, header));
        }
        let (csv, header) = self.csv.as_mut().expect("created above");
        csv.row(&cells(header, record))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(
        mut self,
        zip: &mut Zip,
        spool_path: &Path,
        manifest: &mut ExportManifest,
    ) -> io::Result<()> {
        emit(zip, &mut self.json, b"\n]\n")?;
        let name = self.name;
        manifest
            .files
            .push(self.json.listed(format!("{name}.json"), self.rows).1);
        zip.start_file(format!("{name}.csv"), options())?;
        let csv_file = match self.csv {
            Some((csv, _)) => {
                let (mut spool, file) = csv.into_inner()?.listed(format!("{name}.csv"), self.rows);
                spool.flush()?;
                drop(spool);
                io::copy(&mut File::open(spool_path)?, zip)?;
                file
            }
            // No records: an empty file, as no record names the columns.
            None => Hashed::new(io::sink()).listed(format!("{name}.csv"), 0).1,
        };
        manifest.files.push(csv_file);
        Ok(())
    }
}

/// The record's top-level fields, in order.
fn columns(record: &Value) -> Vec<String> {
    match record {
        Value::Object(fields) => fields.keys().cloned().collect(),
        _ => vec!["value".to_owned()],
    }
}

/// One cell per column: text as is, lists of text joined with "; ", anything else
/// nested as compact JSON. The CSV writer neutralises each cell.
fn cells(header: &[String], record: &Value) -> Vec<String> {
    let cell = |value: Option<&Value>| match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    };
    match record {
        Value::Object(fields) => header.iter().map(|c| cell(fields.get(c))).collect(),
        other => vec![cell(Some(other))],
    }
}

fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut bytes = 0;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok((bytes, hex::encode(hasher.finalize())));
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_follow_the_columns_of_the_first_record() {
        let first = json!({ "name": "=HYPERLINK(1)", "phones": ["+1 415", "+1 212"], "n": 3 });
        let header = columns(&first);
        let cell_of = |row: Vec<String>, column: &str| {
            row[header.iter().position(|c| c == column).unwrap()].clone()
        };
        assert_eq!(header.len(), 3);
        assert_eq!(cell_of(cells(&header, &first), "n"), "3");
        assert_eq!(cell_of(cells(&header, &first), "name"), "=HYPERLINK(1)");
        assert_eq!(cell_of(cells(&header, &first), "phones"), "+1 415; +1 212");
        let sparse = json!({ "name": "Ada", "extra": { "a": 1 } });
        assert_eq!(cell_of(cells(&header, &sparse), "n"), "");
        assert_eq!(cell_of(cells(&header, &sparse), "name"), "Ada");
    }
}
