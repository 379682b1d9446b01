//! Text that tesseract's page layout analysis passed over.
//!
//! Tesseract first finds a page's blocks of text, then reads each block.
//! On scans its block finder sometimes leaves a whole block out: the first
//! fifteen items of a numbered list, one column of a two-column list, on
//! level, legible pages whose other blocks it reads well. Those words are
//! then simply missing from its output, and with them the States.
//!
//! So after a page is read, the ink that no word of tesseract's covers is
//! looked at. Runs of it shaped like lines of type (not a speck, a rule, a
//! dark edge or a streak down the page) are cut out of the page, with the
//! words already read painted out, and read again as one uniform block
//! (`--psm 6`), which has no block finder to miss them. A page whose ink
//! tesseract read in full costs nothing more than this look.

use super::deskew::{otsu, shrink};
use image::GrayImage;

/// Resolution at which the uncovered ink is looked at: at 75 dpi a letter
/// of 10-point type is still 5-7 pixels high, and a page is 16 times fewer
/// pixels to label than at 300.
const ANALYSIS_DPI: u32 = 75;

/// Points by which a read word's box is grown before the ink under it
/// counts as read: a blurred letter's halo, the dot of an "i" and a comma
/// reach a little outside the box tesseract gives.
const COVER_MARGIN_PT: f32 = 2.0;

/// A blot of uncovered ink taller than this many points is not type: the
/// dark band of a photocopier's open lid, a streak down the page, a stamp,
/// a logo. Body type and headings are 8-24 points high.
const MAX_GLYPH_HEIGHT_PT: f32 = 36.0;

/// A blot of fewer pixels than this at [`ANALYSIS_DPI`] is a speck of dust
/// or a full stop: a letter of 8-point type already has about 8.
const MIN_GLYPH_PIXELS: usize = 5;

/// A blot at most this many points high and at least [`RULE_LENGTH`]
/// times as long is a rule (a table's line, a line to sign on), not type.
const RULE_THICKNESS_PT: f32 = 2.0;

/// See [`RULE_THICKNESS_PT`].
const RULE_LENGTH: u32 = 6;

/// A line of uncovered blots counts as type when its blots are this many
/// points wide in all: a word of four or five letters. Less is a speck, a
/// stroke of a signature or a piece of a table's rule; reading those with
/// the rest, `--psm 6` interleaved them with the names of a signature
/// table and broke its rows (11 States lost on a generated page when all
/// were let in).
const MIN_LINE_INK_PT: f32 = 30.0;

/// ... or when they are this many points wide and the line starts where a
/// line of [`MIN_LINE_INK_PT`] starts ([`COLUMN_EDGE_PT`]): an item of the
/// same list column. This is the narrowest State's name, "Fiji" (the
/// shortest names have four letters), in 9-point type. On a generated
/// two-column page whose column tesseract's block finder dropped,
/// "Gambia" and "Georgia" were read again and "Fiji", "Ghana", "Haiti",
/// "Japan" and "Kenya" between them were not.
const MIN_ITEM_INK_PT: f32 = 12.0;

/// Two lines start at the same place when their left edges are at most
/// this many points apart: a column's items are set flush left, and the
/// levelled scan and the blur of 75 dpi move an edge by a point or two.
const COLUMN_EDGE_PT: f32 = 3.0;

/// A part of a page image, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Rect {
    fn right(&self) -> u32 {
        self.x + self.width
    }
    fn bottom(&self) -> u32 {
        self.y + self.height
    }
}

