//! Turning a page whose text runs sideways so that it reads left to right.
//!
//! `/Rotate` turns the page as a viewer shows it, but a page can still show
//! its text sideways: portrait content on a page someone rotated and saved, or
//! a landscape table set sideways on a portrait page. Readers (pdftotext too)
//! read such text all the same. When most of a page's glyphs advance in one
//! direction other than rightwards, the page's output is turned so that they
//! advance rightwards and lines still run down the page.

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

/// The direction most glyphs advance in, if more than half of them do.
pub fn dominant(counts: &[usize; 4]) -> Option<Direction> {
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

    #[test]
    fn dominant_direction_needs_a_majority() {
        assert_eq!(dominant(&[10, 0, 0, 0]), Some(Direction::Right));
        assert_eq!(dominant(&[2, 8, 0, 0]), Some(Direction::Down));
        assert_eq!(dominant(&[5, 5, 0, 0]), None);
        assert_eq!(dominant(&[0, 0, 0, 0]), None);
    }
}
