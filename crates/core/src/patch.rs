//! Partial updates (PATCH bodies and pushed edits): an absent field stays as it is, and
//! for an optional field `null` clears it.

use serde::{Deserialize, Deserializer};

/// Distinguishes "leave as is" (field absent, so `None` through `#[serde(default)]`)
/// from "clear it" (`null`, so `Some(None)`).
pub(crate) fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