/// The lines of type on the page image (`dpi`) that none of the `read`
/// word boxes covers, cut out: the part of the page that holds them, with
/// all else (read words, specks, rules) painted white, and where that part
/// lies on the page. Two cuts at most, each to be read on its own: the
/// lines of [`MIN_LINE_INK_PT`], then the short items of their columns
/// ([`MIN_ITEM_INK_PT`]). Read with the longer lines, those shifted how
/// `--psm 6` grouped them, and a signature table's rows broke (17 States
/// lost on a generated page); apart, they are read as they were. Empty
/// when tesseract read all the type there is.
pub fn unread(image: &GrayImage, dpi: u32, read: &[Rect]) -> Vec<(Rect, GrayImage)> {
    let factor = (dpi / ANALYSIS_DPI).max(1);
    let small = shrink(image, factor);
    let (w, h) = (small.width(), small.height());
    let pt = |points: f32| points * (dpi / factor) as f32 / 72.0;
    let threshold = otsu(&small);
    let mut ink: Vec<bool> = small.pixels().map(|p| p.0[0] < threshold).collect();
    let margin = pt(COVER_MARGIN_PT).ceil() as i64;
    for r in read {
        let x0 = (r.x / factor) as i64 - margin;
        let y0 = (r.y / factor) as i64 - margin;
        let x1 = (r.right().div_ceil(factor)) as i64 + margin;
        let y1 = (r.bottom().div_ceil(factor)) as i64 + margin;
        for y in y0.max(0)..y1.min(h as i64) {
            for x in x0.max(0)..x1.min(w as i64) {
                ink[y as usize * w as usize + x as usize] = false;
            }
        }
    }
    let glyphs: Vec<Rect> = blots(&mut ink, w, h)
        .into_iter()
        .filter(|(b, pixels)| {
            let rule = (b.height as f32 <= pt(RULE_THICKNESS_PT)
                && b.width >= RULE_LENGTH * b.height)
                || (b.width as f32 <= pt(RULE_THICKNESS_PT) && b.height >= RULE_LENGTH * b.width);
            *pixels >= MIN_GLYPH_PIXELS && b.height as f32 <= pt(MAX_GLYPH_HEIGHT_PT) && !rule
        })
        .map(|(b, _)| b)
        .collect();
    let lines = lines_of(glyphs);
    let long = |inked: u32| inked as f32 >= pt(MIN_LINE_INK_PT);
    let edges: Vec<u32> = lines
        .iter()
        .filter(|(_, inked)| long(*inked))
        .map(|(r, _)| r.x)
        .collect();
    let item = |r: &Rect, inked: u32| {
        inked as f32 >= pt(MIN_ITEM_INK_PT)
            && edges
                .iter()
                .any(|&e| (e.abs_diff(r.x) as f32) <= pt(COLUMN_EDGE_PT))
    };
    let longs = lines.iter().filter(|(_, inked)| long(*inked));
    let items = lines
        .iter()
        .filter(|(r, inked)| !long(*inked) && item(r, *inked));
    let groups: [Vec<Rect>; 2] = [
        longs.map(|(r, _)| *r).collect(),
        items.map(|(r, _)| *r).collect(),
    ];
    (0..2)
        .filter_map(|g| {
            cut(
                image,
                factor,
                pt(COVER_MARGIN_PT),
                &groups[g],
                &groups[1 - g],
                read,
            )
        })
        .collect()
}

