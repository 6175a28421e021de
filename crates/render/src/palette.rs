//! The app's colours (ui/src/styles/tokens.css): one blue accent, greys for structure
//! and last year's figures, status colours only for state (pipeline groups, capped).

use plotters::style::RGBColor;

pub const INK: RGBColor = RGBColor(0x14, 0x19, 0x22); // --gray-900
pub const TEXT: RGBColor = RGBColor(0x36, 0x3e, 0x4a); // --gray-700
pub const MUTED: RGBColor = RGBColor(0x6b, 0x72, 0x80); // --gray-500
pub const SUBTLE: RGBColor = RGBColor(0x9a, 0xa2, 0xae); // --gray-400
pub const BORDER: RGBColor = RGBColor(0xcf, 0xd4, 0xdb); // --gray-300
pub const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xeb); // --gray-200
pub const TRACK: RGBColor = RGBColor(0xee, 0xf0, 0xf3); // --gray-100
pub const ZEBRA: RGBColor = RGBColor(0xf6, 0xf7, 0xf9); // --gray-50
pub const PAPER: RGBColor = RGBColor(0xff, 0xff, 0xff); // --gray-0

pub const ACCENT: RGBColor = RGBColor(0x2d, 0x5b, 0xd8); // --accent-600
pub const ACCENT_DARK: RGBColor = RGBColor(0x22, 0x48, 0xb4); // --accent-700
pub const ACCENT_LIGHT: RGBColor = RGBColor(0xdd, 0xe7, 0xff); // --accent-100
pub const ACCENT_WASH: RGBColor = RGBColor(0xee, 0xf3, 0xff); // --accent-50

pub const POSITIVE: RGBColor = RGBColor(0x16, 0x80, 0x3c); // --positive-600
pub const PENDING: RGBColor = RGBColor(0x8a, 0x93, 0xa0); // --pending-500
pub const NEGATIVE: RGBColor = RGBColor(0xc0, 0x32, 0x1f); // --negative-600
pub const WARNING: RGBColor = RGBColor(0xe5, 0x9b, 0x0b); // --warning-500
