//! Layout stage: positioned glyphs to text lines in reading order.
//!
//! Glyphs are grouped into rows by baseline, rows into words by horizontal
//! gaps, and words into cells where a gap lines up with gaps in the rows
//! around it (a column gutter or a table rule) rather than being one wide
//! justified space. Runs of rows that share such gutters are read column by
//! column, so a three-column list of States comes out as one name after
//! another in the order a person reads it. Repeated page headers and footers
//! and page numbers are dropped. This stage does not normalise characters or
//! join hyphenated words; that is the text stage.

use crate::pdf::{Glyph, Page};

/// One line of text: a row of a page, or one cell of a row that was split
/// into columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Baseline, page units from the bottom.
    pub y: f32,
    /// Median glyph size.
    pub size: f32,
    /// Distance from the previous line of the same column, in multiples of
    /// this line's size; `f32::INFINITY` at the top of a page or column.
    pub gap_above: f32,
    /// How many cells the printed row was split into (1 for plain text).
    pub row_cells: u16,
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f32,
    x1: f32,
}

#[derive(Debug, Clone)]
struct Row {
    y: f32,
    size: f32,
    words: Vec<Word>,
}

#[derive(Debug, Clone)]
struct Cell {
    x0: f32,
    x1: f32,
    text: String,
}

impl Row {
    fn x0(&self) -> f32 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    fn x1(&self) -> f32 {
        self.words.last().map_or(0.0, |w| w.x1)
    }
    /// The widest stretch of `a..b` that no word of the row touches.
    fn widest_free(&self, a: f32, b: f32) -> f32 {
        let (mut best, mut from) = (0.0f32, a);
        for w in &self.words {
            if w.x1 <= from {
                continue;
            }
            if w.x0 >= b {
                break;
            }
            best = best.max(w.x0 - from);
            from = w.x1;
        }
        best.max(b - from)
    }
}

fn median(mut v: Vec<f32>) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

fn usable(g: &Glyph) -> bool {
    g.x.is_finite()
        && g.y.is_finite()
        && g.size.is_finite()
        && g.width.is_finite()
        && !g.ch.is_control()
}

/// Groups glyphs into rows by baseline.
fn rows(glyphs: &[Glyph]) -> Vec<Row> {
    let mut gs: Vec<&Glyph> = glyphs.iter().filter(|g| usable(g)).collect();
    if gs.is_empty() {
        return Vec::new();
    }
    let body = median(
        gs.iter()
            .filter(|g| g.ch != ' ')
            .map(|g| g.size.abs())
            .collect(),
    )
    .max(1.0);
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    // The row's baseline is that of its largest glyph so far: a raised
    // footnote marker met first must not set it for the whole row.
    let (mut row_y, mut row_size) = (f32::NAN, 0.0f32);
    for g in gs {
        let size = if g.size.abs() > 0.1 {
            g.size.abs()
        } else {
            body
        };
        let tol = 0.45 * size.min(body * 2.0);
        if groups.is_empty() || (row_y - g.y).abs() > tol {
            groups.push(Vec::new());
            (row_y, row_size) = (g.y, size);
        } else if size > 1.1 * row_size {
            (row_y, row_size) = (g.y, size);
        }
        if let Some(last) = groups.last_mut() {
            last.push(g);
        }
    }
    attach_raised_markers(&mut groups, body);
    groups
        .into_iter()
        .filter_map(|g| make_row(g, body))
        .collect()
}