/// The `lines` (found at `1/factor` of the image's resolution, a margin of
/// `margin` pixels of that resolution around each) cut out of `image`
/// with all else painted white, and where the cut lies; `None` for no
/// lines.
///
/// All else includes the `others`, the lines of the other cut, painted
/// white like the words already read. The margin around a line reaches
/// into the lines above and below it, and the tops of the capitals of an
/// item left for the other cut (on a page of names one a line, 54 pixels
/// apart at 300 dpi) were read with the line as a broken line of their
/// own: `--psm 6` then read neither, and "Cambodge" was lost between
/// "Burundi" and "Chili". Lines found at 75 dpi never share a row, so
/// painting one out leaves the others whole. Only the other cut's lines,
/// and only their own rows: painting out also the lines too short for
/// either cut, each a row of 75 dpi higher and lower, left white holes in
/// the noise of a worn typewriter page, read as letters ("A", "0")
/// between its rows, and a table of 20 States was lost.
fn cut(
    image: &GrayImage,
    factor: u32,
    margin: f32,
    lines: &[Rect],
    others: &[Rect],
    read: &[Rect],
) -> Option<(Rect, GrayImage)> {
    // Back to the page's pixels, a margin around each line.
    let grow = (margin.ceil() as u32 + 1) * factor;
    let lines: Vec<Rect> = lines
        .iter()
        .map(|r| {
            let (x, y) = (
                (r.x * factor).saturating_sub(grow),
                (r.y * factor).saturating_sub(grow),
            );
            Rect {
                x,
                y,
                width: (r.right() * factor + grow).min(image.width()) - x,
                height: (r.bottom() * factor + grow).min(image.height()) - y,
            }
        })
        .collect();
    let x = lines.iter().map(|r| r.x).min()?;
    let y = lines.iter().map(|r| r.y).min()?;
    let right = lines.iter().map(Rect::right).max()?;
    let bottom = lines.iter().map(Rect::bottom).max()?;
    let part = Rect {
        x,
        y,
        width: right - x,
        height: bottom - y,
    };
    let mut out = GrayImage::from_pixel(part.width, part.height, image::Luma([255]));
    for r in &lines {
        for py in r.y..r.bottom() {
            for px in r.x..r.right() {
                out.put_pixel(px - x, py - y, *image.get_pixel(px, py));
            }
        }
    }
    // Grown across like the lines, where the blur of 75 dpi lost their
    // ends; not up or down, into the rows of this cut's lines.
    let others = others.iter().map(|r| {
        let x = (r.x * factor).saturating_sub(grow);
        Rect {
            x,
            y: r.y * factor,
            width: r.right() * factor + grow - x,
            height: r.height * factor,
        }
    });
    for r in read.iter().copied().chain(others) {
        for py in r.y.max(y)..r.bottom().min(bottom) {
            for px in r.x.max(x)..r.right().min(right) {
                out.put_pixel(px - x, py - y, image::Luma([255]));
            }
        }
    }
    Some((part, out))
}

/// The connected blots of ink (8-neighbours) in a `w` × `h` mask, each
/// with its box and number of pixels. The mask is cleared on the way.
fn blots(ink: &mut [bool], w: u32, h: u32) -> Vec<(Rect, usize)> {
    let (w, h) = (w as usize, h as usize);
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..ink.len() {
        if !ink[start] {
            continue;
        }
        ink[start] = false;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1, mut n) = (w, h, 0, 0, 0usize);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            n += 1;
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let j = ny * w + nx;
                    if ink[j] {
                        ink[j] = false;
                        stack.push(j);
                    }
                }
            }
        }
        let rect = Rect {
            x: x0 as u32,
            y: y0 as u32,
            width: (x1 - x0 + 1) as u32,
            height: (y1 - y0 + 1) as u32,
        };
        out.push((rect, n));
    }
    out
}

/// Blots grouped into lines: blots whose rows overlap, transitively, are
/// one line. Each line's box and how wide its type runs in all: the
/// blots' spans, with gaps narrower than [`LETTER_GAP_OF_HEIGHT`] of the
/// line's height closed (at 75 dpi a word's letters are often blots of
/// their own).
fn lines_of(mut glyphs: Vec<Rect>) -> Vec<(Rect, u32)> {
    glyphs.sort_by_key(|g| (g.y, g.x));
    let mut lines: Vec<(Rect, Vec<(u32, u32)>)> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some((l, spans)) if g.y < l.bottom() => {
                let (right, bottom) = (l.right().max(g.right()), l.bottom().max(g.bottom()));
                l.x = l.x.min(g.x);
                l.width = right - l.x;
                l.height = bottom - l.y;
                spans.push((g.x, g.right()));
            }
            _ => lines.push((g, vec![(g.x, g.right())])),
        }
    }
    lines
        .into_iter()
        .map(|(l, mut spans)| {
            spans.sort_unstable();
            let gap = (l.height as f32 * LETTER_GAP_OF_HEIGHT) as u32;
            let mut inked = 0;
            let mut run: Option<(u32, u32)> = None;
            for (a, b) in spans {
                run = match run {
                    Some((ra, rb)) if a <= rb + gap => Some((ra, rb.max(b))),
                    Some((ra, rb)) => {
                        inked += rb - ra;
                        Some((a, b))
                    }
                    None => Some((a, b)),
                };
            }
            (l, inked + run.map_or(0, |(a, b)| b - a))
        })
        .collect()
}

