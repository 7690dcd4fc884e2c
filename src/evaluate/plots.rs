//! Pictures for people who would rather look than read: a confusion-matrix heatmap and a
//! reliability diagram, drawn as SVG with plotters' SVG backend.
//!
//! Only the SVG backend is used, with plotters' built-in text size estimate instead of a
//! font library: text becomes `<text>` elements that the viewer renders with its own fonts,
//! so building sitrep needs no system font or image libraries.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use thiserror::Error;

use crate::data::clip;
use crate::evaluate::calibration::Calibration;
use crate::metrics::ConfusionMatrix;

#[derive(Debug, Error)]
pub enum PlotError {
    #[error("cannot draw the {what}: {message}")]
    Draw { what: &'static str, message: String },
}

fn draw_err<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> PlotError {
    move |e| PlotError::Draw {
        what,
        message: e.to_string(),
    }
}

const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(40, 40, 40);
const GREY: RGBColor = RGBColor(110, 110, 110);
const BLUE: RGBColor = RGBColor(31, 90, 160);

/// Shortens a label to `max` columns for an axis: by display width, as a CJK glyph takes
/// about twice a Latin letter's room in the viewer's font too.
fn short(label: &str, max: usize) -> String {
    clip(label, max, "…").into_owned()
}

/// White to deep blue as `share` goes from 0 to 1.
pub fn shade(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let mix = |from: f64, to: f64| (from + (to - from) * s).round() as u8;
    RGBColor(mix(247.0, 8.0), mix(251.0, 48.0), mix(255.0, 107.0))
}

/// The confusion matrix as a heatmap: rows true, columns predicted; each cell shows its count
/// and is shaded by its share of the row (the recall of the row's class on the diagonal).
pub fn confusion_heatmap(cm: &ConfusionMatrix, title: &str) -> Result<String, PlotError> {
    let what = "confusion-matrix heatmap";
    let n = cm.labels.len().max(1);
    let cell: i32 = (360 / n as i32).clamp(28, 90);
    let (left, top) = (130, 92);
    let size = cell * n as i32;
    let (w, h) = ((left + size + 30) as u32, (top + size + 60) as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err(what))?;
        let style = |size: f64, color: &'static RGBColor, pos: Pos| {
            TextStyle::from((FONT, size).into_font()).color(color).pos(pos)
        };
        let center = Pos::new(HPos::Center, VPos::Center);
        root.draw(&Text::new(
            title.to_string(),
            (left + size / 2, 18),
            style(19.0, &INK, center),
        ))
        .map_err(draw_err(what))?;
        root.draw(&Text::new(
            "predicted".to_string(),
            (left + size / 2, top - 50),
            style(16.0, &INK, center),
        ))
        .map_err(draw_err(what))?;
        root.draw(&Text::new(
            "true".to_string(),
            (left - 10, top - 20),
            style(16.0, &INK, Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(draw_err(what))?;
        for (j, label) in cm.labels.iter().enumerate() {
            let x = left + j as i32 * cell + cell / 2;
            root.draw(&Text::new(
                short(label, 12),
                (x, top - 20),
                style(15.0, &INK, center),
            ))
            .map_err(draw_err(what))?;
        }
        for (i, label) in cm.labels.iter().enumerate() {
            let y = top + i as i32 * cell + cell / 2;
            root.draw(&Text::new(
                short(label, 16),
                (left - 10, y),
                style(15.0, &INK, Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(draw_err(what))?;
            let support = cm.support(i).max(1) as f64;
            for j in 0..cm.labels.len() {
                let count = cm.cell(i, j);
                let share = count as f64 / support;
                let (x0, y0) = (left + j as i32 * cell, top + i as i32 * cell);
                root.draw(&Rectangle::new(
                    [(x0, y0), (x0 + cell, y0 + cell)],
                    shade(share).filled(),
                ))
                .map_err(draw_err(what))?;
                root.draw(&Rectangle::new(
                    [(x0, y0), (x0 + cell, y0 + cell)],
                    RGBColor(255, 255, 255).stroke_width(1),
                ))
                .map_err(draw_err(what))?;
                let ink: &'static RGBColor = if share > 0.5 { &WHITE } else { &INK };
                root.draw(&Text::new(
                    count.to_string(),
                    (x0 + cell / 2, y0 + cell / 2),
                    style(if cell >= 50 { 19.0 } else { 14.0 }, ink, center),
                ))
                .map_err(draw_err(what))?;
            }
        }
        root.draw(&Text::new(
            "shade: share of the true class's rows".to_string(),
            (left + size / 2, top + size + 24),
            style(14.0, &GREY, center),
        ))
        .map_err(draw_err(what))?;
        root.present().map_err(draw_err(what))?;
    }
    Ok(svg)
}

/// The reliability diagram: per probability bin, the accuracy (bars) against the mean
/// probability (dots); a calibrated model keeps to the diagonal.
pub fn reliability_diagram(c: &Calibration, title: &str) -> Result<String, PlotError> {
    let what = "reliability diagram";
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (420, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err(what))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 19).into_font())
            .margin(14)
            .x_label_area_size(46)
            .y_label_area_size(54)
            .build_cartesian_2d(0f64..1f64, 0f64..1f64)
            .map_err(draw_err(what))?;
        chart
            .configure_mesh()
            .x_desc("predicted-class probability")
            .y_desc("accuracy")
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 15))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()
            .map_err(draw_err(what))?;
        chart
            .draw_series(c.bins.iter().filter_map(|b| {
                let acc = b.accuracy?;
                Some(Rectangle::new(
                    [(b.low + 0.01, 0.0), (b.high - 0.01, acc)],
                    BLUE.mix(0.55).filled(),
                ))
            }))
            .map_err(draw_err(what))?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (1.0, 1.0)],
                RGBColor(150, 150, 150).stroke_width(1),
            )))
            .map_err(draw_err(what))?;
        let points: Vec<(f64, f64)> = c
            .bins
            .iter()
            .filter_map(|b| Some((b.confidence?, b.accuracy?)))
            .collect();
        chart
            .draw_series(std::iter::once(PathElement::new(
                points.clone(),
                RGBColor(200, 80, 30).stroke_width(2),
            )))
            .map_err(draw_err(what))?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, 4, RGBColor(200, 80, 30).filled())),
            )
            .map_err(draw_err(what))?;
        root.present().map_err(draw_err(what))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_run_from_white_to_blue() {
        assert_eq!(shade(0.0), RGBColor(247, 251, 255));
        assert_eq!(shade(1.0), RGBColor(8, 48, 107));
        assert_eq!(shade(7.0), shade(1.0));
        assert_eq!(short("displacement", 5), "disp…");
        assert_eq!(short("ok", 5), "ok");
        assert_eq!(short("北大西洋条約機構", 12), "北大西洋条…");
    }
}
