//! The one error rendering can give. Drawing goes to memory with an embedded font, so
//! in practice it fails only on a bug; callers show the message and log it.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderError {
    pub message: String,
}

impl RenderError {
    pub(crate) fn new(what: &str, cause: impl fmt::Display) -> Self {
        Self {
            message: format!("{what}: {cause}"),
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenderError {}
