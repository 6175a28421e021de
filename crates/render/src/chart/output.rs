//! Rendering a chart to bytes: SVG text for the window, PNG for export.

use plotters::prelude::*;

use super::{Chart, Px};
use crate::RenderError;
use crate::font::{self, FAMILY, SVG_FALLBACK};

/// The chart as an SVG document, `size()` pixels wide and high. Its text stays text
/// (searchable, selectable, sharp at any zoom) in the embedded font's family, with
/// metric-compatible fallbacks for viewers that do not have it.
pub fn svg(chart: &impl Chart) -> Result<String, RenderError> {
    font::register_with_plotters();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, chart.size()).into_drawing_area();
        chart
            .draw(&root, Px(1.0))
            .map_err(|e| RenderError::new("drawing the chart", e))?;
        root.present()
            .map_err(|e| RenderError::new("writing the SVG", e))?;
    }
    Ok(out.replace(
        &format!("font-family=\"{FAMILY}\""),
        &format!("font-family=\"{SVG_FALLBACK}\""),
    ))
}

/// The chart as a PNG `scale` times its size (2 for print and high-density screens),
/// marked at 72 × `scale` dpi so it prints at its logical size.
pub fn png(chart: &impl Chart, scale: f64) -> Result<Vec<u8>, RenderError> {
    font::register_with_plotters();
    let (w, h) = chart.size();
    let (width, height) = (
        (f64::from(w) * scale).round() as u32,
        (f64::from(h) * scale).round() as u32,
    );
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        chart
            .draw(&root, Px(scale))
            .map_err(|e| RenderError::new("drawing the chart", e))?;
        root.present()
            .map_err(|e| RenderError::new("drawing the chart", e))?;
    }
    encode_png(&pixels, width, height, scale)
}

fn encode_png(rgb: &[u8], width: u32, height: u32, scale: f64) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // 72 dpi is 2834.6 pixels per metre.
    let per_metre = (2834.6 * scale).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let fail = |e: png::EncodingError| RenderError::new("encoding the PNG", e);
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(rgb).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}
