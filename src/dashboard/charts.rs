//! Chart geometry for SVG drawn on the server: paired bars (plan against actual), lines, and
//! the variance waterfall. Templates only place the shapes computed here; every chart also
//! has its data table on the page, so nothing depends on reading the drawing.

use std::fmt::{self, Write as _};
use std::ops::{Add, Sub};

use rust_decimal::prelude::ToPrimitive;

use crate::domain::Money;
use crate::domain::fixed::Backwards;

/// The drawing area, in SVG units (the SVG scales to its container): a chart across the
/// page, and one of two side by side, so that text keeps its size in both.
pub const WIDTH: f64 = 960.0;
pub const HALF: f64 = 560.0;
pub const HEIGHT: f64 = 280.0;
const LEFT: f64 = 76.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;

/// A length or position in SVG units, written with at most one decimal: a tenth of a unit is
/// finer than any screen draws, and a float's shortest exact form is long to send and slow to
/// write (a chart has hundreds of them).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Px(pub f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let unsigned = u128::from(tenths.unsigned_abs());
        let mut text = Backwards::new();
        if !unsigned.is_multiple_of(10) {
            text.digits(unsigned % 10, 1, false);
            text.push(b'.');
        }
        text.digits(unsigned / 10, 1, false);
        if tenths < 0 {
            text.push(b'-');
        }
        f.write_str(text.as_str())
    }
}

/// Only digits, a sign and a point: nothing to escape in HTML.
impl askama::filters::HtmlSafe for Px {}

impl Add<f64> for Px {
    type Output = Px;
    fn add(self, other: f64) -> Px {
        Px(self.0 + other)
    }
}

impl Sub<f64> for Px {
    type Output = Px;
    fn sub(self, other: f64) -> Px {
        Px(self.0 - other)
    }
}

/// A horizontal grid line with its value label.
pub struct Tick {
    pub y: Px,
    pub label: String,
}

/// One bar.
pub struct Bar {
    pub x: Px,
    pub y: Px,
    pub width: Px,
    pub height: Px,
    /// `plan` or `actual` (or a waterfall step's kind), for the stylesheet.
    pub class: &'static str,
    /// What a tooltip and a screen reader say.
    pub title: String,
}

/// A label under a group of bars.
pub struct Label {
    pub x: Px,
    pub text: String,
}

/// A marked date (a platform event) over the chart.
pub struct Marker {
    pub x: Px,
    pub label: String,
}

/// A line through points.
pub struct Line {
    pub class: &'static str,
    pub points: String,
    pub dots: Vec<(Px, Px, String)>,
}

/// A chart ready to draw.
pub struct Chart {
    pub width: Px,
    pub height: Px,
    pub left: Px,
    pub baseline: Px,
    pub ticks: Vec<Tick>,
    pub bars: Vec<Bar>,
    pub labels: Vec<Label>,
    pub markers: Vec<Marker>,
    pub lines: Vec<Line>,
}

/// A round upper bound and step for an axis reaching `max`.
fn scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 0.25);
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude / 4.0)
        .find(|step| step * 4.0 >= max)
        .unwrap_or(magnitude);
    (step * 4.0, step)
}

/// A short axis label: 1.5万, 300万, 2亿 in Chinese, 15k, 3M in English.
pub fn short_amount(value: f64, chinese: bool) -> String {
    let (unit, suffix) = match (chinese, value.abs()) {
        (true, a) if a >= 1e8 => (1e8, "亿"),
        (true, a) if a >= 1e4 => (1e4, "万"),
        (false, a) if a >= 1e6 => (1e6, "M"),
        (false, a) if a >= 1e3 => (1e3, "k"),
        _ => (1.0, ""),
    };
    let mut text = String::with_capacity(16);
    let _ = write!(text, "{}{suffix}", Px(value / unit));
    text
}

fn empty_chart(width: f64, max: f64, chinese: bool, min: f64) -> (Chart, f64, f64) {
    let (top, step) = scale(max.max(-min));
    let bottom = if min < 0.0 { -top } else { 0.0 };
    let plot = HEIGHT - TOP - BOTTOM;
    let y_of = move |v: f64| TOP + (top - v) / (top - bottom) * plot;
    let mut ticks = Vec::new();
    let mut v = bottom;
    while v <= top + step / 2.0 {
        ticks.push(Tick {
            y: Px(y_of(v)),
            label: short_amount(v, chinese),
        });
        v += step;
    }
    let chart = Chart {
        width: Px(width),
        height: Px(HEIGHT),
        left: Px(LEFT),
        baseline: Px(y_of(0.0)),
        ticks,
        bars: Vec::new(),
        labels: Vec::new(),
        markers: Vec::new(),
        lines: Vec::new(),
    };
    (chart, top, bottom)
}