/// A footnote marker raised more than the row tolerance above its word
/// ("Mozambique" + raised "a") forms a row of its own, between two lines,
/// where it would be read as a line of text (and join a hyphenated word
/// across it). A group of at most three small glyphs that sits closer above
/// the next row's baseline than below the previous row's, within 0.7 em and
/// beside that row's text, is moved into that row; `make_row` then keeps it
/// as a word of its own.
fn attach_raised_markers(groups: &mut Vec<Vec<&Glyph>>, body: f32) {
    let size_of = |g: &[&Glyph]| {
        median(
            g.iter()
                .filter(|x| x.ch != ' ')
                .map(|x| x.size.abs())
                .collect(),
        )
        .max(0.1)
    };
    let mut i = 0;
    while i + 1 < groups.len() {
        let (marker, below) = (&groups[i], &groups[i + 1]);
        let visible: Vec<&&Glyph> = marker.iter().filter(|g| g.ch != ' ').collect();
        let below_size = size_of(below).max(0.5 * body);
        let (Some(m0), Some(b0)) = (visible.first(), below.first()) else {
            i += 1;
            continue;
        };
        let raise = m0.y - b0.y;
        let above_gap = (i > 0).then(|| groups[i - 1][0].y - m0.y);
        let (min_x, max_x) = below
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), g| {
                (a.min(g.x), b.max(g.x + g.width))
            });
        let fits = visible.len() <= 3
            && visible.iter().all(|g| g.size.abs() <= 0.85 * below_size)
            && raise > 0.0
            && raise <= 0.7 * below_size
            && above_gap.is_none_or(|gap| gap > raise)
            && visible
                .iter()
                .all(|g| g.x >= min_x - below_size && g.x <= max_x + below_size);
        if fits {
            let marker = groups.remove(i);
            groups[i].extend(marker);
        } else {
            i += 1;
        }
    }
}

fn make_row(mut glyphs: Vec<&Glyph>, body: f32) -> Option<Row> {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let size = median(
        glyphs
            .iter()
            .filter(|g| g.ch != ' ')
            .map(|g| g.size.abs())
            .collect(),
    );
    let size = if size > 0.1 { size } else { body };
    // The baseline of the row is that of its largest glyphs (superscripts sit higher).
    let y = glyphs
        .iter()
        .filter(|g| g.size.abs() >= 0.8 * size)
        .map(|g| g.y)
        .fold(f32::NAN, |a, b| if a.is_nan() || b < a { b } else { a });
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    let mut last_end = f32::NEG_INFINITY;
    let mut last: Option<&Glyph> = None;
    let (mut pending_space, mut force_break, mut last_raised) = (false, false, false);
    let y = if y.is_nan() {
        glyphs.first().map_or(0.0, |g| g.y)
    } else {
        y
    };
    for g in glyphs {
        let gsize = if g.size.abs() > 0.1 {
            g.size.abs()
        } else {
            size
        };
        let width = if g.width > 0.0 { g.width } else { 0.5 * gsize };
        // Fake bold and shadows paint the same glyph twice at nearly the same place.
        if let Some(p) = last {
            if p.ch == g.ch && (p.x - g.x).abs() < 0.15 * gsize && (p.y - g.y).abs() < 0.15 * gsize
            {
                continue;
            }
        }
        last = Some(g);
        if g.ch.is_whitespace() {
            // A painted space breaks a word only where it leaves a visible
            // gap: Ghostscript kerns with a space plus negative word spacing.
            pending_space = true;
            force_break |= g.width <= 0.0;
            continue;
        }
        let gap = g.x - last_end;
        // A raised small glyph (a footnote marker, "Franciaª") is a word of its own.
        let raised = gsize < 0.85 * size && g.y > y + 0.2 * size;
        let breaks = gap > 0.15 * size.min(gsize * 1.5)
            || (pending_space && (force_break || gap > 0.08 * size))
            || raised != last_raised;
        pending_space = false;
        force_break = false;
        last_raised = raised;
        match cur.as_mut() {
            Some(w) if !breaks => {
                w.text.push(g.ch);
                w.x1 = w.x1.max(g.x + width);
            }
            _ => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                cur = Some(Word {
                    text: g.ch.to_string(),
                    x0: g.x,
                    x1: g.x + width,
                });
            }
        }
        last_end = last_end.max(g.x + width);
        if gap <= 0.15 * size {
            last_end = g.x + width;
        }
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    (!words.is_empty()).then_some(Row { y, size, words })
}

