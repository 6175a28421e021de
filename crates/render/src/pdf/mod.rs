//! PDF documents: the production report (summary, charts and tables over several
//! pages) and an agent's commission statement (each deal with its payout trace).
//!
//! Written with krilla, which embeds and subsets the TrueType font with a ToUnicode
//! map (the text can be searched, copied and extracted) and, through krilla-svg, draws
//! the charts' SVG as vectors with real text, so the PDF prints sharp at any size.
//! Every page carries a running header with the "as of" sync time and a "Page i of n"
//! footer.

mod blocks;
mod draw;
mod layout;
mod report;
mod statement;
mod table;

pub use report::{ReportInput, production_report};
pub use statement::{StatementInput, agent_statement, statement_lines};
