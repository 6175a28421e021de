//! The embedded font: Liberation Sans 2 (SIL Open Font License 1.1, `fonts/LICENSE`),
//! from Debian's fonts-liberation2. It has the metrics of Arial, so an SVG chart shown
//! where the font is not installed falls back to Arial or Helvetica with the same
//! layout; PNG and PDF output draw these very glyphs on every machine.

use std::sync::{Arc, Once, OnceLock};

use ab_glyph::{Font, FontRef};
use plotters::style::{FontStyle, register_font};

/// The family name charts and SVG text use.
pub const FAMILY: &str = "Liberation Sans";
/// What an SVG viewer should try when [`FAMILY`] is not installed: metric-compatible
/// faces first, so labels keep their measured widths.
pub const SVG_FALLBACK: &str = "'Liberation Sans', Arimo, Arial, Helvetica, sans-serif";

pub static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
pub static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// Registers the font with plotters once per process; every chart calls it first.
pub(crate) fn register_with_plotters() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (style, bytes) in [(FontStyle::Normal, REGULAR), (FontStyle::Bold, BOLD)] {
            if register_font(FAMILY, style, bytes).is_err() {
                panic!("the embedded font is a valid TrueType file");
            }
        }
    });
}

/// The embedded faces for usvg, which lays out the charts' SVG text for the PDF.
pub(crate) fn font_database() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Text widths for laying out PDF tables (right-aligned figures, truncated names).
pub(crate) struct Metrics {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Metrics {
    pub(crate) fn get() -> &'static Metrics {
        static METRICS: OnceLock<Metrics> = OnceLock::new();
        METRICS.get_or_init(|| Metrics {
            regular: FontRef::try_from_slice(REGULAR).expect("the embedded font parses"),
            bold: FontRef::try_from_slice(BOLD).expect("the embedded font parses"),
        })
    }

    /// The advance width of `text` at `size` points, kerning included.
    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        let mut units = 0.0;
        let mut previous = None;
        for c in text.chars() {
            let glyph = face.glyph_id(c);
            if let Some(before) = previous {
                units += face.kern_unscaled(before, glyph);
            }
            units += face.h_advance_unscaled(glyph);
            previous = Some(glyph);
        }
        units * size / face.units_per_em().unwrap_or(2048.0)
    }

    /// `text` cut with an ellipsis to fit `max` points.
    pub(crate) fn fit(&self, text: &str, size: f32, bold: bool, max: f32) -> String {
        if self.width(text, size, bold) <= max {
            return text.to_owned();
        }
        let mut cut: String = text.to_owned();
        while !cut.is_empty() && self.width(&format!("{cut}…"), size, bold) > max {
            cut.pop();
        }
        format!("{}…", cut.trim_end())
    }
}