/// Splits each row into cells at gaps that are gutters: very wide, or wide
/// and empty in the rows around too.
fn cells(rows: &[Row]) -> Vec<Vec<Cell>> {
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let size = row.size.max(1.0);
        let mut cells: Vec<Cell> = Vec::new();
        let mut cur: Option<Cell> = None;
        for (k, w) in row.words.iter().enumerate() {
            let split = k > 0 && {
                let a = row.words[k - 1].x1;
                let b = w.x0;
                let width = b - a;
                if width >= 4.0 * size {
                    true
                } else if width >= 0.9 * size {
                    // A neighbour supports the gutter if it leaves at least
                    // half of the gap empty in one stretch (a column's
                    // wrapped, indented line leaves a gap wider than the
                    // gutter itself) and has text beside it.
                    let free = (0.6 * size).max(0.5 * width);
                    let support = neighbours(rows, r)
                        .filter(|n| n.widest_free(a, b) >= free && (n.x0() < a || n.x1() > b))
                        .count();
                    support >= 2 || (support >= 1 && width >= 2.0 * size)
                } else if width >= 0.5 * size {
                    // A long entry that nearly fills its table column leaves a
                    // narrow gap, but the next cell starts where the next
                    // column starts in the rows around.
                    column_starts_at(rows, r, b) >= 2
                } else {
                    false
                }
            };
            if split {
                if let Some(c) = cur.take() {
                    cells.push(c);
                }
            }
            match cur.as_mut() {
                Some(c) => {
                    c.text.push(' ');
                    c.text.push_str(&w.text);
                    c.x1 = w.x1;
                }
                None => {
                    cur = Some(Cell {
                        x0: w.x0,
                        x1: w.x1,
                        text: w.text.clone(),
                    })
                }
            }
        }
        if let Some(c) = cur {
            cells.push(c);
        }
        out.push(cells);
    }
    out
}

/// How many rows around row `r` have a cell starting at `x`: a word that
/// begins there (within 0.15 em) after a gap of at least 0.9 em.
fn column_starts_at(rows: &[Row], r: usize, x: f32) -> usize {
    neighbours(rows, r)
        .filter(|n| {
            let size = n.size.max(1.0);
            n.words
                .windows(2)
                .any(|w| (w[1].x0 - x).abs() <= 0.15 * size && w[1].x0 - w[0].x1 >= 0.9 * size)
        })
        .count()
}

/// Rows within three lines above and below row `r`.
fn neighbours(rows: &[Row], r: usize) -> impl Iterator<Item = &Row> {
    let row = &rows[r];
    let reach = 3.5 * 1.6 * row.size.max(1.0);
    let lo = r.saturating_sub(3);
    let hi = (r + 4).min(rows.len());
    rows[lo..hi]
        .iter()
        .enumerate()
        .filter(move |(i, n)| lo + i != r && (n.y - row.y).abs() <= reach)
        .map(|(_, n)| n)
}

/// Lines of one page in reading order.
pub fn page_lines(page: &Page) -> Vec<Line> {
    let rows = rows(&page.glyphs);
    let cells = cells(&rows);
    let mut lines = Vec::new();
    let mut r = 0;
    while r < rows.len() {
        if cells[r].len() < 2 {
            push_line(&mut lines, page.number, &rows[r], &cells[r][0], 1);
            r += 1;
            continue;
        }
        // A run of rows that share gutters: read it column by column.
        let mut columns: Vec<(f32, f32)> = cells[r].iter().map(|c| (c.x0, c.x1)).collect();
        let mut end = r + 1;
        while end < rows.len() {
            let gap = rows[end - 1].y - rows[end].y;
            if gap > 4.0 * rows[end].size.max(1.0) {
                break;
            }
            let fits = cells[end].iter().all(|c| crosses(&columns, c).is_none());
            if !fits && cells[end].len() < 2 {
                break;
            }
            for c in &cells[end] {
                merge_column(&mut columns, c);
            }
            end += 1;
        }
        columns.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut by_column: Vec<Vec<(usize, &Cell)>> = vec![Vec::new(); columns.len()];
        for (i, row_cells) in cells.iter().enumerate().take(end).skip(r) {
            for c in row_cells {
                let k = column_of(&columns, c);
                by_column[k].push((i, c));
            }
        }
        for col in by_column {
            for (i, c) in col {
                push_line(&mut lines, page.number, &rows[i], c, cells[i].len() as u16);
            }
        }
        r = end;
    }
    set_gaps(&mut lines);
    lines
}

