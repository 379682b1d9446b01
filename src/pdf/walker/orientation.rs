//! Turning a page whose text runs sideways so that it reads left to right.
//!
//! `/Rotate` turns the page as a viewer shows it, but a page can still show
//! its text sideways: portrait content on a page someone rotated and saved, or
//! a landscape table set sideways on a portrait page. Readers (pdftotext too)
//! read such text all the same. When most of a page's glyphs advance in one
//! direction other than rightwards, the page's output is turned so that they
//! advance rightwards and lines still run down the page.
//!
//! A page can also be slightly askew: the text layer that an OCR engine
//! lays over a skewed scan (tesseract's, as `ocrmypdf` writes it) sets each
//! line along the scan's slant, 1-4° off level. Its lines would climb into
//! each other's rows in the layout, so when most of a page's glyphs climb
//! at one small angle, the page is turned back by it ([`level`]).

use crate::pdf::Glyph;

/// Which way a glyph's advance points on the output page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Right,
    Down,
    Left,
    Up,
}

impl Direction {
    pub fn of(dx: f64, dy: f64) -> Direction {
        if dx.abs() >= dy.abs() {
            if dx >= 0.0 {
                Direction::Right
            } else {
                Direction::Left
            }
        } else if dy < 0.0 {
            Direction::Down
        } else {
            Direction::Up
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Text climbing less steeply than this is left as it is: across a full
/// A4 line 0.2° rises under 2 pt, a fifth of a 10-pt line, which the
/// layout's rows absorb; and a level page must not move at all.
pub const MIN_LEVEL_DEG: f64 = 0.2;

/// Text climbing more steeply than this was set so on purpose (a stamp, a
/// diagonal watermark): fed paper is at most 3-4° off.
pub const MAX_LEVEL_DEG: f64 = 10.0;

/// Width of one bucket of climbs, as a slope (0.001: 0.06°). The lines of
/// one OCR layer differ by about 0.1° (each was fitted on its own).
const CLIMB_STEP: f64 = 0.001;

/// Buckets either side of the most common climb that count as the same
/// skew: 3 × 0.06°, the spread of one page's OCR lines.
const CLIMB_WINDOW: usize = 3;

/// How the glyphs of a page advance: how many in each [`Direction`], and,
/// of those advancing rightwards, how many climb at each small slope.
#[derive(Debug, Clone, Default)]
pub struct Bearings {
    quadrants: [usize; 4],
    /// Glyph counts per [`CLIMB_STEP`], from -[`MAX_LEVEL_DEG`] up.
    climbs: Vec<usize>,
}

impl Bearings {
    /// Forgets the last page.
    pub fn clear(&mut self) {
        self.quadrants = [0; 4];
        self.climbs.iter_mut().for_each(|c| *c = 0);
    }

    /// Counts `n` glyphs advancing along the unit vector (`dx`, `dy`).
    pub fn count(&mut self, dx: f64, dy: f64, n: usize) {
        self.quadrants[Direction::of(dx, dy).index()] += n;
        let reach = climb_reach();
        if dx > 0.0 && dy == 0.0 {
            // Level text, nearly every glyph: the middle bucket, no slope to work out.
            if self.climbs.is_empty() {
                self.climbs = vec![0; 2 * reach + 1];
            }
            if let Some(c) = self.climbs.get_mut(reach) {
                *c += n;
            }
        } else if dx > 0.0 && dy.abs() <= dx * MAX_LEVEL_DEG.to_radians().tan() {
            if self.climbs.is_empty() {
                self.climbs = vec![0; 2 * reach + 1];
            }
            let bucket = ((dy / dx) / CLIMB_STEP).round() as i64 + reach as i64;
            if let Some(c) = self.climbs.get_mut(bucket as usize) {
                *c += n;
            }
        }
    }

    /// The direction most glyphs advance in, if more than half of them do.
    pub fn dominant(&self) -> Option<Direction> {
        dominant(&self.quadrants)
    }

    /// The slope at which most of the page's glyphs climb (y up), when
    /// more than half of all its glyphs climb at one angle between
    /// [`MIN_LEVEL_DEG`] and [`MAX_LEVEL_DEG`].
    pub fn skew(&self) -> Option<f64> {
        let total: usize = self.quadrants.iter().sum();
        let window = |i: usize| {
            i.saturating_sub(CLIMB_WINDOW)..(i + CLIMB_WINDOW + 1).min(self.climbs.len())
        };
        let (best, held) = (0..self.climbs.len())
            .map(|i| (i, self.climbs[window(i)].iter().sum::<usize>()))
            .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))?;
        if held * 2 <= total {
            return None;
        }
        let reach = climb_reach() as f64;
        let weighted: f64 = window(best)
            .map(|i| (i as f64 - reach) * CLIMB_STEP * self.climbs[i] as f64)
            .sum();
        let slope = weighted / held as f64;
        (slope.abs() >= MIN_LEVEL_DEG.to_radians().tan()).then_some(slope)
    }
}

/// Buckets of climbs either side of level.
fn climb_reach() -> usize {
    (MAX_LEVEL_DEG.to_radians().tan() / CLIMB_STEP).ceil() as usize
}

/// Turns the glyphs of a `width` × `height` page about its centre so that
/// text climbing at `slope` (y up) runs level.
pub fn level(glyphs: &mut [Glyph], slope: f64, width: f32, height: f32) {
    let (sin, cos) = slope.atan().sin_cos();
    let (cx, cy) = (f64::from(width) / 2.0, f64::from(height) / 2.0);
    for g in glyphs.iter_mut() {
        let (dx, dy) = (f64::from(g.x) - cx, f64::from(g.y) - cy);
        g.x = (cx + cos * dx + sin * dy) as f32;
        g.y = (cy - sin * dx + cos * dy) as f32;
    }
}

/// The direction most glyphs advance in, if more than half of them do.
fn dominant(counts: &[usize; 4]) -> Option<Direction> {
    let total: usize = counts.iter().sum();
    let (index, &most) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    if most * 2 <= total {
        return None;
    }
    [
        Direction::Right,
        Direction::Down,
        Direction::Left,
        Direction::Up,
    ]
    .get(index)
    .copied()
}

/// Turns the glyphs of a `width` × `height` page so that text advancing in
/// `direction` advances rightwards; returns the turned page's width and height.
pub fn turn(glyphs: &mut [Glyph], direction: Direction, width: f32, height: f32) -> (f32, f32) {
    match direction {
        Direction::Right => (width, height),
        Direction::Down => {
            for g in glyphs.iter_mut() {
                (g.x, g.y) = (height - g.y, g.x);
            }
            (height, width)
        }
        Direction::Up => {
            for g in glyphs.iter_mut() {
                (g.x, g.y) = (g.y, width - g.x);
            }
            (height, width)
        }
        Direction::Left => {
            for g in glyphs.iter_mut() {
                (g.x, g.y) = (width - g.x, height - g.y);
            }
            (width, height)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x: f32, y: f32) -> Glyph {
        Glyph {
            ch,
            x,
            y,
            width: 5.0,
            size: 10.0,
        }
    }

    #[test]
    fn downward_text_is_turned_to_read_rightwards() {
        // Two lines running down a 600 × 800 page, the second to the left of the first.
        let mut glyphs = vec![
            g('a', 300.0, 700.0),
            g('b', 300.0, 695.0),
            g('c', 288.0, 700.0),
        ];
        let size = turn(&mut glyphs, Direction::Down, 600.0, 800.0);
        assert_eq!(size, (800.0, 600.0));
        assert_eq!((glyphs[0].x, glyphs[0].y), (100.0, 300.0));
        assert_eq!((glyphs[1].x, glyphs[1].y), (105.0, 300.0));
        assert!(glyphs[2].y < glyphs[0].y, "the next line is lower");
    }

    #[test]
    fn upward_text_is_turned_to_read_rightwards() {
        let mut glyphs = vec![
            g('a', 100.0, 100.0),
            g('b', 100.0, 105.0),
            g('c', 112.0, 100.0),
        ];
        turn(&mut glyphs, Direction::Up, 600.0, 800.0);
        assert_eq!((glyphs[0].x, glyphs[0].y), (100.0, 500.0));
        assert_eq!((glyphs[1].x, glyphs[1].y), (105.0, 500.0));
        assert!(glyphs[2].y < glyphs[0].y);
    }

    /// A page of `lines` lines of 40 glyphs climbing at `degrees`.
    fn climbing(degrees: f64, lines: usize) -> (Vec<Glyph>, Bearings) {
        let (dy, dx) = degrees.to_radians().sin_cos();
        let mut bearings = Bearings::default();
        let mut glyphs = Vec::new();
        for line in 0..lines {
            let (x0, y0) = (60.0, 700.0 - 14.0 * line as f64);
            for i in 0..40 {
                let d = 6.0 * i as f64;
                glyphs.push(g('x', (x0 + dx * d) as f32, (y0 + dy * d) as f32));
            }
            bearings.count(dx, dy, 40);
        }
        (glyphs, bearings)
    }

    #[test]
    fn text_climbing_a_few_degrees_is_levelled() {
        let (mut glyphs, bearings) = climbing(2.2, 5);
        let slope = bearings.skew().expect("a skew");
        assert!((slope.atan().to_degrees() - 2.2).abs() < 0.07, "{slope}");
        level(&mut glyphs, slope, 600.0, 800.0);
        for line in glyphs.chunks(40) {
            let rise = line[39].y - line[0].y;
            assert!(rise.abs() < 0.3, "a line still rises {rise} pt");
        }
        assert!(glyphs[40].y < glyphs[0].y - 13.0, "lines keep their order");
    }

    #[test]
    fn level_text_steep_text_and_a_minority_are_left_alone() {
        assert_eq!(climbing(0.0, 5).1.skew(), None);
        assert_eq!(climbing(0.1, 5).1.skew(), None, "below MIN_LEVEL_DEG");
        assert_eq!(climbing(30.0, 5).1.skew(), None, "above MAX_LEVEL_DEG");
        // A diagonal stamp of 2° text on a page of level text.
        let (_, mut bearings) = climbing(0.0, 5);
        let (dy, dx) = 2f64.to_radians().sin_cos();
        bearings.count(dx, dy, 60);
        assert_eq!(bearings.skew(), None);
    }

    #[test]
    fn dominant_direction_needs_a_majority() {
        assert_eq!(dominant(&[10, 0, 0, 0]), Some(Direction::Right));
        assert_eq!(dominant(&[2, 8, 0, 0]), Some(Direction::Down));
        assert_eq!(dominant(&[5, 5, 0, 0]), None);
        assert_eq!(dominant(&[0, 0, 0, 0]), None);
    }
}