/// Gaps between blots narrower than this share of their line's height
/// are inside a word: letters stand about a tenth of the type's height
/// apart, words a third.
const LETTER_GAP_OF_HEIGHT: f32 = 0.5;

/// Tesseract's TSV of the `nth` (from 0) cut-out `part` appended to the
/// page's: its words moved to their place on the page, and its blocks
/// numbered after the page's and the earlier parts' (from `nth + 1` times
/// [`BLOCK_OFFSET`]) so that no line of one is taken for a line of
/// another. The header and the page row of `part_tsv` are left out.
pub fn append_tsv(page_tsv: &mut String, part: Rect, part_tsv: &str, nth: u32) {
    for row in part_tsv.lines().skip(1) {
        let mut f: Vec<String> = row.split('\t').map(str::to_string).collect();
        if f.len() < 12 || f[0] == "1" {
            continue;
        }
        let shift = |s: &str, by: u32| s.trim().parse::<u32>().map_or(0, |v| v + by).to_string();
        f[2] = shift(&f[2], (nth + 1) * BLOCK_OFFSET);
        f[6] = shift(&f[6], part.x);
        f[7] = shift(&f[7], part.y);
        if !page_tsv.ends_with('\n') && !page_tsv.is_empty() {
            page_tsv.push('\n');
        }
        page_tsv.push_str(&f.join("\t"));
        page_tsv.push('\n');
    }
}

/// Block numbers of the first cut-out part start here, of the next at
/// twice this: a page has far fewer.
pub const BLOCK_OFFSET: u32 = 100_000;

/// A word whose box is wider than this many times its height for each of
/// its characters was misread: no letter is wider than it is high, but
/// tesseract read a 320-pixel "Signatories:" as "|" (sure of it, 93).
/// Its ink counts as unread, so that it is read again.
const MAX_CHAR_WIDTH_OF_HEIGHT: f32 = 2.5;

