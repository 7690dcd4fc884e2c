//! One place's small multiple, drawn as SVG with plotters' SVG backend (as sitrep-eval's
//! pictures are, with the viewer's fonts): volume bars (articles per period) and the
//! intensity line (the shrunk mean level, 0 to 3, on the right axis) on one time axis;
//! gaps break the line, and alerts are triangles along the top, pointing up (red) for
//! escalation and down (green) for de-escalation, filled for alerts and hollow for warnings.

use plotters::prelude::*;

use super::super::dates::format_date;
use super::super::rules::Severity;
use super::super::series::PlaceSeries;
use super::super::Trends;

const FONT: &str = "sans-serif";
const BAR: RGBColor = RGBColor(176, 196, 222);
const LINE: RGBColor = RGBColor(31, 90, 160);
const UP: RGBColor = RGBColor(200, 40, 30);
const DOWN: RGBColor = RGBColor(30, 140, 60);

/// Width and height of one chart, in pixels.
pub const SIZE: (u32, u32) = (540, 190);

fn draw_err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The chart of place `p` as an SVG document.
pub fn place_chart(trends: &Trends, p: usize) -> Result<String, String> {
    let place: &PlaceSeries = &trends.series.places[p];
    let timeline = trends.series.timeline;
    let len = timeline.len.max(1) as f64;
    let k = trends.params.shrinkage;
    let max_n = place.periods.iter().map(|r| r.n()).max().unwrap_or(0).max(1);
    // headroom above the tallest bar for the alert markers
    let top = f64::from(max_n) * 1.25;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(&place.name, (FONT, 15).into_font())
            .margin(6)
            .x_label_area_size(22)
            .y_label_area_size(34)
            .right_y_label_area_size(30)
            .build_cartesian_2d(0f64..len, 0f64..top)
            .map_err(draw_err)?
            .set_secondary_coord(0f64..len, 0f64..3.75f64);
        let label = |v: &f64| {
            let t = (v.max(0.0) as usize).min(timeline.len.saturating_sub(1));
            format_date(timeline.start(t))[..7].to_string()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(5)
            .y_labels(4)
            .x_label_formatter(&label)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, 11))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()
            .map_err(draw_err)?;
        chart
            .configure_secondary_axes()
            .y_labels(4)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, 11))
            .draw()
            .map_err(draw_err)?;
        chart
            .draw_series(
                place
                    .periods
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.n() > 0)
                    .map(|(t, r)| {
                        let x = t as f64;
                        Rectangle::new([(x + 0.1, 0.0), (x + 0.9, f64::from(r.n()))], BAR.filled())
                    }),
            )
            .map_err(draw_err)?;
        // the intensity line, one path per run of covered periods
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (t, r) in place.periods.iter().enumerate() {
            match r.shrunk_mean(k) {
                Some(m) => runs
                    .last_mut()
                    .into_iter()
                    .for_each(|run| run.push((t as f64 + 0.5, m))),
                None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
                None => {}
            }
        }
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            if run.len() == 1 {
                chart
                    .draw_secondary_series(run.iter().map(|&p| Circle::new(p, 2, LINE.filled())))
                    .map_err(draw_err)?;
            } else {
                chart
                    .draw_secondary_series(std::iter::once(PathElement::new(run, LINE.stroke_width(2))))
                    .map_err(draw_err)?;
            }
        }
        let marker_y = f64::from(max_n) * 1.14;
        let mine = || trends.alerts.iter().filter(|a| a.place == p);
        let triangle = |up: bool| {
            if up {
                vec![(0, -6), (-5, 4), (5, 4), (0, -6)]
            } else {
                vec![(0, 6), (-5, -4), (5, -4), (0, 6)]
            }
        };
        // alerts filled, warnings hollow
        let alerts = mine().filter(|a| a.severity == Severity::Alert).map(|a| {
            let color = if a.rule.is_escalation() { UP } else { DOWN };
            EmptyElement::at((a.period as f64 + 0.5, marker_y))
                + Polygon::new(triangle(a.rule.is_escalation()), color.filled())
        });
        chart.draw_series(alerts).map_err(draw_err)?;
        let warnings = mine().filter(|a| a.severity == Severity::Warning).map(|a| {
            let color = if a.rule.is_escalation() { UP } else { DOWN };
            EmptyElement::at((a.period as f64 + 0.5, marker_y))
                + PathElement::new(triangle(a.rule.is_escalation()), color.stroke_width(1))
        });
        chart.draw_series(warnings).map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    Ok(svg)
}