/// The column a cell overlaps most, or `None`-like index 0 fallback.
fn column_of(columns: &[(f32, f32)], c: &Cell) -> usize {
    let mut best = (0, f32::NEG_INFINITY);
    for (k, col) in columns.iter().enumerate() {
        let overlap = c.x1.min(col.1) - c.x0.max(col.0);
        if overlap > best.1 {
            best = (k, overlap);
        }
    }
    best.0
}

/// Whether a cell spans two columns (returns the first column it overlaps).
fn crosses(columns: &[(f32, f32)], c: &Cell) -> Option<usize> {
    let hit: Vec<usize> = (0..columns.len())
        .filter(|&k| c.x0 < columns[k].1 && c.x1 > columns[k].0)
        .collect();
    (hit.len() > 1).then(|| hit[0])
}

fn merge_column(columns: &mut Vec<(f32, f32)>, c: &Cell) {
    let hits: Vec<usize> = (0..columns.len())
        .filter(|&k| c.x0 < columns[k].1 && c.x1 > columns[k].0)
        .collect();
    match hits.as_slice() {
        [] => columns.push((c.x0, c.x1)),
        [k] => {
            columns[*k].0 = columns[*k].0.min(c.x0);
            columns[*k].1 = columns[*k].1.max(c.x1);
        }
        _ => {} // a cell across columns in a multi-cell row: keep the columns
    }
}

fn push_line(lines: &mut Vec<Line>, page: u32, row: &Row, cell: &Cell, row_cells: u16) {
    lines.push(Line {
        page,
        text: cell.text.clone(),
        x0: cell.x0,
        x1: cell.x1,
        y: row.y,
        size: row.size,
        gap_above: f32::INFINITY,
        row_cells,
    });
}

fn set_gaps(lines: &mut [Line]) {
    for i in 1..lines.len() {
        let (prev, cur) = (&lines[i - 1], &lines[i]);
        let same_column = cur.x0 < prev.x1 && cur.x1 > prev.x0;
        if same_column && prev.y > cur.y {
            lines[i].gap_above = (prev.y - cur.y) / lines[i].size.max(1.0);
        }
    }
}

/// A line's text with digits folded, to recognise running headers and footers.
fn running_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn is_page_number(text: &str) -> bool {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^[\s\-–—|]*(page|p\.|página|pág\.?|seite)?\s*\d{1,4}\s*((of|de|sur|/|von)\s*\d{1,4})?[\s\-–—|]*$")
            .expect("page number pattern")
    });
    re.is_match(text)
}

/// Lines of every page in reading order, with page numbers and running
/// headers and footers removed.
pub fn lines(pages: &[Page]) -> Vec<Line> {
    join_pages(pages.iter().map(|p| (p.height, page_lines(p))).collect()).lines
}

/// A document's lines in reading order, and what was taken out of it.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    /// Every page's lines, in page order, without page numbers and running
    /// headers and footers.
    pub lines: Vec<Line>,
    /// The running headers and footers, once each, in order of first
    /// appearance.
    pub running: Vec<String>,
}