/// Tesseract's TSV without the words it surely misread
/// ([`MAX_CHAR_WIDTH_OF_HEIGHT`]), and the boxes of the words it kept
/// (level 5 rows), in pixels.
pub fn read_words(tsv: &str) -> (String, Vec<Rect>) {
    let mut kept = String::with_capacity(tsv.len());
    let mut boxes = Vec::new();
    for (i, row) in tsv.lines().enumerate() {
        let f: Vec<&str> = row.split('\t').collect();
        let word = (i > 0 && f.len() >= 12 && f[0] == "5" && !f[11].trim().is_empty())
            .then(|| {
                let n = |i: usize| f[i].trim().parse::<u32>().ok();
                Some(Rect {
                    x: n(6)?,
                    y: n(7)?,
                    width: n(8)?,
                    height: n(9)?,
                })
            })
            .flatten();
        if let Some(b) = word {
            let chars = f[11].trim().chars().count() as f32;
            if b.width as f32 > MAX_CHAR_WIDTH_OF_HEIGHT * b.height as f32 * chars {
                continue;
            }
            boxes.push(b);
        }
        kept.push_str(row);
        kept.push('\n');
    }
    (kept, boxes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white 300-dpi page.
    fn page() -> GrayImage {
        GrayImage::from_pixel(1200, 1600, image::Luma([245]))
    }

    /// "Type": a line of `words` dark blocks 30 pixels high (about 7 points
    /// at 300 dpi) and 90 wide, with 30-pixel spaces, from (x, y).
    fn type_line(img: &mut GrayImage, x: u32, y: u32, words: u32) -> Rect {
        for k in 0..words {
            for py in y..y + 30 {
                for px in x + k * 120..x + k * 120 + 90 {
                    // Letters: vertical strokes 6 pixels apart.
                    if (px / 6) % 2 == 0 {
                        img.put_pixel(px, py, image::Luma([20]));
                    }
                }
            }
        }
        Rect {
            x,
            y,
            width: words * 120 - 30,
            height: 30,
        }
    }

    #[test]
    fn lines_no_word_covers_are_cut_out_with_the_read_ones_painted_white() {
        let mut img = page();
        let read: Vec<Rect> = (0..5)
            .map(|i| type_line(&mut img, 100, 100 + i * 60, 6))
            .collect();
        let missed = type_line(&mut img, 100, 800, 4);
        let (part, out) = unread(&img, 300, &read)
            .into_iter()
            .next()
            .expect("the unread line");
        assert!(part.x <= missed.x && part.right() >= missed.right());
        assert!(part.y <= missed.y && part.bottom() >= missed.bottom());
        assert!(part.y > read[4].bottom(), "only the unread line: {part:?}");
        assert!(out.pixels().any(|p| p.0[0] < 100), "its ink is kept");
        // With every line read, nothing is left to read.
        let all: Vec<Rect> = read.iter().copied().chain([missed]).collect();
        assert!(unread(&img, 300, &all).is_empty());
    }

    #[test]
    fn a_cut_holds_no_ink_of_the_lines_left_for_the_other_cut() {
        // A long name and, 10 pixels below it in the same column, a short
        // one: an item, cut out on its own after the long line.
        let mut img = page();
        let long = type_line(&mut img, 100, 800, 4);
        for y in 840..870 {
            for x in 100..172 {
                if (x / 6) % 2 == 0 {
                    img.put_pixel(x, y, image::Luma([20]));
                }
            }
        }
        let cuts = unread(&img, 300, &[]);
        assert_eq!(cuts.len(), 2, "the line, then the item");
        let (part, out) = &cuts[0];
        assert!(part.y <= long.y && part.bottom() > 840, "{part:?}");
        let below = (840 - part.y)..out.height();
        assert!(
            below
                .flat_map(|y| (0..out.width()).map(move |x| (x, y)))
                .all(|(x, y)| out.get_pixel(x, y).0[0] > 200),
            "the item's ink is painted out of the line's cut"
        );
        assert!(out.pixels().any(|p| p.0[0] < 100), "the line's ink is kept");
    }

    #[test]
    fn specks_rules_and_a_dark_edge_are_not_type() {
        let mut img = page();
        let mut paint = |x0: u32, y0: u32, w: u32, h: u32| {
            for y in y0..y0 + h {
                for x in x0..x0 + w {
                    img.put_pixel(x, y, image::Luma([10]));
                }
            }
        };
        paint(300, 300, 6, 6); // dust
        paint(100, 500, 900, 4); // a rule (MIN_GLYPH_PIXELS alone would keep it)
        paint(0, 0, 40, 1600); // the open lid's edge
        paint(600, 100, 3, 1400); // a streak
        assert!(unread(&img, 300, &[]).is_empty());
    }

    #[test]
    fn a_short_mark_is_not_a_line_of_type() {
        let mut img = page();
        // One "word" of 30 pixels: 7 points, under MIN_LINE_INK_PT.
        for y in 700..730 {
            for x in 500..530 {
                img.put_pixel(x, y, image::Luma([20]));
            }
        }
        assert!(unread(&img, 300, &[]).is_empty());
        type_line(&mut img, 100, 900, 2);
        assert!(!unread(&img, 300, &[]).is_empty());
    }

    #[test]
    fn a_short_name_is_type_where_a_column_of_type_starts() {
        // "Fiji" in 10-point type: 60 pixels (14 points) of letters 30
        // pixels high.
        let fiji = |img: &mut GrayImage, x0: u32| {
            for y in 700..730 {
                for x in x0..x0 + 60 {
                    if (x / 6) % 2 == 0 {
                        img.put_pixel(x, y, image::Luma([20]));
                    }
                }
            }
        };
        // Alone, it is too little to tell from a mark.
        let mut img = page();
        fiji(&mut img, 500);
        assert!(unread(&img, 300, &[]).is_empty());
        // Below a longer name that starts where it does, it is an item,
        // cut out on its own after the longer line.
        let longer = type_line(&mut img, 500, 900, 2);
        let cuts = unread(&img, 300, &[]);
        assert_eq!(cuts.len(), 2, "the line, then the item");
        assert!(
            cuts[0].0.y <= longer.y && cuts[0].0.y > 730,
            "{:?}",
            cuts[0].0
        );
        assert!(cuts[1].0.y <= 700 && cuts[1].0.bottom() < longer.y);
        assert!(cuts[1].0.x <= 500, "{:?}", cuts[1].0);
        // Below one that starts elsewhere, it is not.
        let mut img = page();
        fiji(&mut img, 500);
        type_line(&mut img, 100, 900, 2);
        let cuts = unread(&img, 300, &[]);
        assert_eq!(cuts.len(), 1, "the longer line only");
        assert!(cuts[0].0.y > 730, "{:?}", cuts[0].0);
    }

    #[test]
    fn ink_just_outside_a_read_words_box_counts_as_read() {
        let mut img = page();
        // Solid words 40 pixels high, whose boxes as read leave out their
        // top 12 pixels (accents, a blurred top edge).
        for k in 0..5 {
            for y in 600..640 {
                for x in 100 + k * 150..220 + k * 150 {
                    img.put_pixel(x, y, image::Luma([20]));
                }
            }
        }
        let read: Vec<Rect> = (0..5)
            .map(|k| Rect {
                x: 100 + k * 150,
                y: 612,
                width: 120,
                height: 28,
            })
            .collect();
        assert!(unread(&img, 300, &read).is_empty());
    }

    #[test]
    fn a_word_too_wide_for_its_letters_is_unread() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            5\t1\t5\t1\t1\t1\t284\t833\t324\t42\t93\t|\n\
            5\t1\t6\t1\t1\t1\t365\t941\t196\t41\t95\tAlgeria\n\
            5\t1\t6\t1\t1\t2\t565\t941\t40\t41\t95\tW\n";
        let (kept, boxes) = read_words(tsv);
        assert_eq!(boxes.len(), 2);
        assert!(!kept.contains("\t|\n") && kept.contains("Algeria"));
    }

    #[test]
    fn a_parts_words_are_moved_to_their_place_and_blocks_renumbered() {
        let mut page = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t96\tChad\n"
            .to_string();
        let part = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t500\t200\t-1\t\n\
            5\t1\t1\t1\t1\t1\t5\t6\t70\t30\t91\tAlgeria\n";
        let at = Rect {
            x: 100,
            y: 700,
            width: 500,
            height: 200,
        };
        append_tsv(&mut page, at, part, 0);
        append_tsv(&mut page, at, part, 1);
        let rows: Vec<&str> = page.lines().collect();
        assert_eq!(rows.len(), 4, "{page}");
        assert_eq!(
            rows[2],
            "5\t1\t100001\t1\t1\t1\t105\t706\t70\t30\t91\tAlgeria"
        );
        // The second part's block is not the first's.
        assert!(
            rows[3].starts_with("5\t1\t200001\t1\t1\t1\t"),
            "{}",
            rows[3]
        );
        assert_eq!(read_words(&page).1.len(), 3);
    }
}
