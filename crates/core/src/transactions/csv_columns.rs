//! The columns of a Dotloop CSV export, found by header: the fixed ones (`Loop View`,
//! `Loop Status`, `Price`…) and one `Section / Field` column per detail, custom sections
//! included.

use super::csv_file::ImportRefused;
use super::details::{DetailKey, detail_key};
use super::record::TransactionField;

/// What a column of the export means.
#[derive(Clone, Copy, Debug)]
pub(super) enum Column {
    LoopView,
    LoopId,
    LoopName,
    LoopStatus,
    ComplianceStatus,
    Tags,
    CreatedDate,
    /// A top-level column with the same meaning as a detail key; the detail's value
    /// wins when both are filled.
    SameAsDetail(&'static DetailKey),
    /// The export's `Price`: often 0, so used only when no detail gives a price.
    Price,
    Agents,
    Detail(&'static DetailKey),
    Custom,
}

fn fixed_column(header: &str) -> Option<Column> {
    let same_as = |section, key| detail_key(section, key).map(Column::SameAsDetail);
    let column = match header.to_ascii_lowercase().as_str() {
        "loop view" => Column::LoopView,
        "loop id" => Column::LoopId,
        "loop name" => Column::LoopName,
        "loop status" => Column::LoopStatus,
        "compliance status" => Column::ComplianceStatus,
        "tags" => Column::Tags,
        "created date" => Column::CreatedDate,
        "closing date" => return same_as("Contract Dates", "Closing Date"),
        "expiration date" => return same_as("Listing Information", "Expiration Date"),
        "listing date" => return same_as("Listing Information", "Listing Date"),
        "offer date" => return same_as("Offer Dates", "Offer Date"),
        "price" => Column::Price,
        "agents" => Column::Agents,
        // Joined Date, Address, Created By, Created By Admin and anything new are kept
        // as custom fields.
        _ => return None,
    };
    Some(column)
}

/// A header cell's section and field: `Financials / Purchase/Sale Price` splits at the
/// first " / " (keys such as `State/Prov` hold a bare slash).
pub(super) fn section_and_field(header: &str) -> (&str, &str) {
    match header.split_once(" / ") {
        Some((section, field)) => (section.trim(), field.trim()),
        None => ("", header.trim()),
    }
}

/// The columns of one export, read once.
#[derive(Clone, Debug)]
pub struct ExportColumns {
    pub(super) headers: Vec<String>,
    pub(super) kinds: Vec<Column>,
    /// Column indexes in reading order: top-level columns first, then details, so a
    /// filled detail overrides the top-level column of the same meaning.
    pub(super) order: Vec<usize>,
}

impl ExportColumns {
    pub(super) fn new(headers: Vec<String>) -> Result<Self, ImportRefused> {
        let kinds: Vec<Column> = headers
            .iter()
            .map(|header| {
                fixed_column(header).unwrap_or_else(|| {
                    let (section, field) = section_and_field(header);
                    detail_key(section, field).map_or(Column::Custom, Column::Detail)
                })
            })
            .collect();
        if !kinds.iter().any(|k| matches!(k, Column::LoopView)) {
            return Err(ImportRefused::new(
                "not_a_dotloop_export",
                "The file has no \"Loop View\" column, so it is not Dotloop's loop export. In Dotloop, export the loops to CSV and import that file unchanged.",
            ));
        }
        if let Some(repeated) = repeated_header(&headers) {
            return Err(ImportRefused::new(
                "repeated_column",
                format!(
                    "The column \"{repeated}\" appears twice in the file's first line, so which of its values counts is unclear. Remove one of them, or export the loops from Dotloop again."
                ),
            ));
        }
        let mut order: Vec<usize> = (0..kinds.len()).collect();
        order.sort_by_key(|&i| matches!(kinds[i], Column::Detail(_)));
        Ok(Self {
            headers,
            kinds,
            order,
        })
    }

    /// The transaction fields this export carries a column for. Fields outside it are
    /// left as they are when a loop is updated. (`Price` is not among them: a 0 there
    /// must not clear a real price.)
    pub fn fields(&self) -> Vec<TransactionField> {
        let mut fields: Vec<TransactionField> = self
            .kinds
            .iter()
            .filter_map(|kind| match kind {
                Column::LoopView => Some(TransactionField::LoopViewId),
                Column::LoopId => Some(TransactionField::LoopId),
                Column::LoopName => Some(TransactionField::Name),
                Column::LoopStatus => Some(TransactionField::Status),
                Column::ComplianceStatus => Some(TransactionField::ComplianceStatus),
                Column::Tags => Some(TransactionField::Tags),
                Column::CreatedDate => Some(TransactionField::LoopCreatedAt),
                Column::SameAsDetail(key) | Column::Detail(key) => Some(key.field),
                Column::Agents => Some(TransactionField::Participants),
                Column::Price | Column::Custom => None,
            })
            .collect();
        fields.sort_unstable();
        fields.dedup();
        fields
    }

    /// The (section, field) of every custom column, which an update replaces.
    pub fn custom_keys(&self) -> impl Iterator<Item = (&str, &str)> {
        self.kinds
            .iter()
            .zip(&self.headers)
            .filter(|(kind, _)| matches!(kind, Column::Custom))
            .map(|(_, header)| section_and_field(header))
    }

    /// For a column that holds a list (agents, tags), how two lines' values join.
    pub(super) fn list_separator(&self, index: usize) -> Option<&'static str> {
        match self.kinds.get(index)? {
            Column::Agents => Some(", "),
            Column::Tags => Some("|"),
            _ => None,
        }
    }

    pub(super) fn header(&self, index: usize) -> &str {
        self.headers.get(index).map_or("", String::as_str)
    }

    pub(super) fn index_of(&self, wanted: fn(&Column) -> bool) -> Option<usize> {
        self.kinds.iter().position(wanted)
    }
}

/// A named column that appears twice. (Unnamed ones carry nothing and may repeat.)
fn repeated_header(headers: &[String]) -> Option<&str> {
    let mut seen = std::collections::HashSet::new();
    headers
        .iter()
        .map(|header| header.trim())
        .filter(|header| !header.is_empty())
        .find(|header| !seen.insert(*header))
}