/// The lines of pages laid out one by one ([`page_lines`], with each page's
/// height), joined in page order, without page numbers and running headers
/// and footers (which are kept apart, once each).
pub fn join_pages(per_page: Vec<(f32, Vec<Line>)>) -> Joined {
    // Running text: in the top or bottom 12% of the page, same text (digits
    // aside) on at least two pages and on at least half of them.
    let zone = |h: f32, l: &Line| h > 0.0 && (l.y > 0.88 * h || l.y < 0.12 * h);
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (h, lines) in &per_page {
        let mut seen = std::collections::HashSet::new();
        for l in lines.iter().filter(|l| zone(*h, l)) {
            let k = running_key(&l.text);
            if seen.insert(k.clone()) {
                *counts.entry(k).or_default() += 1;
            }
        }
    }
    let pages_n = per_page.len();
    let mut out = Joined::default();
    let mut kept = std::collections::HashSet::new();
    for (h, lines) in per_page {
        for l in lines {
            if zone(h, &l) {
                if is_page_number(&l.text) {
                    continue;
                }
                let key = running_key(&l.text);
                let n = counts.get(&key).copied().unwrap_or(0);
                if n >= 2 && 2 * n >= pages_n {
                    if kept.insert(key) {
                        out.running.push(l.text);
                    }
                    continue;
                }
            }
            out.lines.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lays out words as Helvetica-ish glyphs: 0.5 em per character.
    fn page(words: &[(&str, f32, f32)]) -> Page {
        page_of(
            words
                .iter()
                .flat_map(|(text, x, y)| run(text, *x, *y, 10.0))
                .collect(),
        )
    }

    fn texts(p: &Page) -> Vec<String> {
        page_lines(p).into_iter().map(|l| l.text).collect()
    }

    /// Glyphs of one size from `x` along the baseline `y`, 0.5 em apart.
    fn run(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                ch,
                x: x + i as f32 * 0.5 * size,
                y,
                width: 0.5 * size,
                size,
            })
            .collect()
    }

    fn page_of(glyphs: Vec<Glyph>) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
        }
    }

    #[test]
    fn a_marker_raised_between_two_lines_joins_the_line_below() {
        // "Mozam-" / "bique" with a footnote "a" raised 5.5 above the second
        // baseline: more than the row tolerance, yet nearer the line below.
        let mut g = run("Monaco, Mozam-", 100.0, 700.0, 11.0);
        g.extend(run("bique", 100.0, 686.0, 11.0));
        g.extend(run("a", 127.5, 691.5, 8.0));
        g.extend(run(", the Netherlands", 131.5, 686.0, 11.0));
        assert_eq!(
            texts(&page_of(g)),
            ["Monaco, Mozam-", "bique a , the Netherlands"]
        );
    }

    #[test]
    fn a_raised_marker_does_not_set_the_baseline_of_its_row() {
        // The marker sorts first (it is highest); a body glyph from another
        // font, a little smaller, must still join the row.
        let mut g = run("le Y", 74.7, 289.3, 9.9);
        g.extend(run("é", 94.5, 289.3, 9.5));
        g.extend(run("men", 99.25, 289.3, 9.9));
        g.extend(run("a", 114.2, 293.7, 8.3));
        assert_eq!(texts(&page_of(g)), ["le Yémen a"]);
    }

    /// Words from `x` along `y`, 0.5 em a character and 0.3 em between words.
    fn words_at(words: &str, mut x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        for w in words.split(' ') {
            out.extend(run(w, x, y, size));
            x += (w.chars().count() as f32 * 0.5 + 0.3) * size;
        }
        out
    }

    #[test]
    fn a_table_entry_that_nearly_fills_its_column_is_still_a_cell() {
        // The date column starts at x = 300 in every row; the long name ends
        // 0.75 em before it, narrower than a gutter on its own.
        let mut g = Vec::new();
        let names = [
            "ANGOLA",
            "CHILE",
            "DEMOCRATIC REPUBLIC OF THE CONGO",
            "FIJI",
            "GHANA",
        ];
        for (i, name) in names.iter().enumerate() {
            let y = 700.0 - 14.0 * i as f32;
            let x = if name.len() > 20 { 140.5 } else { 80.0 };
            g.extend(words_at(name, x, y, 10.0));
            g.extend(words_at("11 April 2021", 300.0, y, 10.0));
        }
        let lines = texts(&page_of(g));
        assert!(
            lines
                .iter()
                .any(|l| l == "DEMOCRATIC REPUBLIC OF THE CONGO"),
            "{lines:?}"
        );
    }

    #[test]
    fn an_indented_wrapped_line_in_a_column_is_its_own_cell() {
        // Three columns; the third's wrapped line ("Tabago") is indented, so
        // the gap before it is wider than the gutter and partly filled in
        // the rows around.
        let rows: [(&str, &str, &str, f32); 4] = [
            ("Lao", "Santo Tomé", "Timor-Leste", 256.1),
            ("República", "y", "Trinidad y", 256.1),
            ("Domini-", "Príncipe", "Tabago", 274.0),
            ("cana", "Senegal", "Turkmenistán", 256.1),
        ];
        let mut g = Vec::new();
        for (i, (a, b, c, x3)) in rows.iter().enumerate() {
            let y = 744.0 - 15.4 * i as f32;
            g.extend(words_at(a, 88.8, y, 12.0));
            let x2 = if b.len() < 3 || b.starts_with('P') {
                181.4
            } else {
                163.5
            };
            g.extend(words_at(b, x2, y, 12.0));
            g.extend(words_at(c, *x3, y, 12.0));
        }
        let lines = texts(&page_of(g));
        assert!(lines.iter().any(|l| l == "Príncipe"), "{lines:?}");
        assert!(lines.iter().any(|l| l == "Tabago"), "{lines:?}");
    }

    #[test]
    fn spaces_from_gaps_and_from_space_glyphs() {
        let p = page(&[
            ("Saint", 100.0, 700.0),
            ("Lucia", 130.0, 700.0),
            ("Costa Rica", 100.0, 686.0),
        ]);
        assert_eq!(texts(&p), ["Saint Lucia", "Costa Rica"]);
    }

    #[test]
    fn two_column_list_reads_column_by_column() {
        let p = page(&[
            ("Albania", 100.0, 700.0),
            ("Chile", 300.0, 700.0),
            ("Andorra", 100.0, 686.0),
            ("Cyprus", 300.0, 686.0),
            ("Austria", 100.0, 672.0),
            ("Denmark", 300.0, 672.0),
            ("Belgium", 100.0, 658.0),
        ]);
        assert_eq!(
            texts(&p),
            ["Albania", "Andorra", "Austria", "Belgium", "Chile", "Cyprus", "Denmark"]
        );
    }

    #[test]
    fn a_wide_justified_space_in_prose_is_not_a_gutter() {
        let p = page(&[
            ("The following States have endorsed this", 100.0, 700.0),
            ("statement on the situation in", 100.0, 686.0),
            ("the", 270.0, 686.0),
            ("region of the world and elsewhere", 100.0, 672.0),
        ]);
        let t = texts(&p);
        assert_eq!(t.len(), 3, "{t:?}");
        assert_eq!(t[1], "statement on the situation in the");
    }

    #[test]
    fn page_numbers_and_running_heads_go() {
        let mut p1 = page(&[
            ("Joint Statement", 100.0, 780.0),
            ("Albania", 100.0, 700.0),
            ("1", 300.0, 30.0),
        ]);
        let mut p2 = page(&[
            ("Joint Statement", 100.0, 780.0),
            ("Zambia", 100.0, 700.0),
            ("2", 300.0, 30.0),
        ]);
        p2.number = 2;
        p1.number = 1;
        let t: Vec<String> = lines(&[p1, p2]).into_iter().map(|l| l.text).collect();
        assert_eq!(t, ["Albania", "Zambia"]);
    }

    #[test]
    fn superscript_marker_stays_on_its_line() {
        let mut p = page(&[("Netherlands", 100.0, 700.0), ("Norway", 100.0, 686.0)]);
        p.glyphs.push(Glyph {
            ch: '1',
            x: 155.0,
            y: 703.5,
            width: 3.0,
            size: 6.0,
        });
        assert_eq!(texts(&p), ["Netherlands 1", "Norway"]);
    }

    #[test]
    fn a_raised_letter_marker_is_not_part_of_the_name() {
        let mut p = page(&[("Francia", 100.0, 700.0)]);
        p.glyphs.push(Glyph {
            ch: 'a',
            x: 135.0,
            y: 703.5,
            width: 3.0,
            size: 6.0,
        });
        assert_eq!(texts(&p), ["Francia a"]);
    }

    #[test]
    fn a_space_that_leaves_no_gap_is_kerning_not_a_word_break() {
        let mut p = page(&[("Tr", 100.0, 700.0)]);
        p.glyphs.push(Glyph {
            ch: ' ',
            x: 109.0,
            y: 700.0,
            width: 1.5,
            size: 10.0,
        });
        p.glyphs.push(Glyph {
            ch: 'i',
            x: 110.2,
            y: 700.0,
            width: 5.0,
            size: 10.0,
        });
        assert_eq!(texts(&p), ["Tri"]);
    }
}
