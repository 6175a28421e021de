//! Printing results: a line of text for people, or one JSON document with `--json`.
//! Failures print `{code, message}` (on stderr as text), and exit with status 1.

use brokerdesk_core::error::ErrorBody;
use serde::Serialize;
use std::process::ExitCode;

pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints `value` as JSON, or `text` for people.
    pub fn show<T: Serialize>(&self, value: &T, text: impl FnOnce() -> String) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(value).expect("output serialises")
            );
        } else {
            println!("{}", text());
        }
    }

    /// A progress line for people; nothing in JSON mode, whose output stays one document.
    pub fn note(&self, text: &str) {
        if !self.json {
            eprintln!("{text}");
        }
    }

    pub fn fail(&self, error: &ErrorBody) -> ExitCode {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(error).expect("an error serialises")
            );
        } else {
            eprintln!("error: {} ({})", error.message, error.code);
        }
        ExitCode::FAILURE
    }
}