fn y_for(top: f64, bottom: f64, v: f64) -> f64 {
    TOP + (top - v) / (top - bottom) * (HEIGHT - TOP - BOTTOM)
}

/// Plan and actual side by side for each period; `None` draws nothing for that bar.
pub fn paired_bars(
    width: f64,
    labels: &[String],
    plan: &[Option<f64>],
    actual: &[Option<f64>],
    titles: (&str, &str),
    chinese: bool,
) -> Chart {
    let max = plan
        .iter()
        .chain(actual)
        .flatten()
        .fold(0.0f64, |a, b| a.max(*b));
    let (mut chart, top, bottom) = empty_chart(width, max, chinese, 0.0);
    let slot = (width - LEFT - RIGHT) / labels.len().max(1) as f64;
    let bar = (slot * 0.36).min(34.0);
    for (i, label) in labels.iter().enumerate() {
        let center = LEFT + slot * (i as f64 + 0.5);
        for (offset, value, class, name) in [
            (-bar, plan.get(i).copied().flatten(), "plan", titles.0),
            (0.0, actual.get(i).copied().flatten(), "actual", titles.1),
        ] {
            if let Some(v) = value {
                let y = y_for(top, bottom, v.max(0.0));
                chart.bars.push(Bar {
                    x: Px(center + offset),
                    y: Px(y),
                    width: Px(bar),
                    height: Px((chart.baseline.0 - y).max(0.0)),
                    class,
                    title: format!("{label} {name}: {}", short_amount(v, chinese)),
                });
            }
        }
        chart.labels.push(Label {
            x: Px(center),
            text: label.clone(),
        });
    }
    chart
}

/// Lines over periods, one per series: (class, values).
pub fn lines(
    width: f64,
    labels: &[String],
    series: &[(&'static str, Vec<Option<f64>>)],
    percent: bool,
    chinese: bool,
) -> Chart {
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .fold(0.0f64, |a, b| a.max(*b));
    let (mut chart, top, bottom) = empty_chart(width, max, chinese, 0.0);
    if percent {
        for tick in &mut chart.ticks {
            let v = top - (tick.y.0 - TOP) / (HEIGHT - TOP - BOTTOM) * (top - bottom);
            let text = format!("{:.2}", v * 100.0);
            tick.label = format!("{}%", text.trim_end_matches('0').trim_end_matches('.'));
        }
    }
    let slot = (width - LEFT - RIGHT) / labels.len().max(1) as f64;
    for (class, values) in series {
        let dots: Vec<(Px, Px, String)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let v = (*v)?;
                let label = if percent {
                    format!("{:.2}%", v * 100.0)
                } else {
                    short_amount(v, chinese)
                };
                Some((
                    Px(LEFT + slot * (i as f64 + 0.5)),
                    Px(y_for(top, bottom, v)),
                    format!("{} {label}", labels[i]),
                ))
            })
            .collect();
        let mut points = String::with_capacity(dots.len() * 12);
        for (i, (x, y, _)) in dots.iter().enumerate() {
            let gap = if i == 0 { "" } else { " " };
            let _ = write!(points, "{gap}{x},{y}");
        }
        chart.lines.push(Line {
            class,
            points,
            dots,
        });
    }
    chart.labels = labels
        .iter()
        .enumerate()
        .map(|(i, l)| Label {
            x: Px(LEFT + slot * (i as f64 + 0.5)),
            text: l.clone(),
        })
        .collect();
    chart
}

/// Marks events on a chart whose periods are `labels`: `at` is (period index, fraction of it).
pub fn mark(chart: &mut Chart, periods: usize, events: &[(usize, f64, String)]) {
    let slot = (chart.width.0 - LEFT - RIGHT) / periods.max(1) as f64;
    for (i, fraction, label) in events {
        chart.markers.push(Marker {
            x: Px(LEFT + slot * (*i as f64 + fraction)),
            label: label.clone(),
        });
    }
}

/// The variance waterfall: target sales, the three effects, actual sales.
pub fn waterfall(steps: &[(String, Money, &'static str)], chinese: bool) -> Chart {
    let as_f = |m: Money| m.value().to_f64().unwrap_or(0.0);
    let mut running = 0.0;
    let mut spans = Vec::new();
    for (i, (label, amount, kind)) in steps.iter().enumerate() {
        let v = as_f(*amount);
        let (from, to) = if i == 0 || i == steps.len() - 1 {
            (0.0, v)
        } else {
            (running, running + v)
        };
        running = if i == steps.len() - 1 { v } else { to };
        spans.push((label.clone(), from, to, *kind, v));
    }
    let max = spans.iter().flat_map(|s| [s.1, s.2]).fold(0.0f64, f64::max);
    let min = spans.iter().flat_map(|s| [s.1, s.2]).fold(0.0f64, f64::min);
    let (mut chart, top, bottom) = empty_chart(WIDTH, max, chinese, min);
    let slot = (WIDTH - LEFT - RIGHT) / spans.len().max(1) as f64;
    for (i, (label, from, to, kind, v)) in spans.into_iter().enumerate() {
        let (y1, y2) = (
            y_for(top, bottom, from.max(to)),
            y_for(top, bottom, from.min(to)),
        );
        let center = LEFT + slot * (i as f64 + 0.5);
        chart.bars.push(Bar {
            x: Px(center - slot * 0.3),
            y: Px(y1),
            width: Px(slot * 0.6),
            height: Px((y2 - y1).max(1.0)),
            class: kind,
            title: format!("{label}: {}", short_amount(v, chinese)),
        });
        chart.labels.push(Label {
            x: Px(center),
            text: label,
        });
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        let text = |v: f64| Px(v).to_string();
        assert_eq!(text(88.111_111_111_111_11), "88.1");
        assert_eq!(text(185.0), "185");
        assert_eq!(text(236.96), "237");
        assert_eq!(text(-0.46), "-0.5");
        assert_eq!(text(-12.25), "-12.3");
        assert_eq!(text(0.04), "0");
        assert_eq!((Px(70.0) - 6.0).to_string(), "64");
        assert_eq!(text(-3.0), "-3");
        assert_eq!(text(-0.04), "0");
        assert_eq!(text(123_456.75), "123456.8");
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(scale(72_720.0), (100_000.0, 25_000.0));
        assert_eq!(scale(1_500_000.0), (2_000_000.0, 500_000.0));
        assert_eq!(short_amount(1_500_000.0, true), "150万");
        assert_eq!(short_amount(25_000.0, false), "25k");
    }

    #[test]
    fn bars_stand_on_the_baseline_and_scale_with_their_values() {
        let labels = vec!["01".to_string(), "02".to_string()];
        let chart = paired_bars(
            WIDTH,
            &labels,
            &[Some(100.0), Some(50.0)],
            &[Some(80.0), None],
            ("plan", "actual"),
            false,
        );
        assert_eq!(chart.bars.len(), 3);
        let (a, b) = (&chart.bars[0], &chart.bars[2]);
        assert!((a.y.0 + a.height.0 - chart.baseline.0).abs() < 1e-6);
        assert!(
            (b.height.0 / a.height.0 - 0.5).abs() < 1e-6,
            "{} {}",
            b.height,
            a.height
        );
    }

    #[test]
    fn percent_axes_say_their_ticks_exactly() {
        let labels = vec!["01".to_string()];
        let chart = lines(HALF, &labels, &[("plan", vec![Some(0.026)])], true, true);
        let ticks: Vec<&str> = chart.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(ticks, ["0%", "1.25%", "2.5%", "3.75%", "5%"]);
        assert_eq!(chart.width, Px(HALF));
    }

    #[test]
    fn the_waterfall_walks_from_target_to_actual() {
        let steps = vec![
            ("target".to_string(), Money::yuan(100), "total"),
            ("uv".to_string(), Money::yuan(-30), "down"),
            ("conversion".to_string(), Money::yuan(10), "up"),
            ("aov".to_string(), Money::yuan(-5), "down"),
            ("actual".to_string(), Money::yuan(75), "total"),
        ];
        let chart = waterfall(&steps, false);
        assert_eq!(chart.bars.len(), 5);
        // The UV step hangs from the target's top down to 70.
        let uv = &chart.bars[1];
        assert!((uv.y.0 - chart.bars[0].y.0).abs() < 1e-6);
    }
}
