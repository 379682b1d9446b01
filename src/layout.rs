//! Layout stage: positioned glyphs to text lines in reading order.
//!
//! Glyphs are grouped into rows by baseline, rows into words by horizontal
//! gaps, and words into cells where a gap lines up with gaps in the rows
//! around it (a column gutter or a table rule) rather than being one wide
//! justified space. Runs of rows that share such gutters are read column by
//! column, so a three-column list of States comes out as one name after
//! another in the order a person reads it; a table of signature cells,
//! whose cells repeat the same opening line ("For the Government of"), is
//! read row by row. Repeated page headers and footers
//! and page numbers are dropped. This stage does not normalise characters or
//! join hyphenated words; that is the text stage.
//!
//! Every threshold these steps use is a field of [`LayoutParams`], with its
//! unit and its reason; [`page_lines`] and [`join_pages`] use the defaults.

use crate::pdf::{is_rtl, Glyph, Page};

/// A glyph size at or below this (page units) is unset (a zero text matrix,
/// a Type 3 font): the row's or the page's body size stands in for it. A
/// guard against degenerate input, not a layout judgement.
const UNSET_SIZE: f32 = 0.1;

/// Sizes used as an em for distances are at least this (page units), so that
/// a row of unsized or microscopic glyphs does not make every gap a gutter.
/// A guard against degenerate input, not a layout judgement.
const MIN_EM: f32 = 1.0;

/// Every threshold of the layout stage, after pdfminer's `LAParams`.
///
/// Distances are in ems: multiples of a glyph's or a row's size (its median
/// glyph size), so that the same rule reads 8-point footnotes and 14-point
/// headings. The defaults are the values the fixtures and the real UN
/// corpus are checked with; each field has a test in this module that
/// switches its rule off and shows the outcome change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutParams {
    // Rows: glyphs grouped by baseline.
    /// A glyph joins the current row when its baseline is within this many
    /// ems (of its own size) of the row's: under half a line, so mixed
    /// fonts and a slightly drifting baseline stay together while the next
    /// line, a full line height away, does not.
    pub row_tolerance: f32,
    /// The size used for [`row_tolerance`](Self::row_tolerance) is capped at
    /// this many times the page's body size, so that a big heading glyph
    /// does not swallow the body line below it.
    pub row_tolerance_size_cap: f32,
    /// A glyph more than this many times the row's size so far takes over
    /// the row's baseline (the row's baseline is its largest glyph's: a
    /// raised marker met first must not set it). A little over 1, so that
    /// two fonts of nearly the same size do not shift it.
    pub baseline_takeover: f32,
    /// The row's baseline is the lowest of its glyphs at least this fraction
    /// of the row's size: superscripts and markers, smaller, sit higher and
    /// are left out.
    pub baseline_glyph_size: f32,

    // Footnote markers raised into a row of their own (see
    // `attach_raised_markers`).
    /// A row of at most this many visible glyphs can be a raised marker
    /// ("a", "1,2", "*"); more is a line of text.
    pub marker_max_glyphs: usize,
    /// A marker's glyphs are at most this fraction of the size of the row
    /// below; a line of body text is not a marker.
    pub marker_max_size: f32,
    /// A marker sits at most this many ems (of the row below) above that
    /// row's baseline: a superscript is raised by about a third to two
    /// thirds of an em, a line of text by a full line.
    pub marker_max_raise: f32,
    /// A marker stands within this many ems (of the row below) beside that
    /// row's text, not in a margin or another column.
    pub marker_reach: f32,
    /// The size of the row below, as used above, is at least this fraction
    /// of the body size, so that a row of tiny glyphs does not make every
    /// tolerance vanish.
    pub marker_row_min_size: f32,

    // Words: glyphs of a row split at gaps.
    /// Fake bold and shadows paint the same glyph twice: the same character
    /// within this many ems (of its size) across and up is painted once.
    pub duplicate_glyph_distance: f32,
    /// A glyph without a width (a font without widths) is taken to be this
    /// many ems wide: an average letter.
    pub default_glyph_width: f32,
    /// A gap wider than this many ems breaks a word even without a space
    /// glyph (PDF writers often position words instead of painting spaces).
    /// Letter spacing and kerning stay under it.
    pub word_gap: f32,
    /// The em of [`word_gap`](Self::word_gap) is the row's size, but at most
    /// this many times the glyph's own: small type in a row breaks at its
    /// own, smaller gaps.
    pub word_gap_glyph_cap: f32,
    /// After a painted space, a gap wider than this many ems breaks the word:
    /// a space kerned back to (almost) nothing (Ghostscript writes a space
    /// plus negative word spacing) is not a word break.
    pub space_gap: f32,
    /// A painted space wider than [`space_gap`](Self::space_gap) breaks the
    /// word when the next glyph starts where the space ends (within this
    /// many ems) or after it, even if the glyph before the space overhangs
    /// it and leaves no gap: LibreOffice's Amiri kerns an initial kaf under
    /// the space before it ("جمهورية كينيا", the kaf ending 0.05 em short
    /// of the next word). A space kerned away ends after the next glyph
    /// starts.
    pub space_left_whole: f32,
    /// A glyph smaller than this fraction of the row's size, and raised (see
    /// [`raised_min_rise`](Self::raised_min_rise)), is a marker, a word of
    /// its own ("Franciaª" reads "Francia a").
    pub raised_max_size: f32,
    /// A small glyph whose baseline is more than this many ems (of the row)
    /// above the row's is raised, a superscript; a small glyph on the
    /// baseline (small capitals) is not.
    pub raised_min_rise: f32,

    // Cells: a row split at gaps that are gutters.
    /// A gap at least this many ems wide is a gutter on its own: no justified
    /// space is that wide.
    pub gutter_alone: f32,
    /// A vertical bar standing as a word between two words splits the row
    /// there, and is dropped: it is a table's vertical rule that OCR read
    /// as text ("Micronesia (Federated States | Senegal", two cells whose
    /// gap the bar filled), or a bar printed between items.
    pub bar_splits_cells: bool,
    /// A gap at least this many ems wide is a gutter if the rows around
    /// leave it empty too; also the least gap before a column's start in
    /// [`column_start_rows`](Self::column_start_rows). A justified space
    /// rarely reaches it, and when it does the lines around do not share it.
    pub gutter_min: f32,
    /// A gap, and a neighbour's empty stretch supporting it, is a gutter
    /// only when at least this many times its row's word space (the row's
    /// narrowest gap under [`gutter_min`](Self::gutter_min)). A typewriter's
    /// space is 0.6 em, doubled here and there to justify a line: 1.2 em,
    /// wider than a gutter of typeset text, and on the fixed character grid
    /// such spaces line up by chance in the rows around; a prose line of
    /// scanned typing was read as two columns. Typed gutters are three
    /// spaces or more.
    pub gutter_of_word_space: f32,
    /// A row with at least this many gaps between words ...
    pub justified_min_gaps: usize,
    /// ... all within this many ems of each other is a justified line: its
    /// gaps are its word space, however wide (see `Row::word_space`), so
    /// none of them is a gutter unless [`gutter_alone`](Self::gutter_alone)
    /// wide, and it supports no gutter in the rows around. Chromium and
    /// LibreOffice stretch every space of a justified line alike, to 1.5-3
    /// ems on a line of a few long Russian words, and such spaces lined up
    /// by chance over three lines made a prose list three columns
    /// ("Папуа — Новая | Гвинея", read as Guinea). Cells of a list in
    /// columns end where their names end, so their gaps differ.
    pub justified_gap_spread: f32,
    /// A neighbouring row supports a gutter if it leaves empty at least this
    /// many ems of it in one stretch ...
    pub gutter_free_min: f32,
    /// ... and at least this fraction of the gutter's width (a column's
    /// wrapped, indented line leaves a gap wider than the gutter itself).
    pub gutter_free_share: f32,
    /// A gap of [`gutter_min`](Self::gutter_min) or more splits the row when
    /// at least this many neighbouring rows support it.
    pub gutter_support_rows: usize,
    /// A gap at least this many ems wide is a gutter with less support
    /// ([`wide_gutter_support_rows`](Self::wide_gutter_support_rows)): it
    /// is too wide for most justified spaces.
    pub wide_gutter: f32,
    /// How many supporting rows a [`wide_gutter`](Self::wide_gutter) needs.
    pub wide_gutter_support_rows: usize,
    /// A gap at least this many ems wide, narrower than a gutter, still
    /// splits the row where the next word starts where a column starts in
    /// the rows around: a long entry nearly filling its table column.
    pub narrow_gutter_min: f32,
    /// How many neighbouring rows must have a column starting there.
    pub column_start_rows: usize,
    /// A neighbour's column starts "there" within this many ems (of that
    /// row): the same left edge, give or take rounding in the writer.
    pub column_start_tolerance: f32,
    /// Neighbouring rows are at most this many rows above and below ...
    pub neighbour_rows: usize,
    /// ... and within this many ems (of the row) of its baseline: three and
    /// a half lines of 1.6 em, so a heading far above does not count.
    pub neighbour_reach: f32,

    // Columns: runs of rows read column by column.
    /// A run of rows read column by column ends at a vertical gap of more
    /// than this many ems (of the next row): a blank space that wide starts
    /// something else, and its gutters are its own.
    pub column_run_break: f32,
    /// A line printed alike in at least this many columns of one row ("For
    /// the Government of", a signature rule "______") marks a table of
    /// signature cells, read row by row (a person reads a signature table
    /// across, and its truth lists it so): every row whose cells all hold
    /// such a line starts a row of the table. A list flowing down columns
    /// repeats no line, and is read column by column.
    pub table_opener_columns: usize,
    /// The columns of a run are those of its first row with the most cells
    /// that at least this many rows of the run have, not those of its
    /// first row: a heading above a table, split where one of its words
    /// happens to start where a column starts, spans two columns, and as
    /// the first row it made them one (read alternately, line by line). A
    /// row with a cell across the columns is then read on its own, between
    /// the rows above and below it.
    pub column_seed_rows: usize,

    // Running headers and footers (see `join_pages_with`).
    /// Running headers are looked for in the top this fraction of the page
    /// height: the header band of an A4 or Letter page.
    pub running_head_zone: f32,
    /// Running footers and page numbers are looked for in the bottom this
    /// fraction of the page height.
    pub running_foot_zone: f32,
    /// A line in those zones is running text when the same text (digits
    /// aside) is on at least this many pages ...
    pub running_min_pages: usize,
    /// ... and on at least this fraction of the pages: a title repeated on
    /// two pages of a twenty-page document is not a running header.
    pub running_min_share: f32,
}

impl Default for LayoutParams {
    fn default() -> Self {
        LayoutParams {
            row_tolerance: 0.45,
            row_tolerance_size_cap: 2.0,
            baseline_takeover: 1.1,
            baseline_glyph_size: 0.8,
            marker_max_glyphs: 3,
            marker_max_size: 0.85,
            marker_max_raise: 0.7,
            marker_reach: 1.0,
            marker_row_min_size: 0.5,
            duplicate_glyph_distance: 0.15,
            default_glyph_width: 0.5,
            word_gap: 0.15,
            word_gap_glyph_cap: 1.5,
            space_gap: 0.08,
            space_left_whole: 0.02,
            raised_max_size: 0.85,
            raised_min_rise: 0.2,
            gutter_alone: 4.0,
            bar_splits_cells: true,
            gutter_min: 0.9,
            gutter_of_word_space: 2.5,
            justified_min_gaps: 3,
            justified_gap_spread: 0.05,
            gutter_free_min: 0.6,
            gutter_free_share: 0.5,
            gutter_support_rows: 2,
            wide_gutter: 2.0,
            wide_gutter_support_rows: 1,
            narrow_gutter_min: 0.5,
            column_start_rows: 2,
            column_start_tolerance: 0.15,
            neighbour_rows: 3,
            neighbour_reach: 3.5 * 1.6,
            column_run_break: 4.0,
            table_opener_columns: 2,
            column_seed_rows: 2,
            running_head_zone: 0.12,
            running_foot_zone: 0.12,
            running_min_pages: 2,
            running_min_share: 0.5,
        }
    }
}

/// One line of text: a row of a page, or one cell of a row that was split
/// into columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    /// The line's words, separated by single spaces.
    pub text: String,
    /// Left edge of the line's first word, in page units.
    pub x0: f32,
    /// Right edge of the line's last word, in page units.
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

/// A word of a row: its text is `Row::text[start..end]`, so that a row
/// makes one string, not one per word.
#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    x0: f32,
    x1: f32,
}

#[derive(Debug, Clone)]
struct Row {
    y: f32,
    size: f32,
    /// The letters of all its words, one after another.
    text: String,
    words: Vec<Word>,
    /// The row's narrowest gap between words that is narrower than a
    /// gutter ([`LayoutParams::gutter_min`]): its word space; 0 when every
    /// gap is as wide (a row of one-word cells shows no word space), unless
    /// the row is justified ([`LayoutParams::justified_min_gaps`]): then its
    /// one stretched space, however wide.
    word_space: f32,
}

#[derive(Debug, Clone)]
struct Cell {
    x0: f32,
    x1: f32,
    text: String,
}

impl Row {
    fn word(&self, w: &Word) -> &str {
        self.text.get(w.start..w.end).unwrap_or_default()
    }
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

/// The median of the sizes of `glyphs` that are not spaces; `scratch` is a
/// buffer to reuse (a page asks for one per row).
fn median_size<'g>(glyphs: impl Iterator<Item = &'g Glyph>, scratch: &mut Vec<f32>) -> f32 {
    scratch.clear();
    scratch.extend(glyphs.filter(|g| g.ch != ' ').map(|g| g.size.abs()));
    let Some(&first) = scratch.first() else {
        return 0.0;
    };
    // Most rows are set in one size: then that is the median, with no
    // selection (which was 1.6 % of the time on real documents).
    if scratch.iter().all(|s| s.to_bits() == first.to_bits()) {
        return first;
    }
    // The element a sort would put in the middle, found without sorting
    // (the total order makes it the same value).
    let middle = scratch.len() / 2;
    *scratch.select_nth_unstable_by(middle, f32::total_cmp).1
}

fn usable(g: &Glyph) -> bool {
    g.x.is_finite()
        && g.y.is_finite()
        && g.size.is_finite()
        && g.width.is_finite()
        && !g.ch.is_control()
}

/// A float's place in `f32::total_cmp`'s order, as an integer that sorts the
/// same way.
fn total_key(f: f32) -> u32 {
    let bits = f.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

/// Sorts glyphs by a key, stably, as a sort comparing the glyphs would but
/// with the keys side by side: sorting by comparisons that followed each
/// pointer to its glyph was a fifth of the layout's instructions over the
/// 400 generated paths (BENCHMARKS.md, fifteenth session).
fn sort_glyphs_by(glyphs: &mut Vec<&Glyph>, key: impl Fn(&Glyph) -> u64) {
    let mut keyed: Vec<(u64, &Glyph)> = glyphs.iter().map(|&g| (key(g), g)).collect();
    keyed.sort_by_key(|&(k, _)| k);
    glyphs.clear();
    glyphs.extend(keyed.into_iter().map(|(_, g)| g));
}

/// Groups glyphs into rows by baseline.
fn rows(glyphs: &[Glyph], p: &LayoutParams) -> Vec<Row> {
    let mut gs: Vec<&Glyph> = glyphs.iter().filter(|g| usable(g)).collect();
    if gs.is_empty() {
        return Vec::new();
    }
    let mut scratch = Vec::with_capacity(gs.len());
    let body = median_size(gs.iter().copied(), &mut scratch).max(MIN_EM);
    // Top down, then left to right.
    sort_glyphs_by(&mut gs, |g| {
        (u64::from(!total_key(g.y)) << 32) | u64::from(total_key(g.x))
    });
    // Where each row starts in `gs`; the rows' vectors are made at their
    // size once the starts are known.
    let mut starts: Vec<usize> = Vec::new();
    // The row's baseline is that of its largest glyph so far: a raised
    // footnote marker met first must not set it for the whole row.
    let (mut row_y, mut row_size) = (f32::NAN, 0.0f32);
    for (i, g) in gs.iter().enumerate() {
        let size = if g.size.abs() > UNSET_SIZE {
            g.size.abs()
        } else {
            body
        };
        let tol = p.row_tolerance * size.min(body * p.row_tolerance_size_cap);
        if starts.is_empty() || (row_y - g.y).abs() > tol {
            starts.push(i);
            (row_y, row_size) = (g.y, size);
        } else if size > p.baseline_takeover * row_size {
            (row_y, row_size) = (g.y, size);
        }
    }
    let ends = starts.iter().skip(1).copied().chain([gs.len()]);
    let mut groups: Vec<Vec<&Glyph>> = starts
        .iter()
        .zip(ends)
        .map(|(&a, b)| gs[a..b].to_vec())
        .collect();
    attach_raised_markers(&mut groups, body, p, &mut scratch);
    let mut rows = Vec::with_capacity(groups.len());
    for g in groups {
        rows.extend(make_row(g, body, p, &mut scratch));
    }
    rows
}

/// A footnote marker raised more than the row tolerance above its word
/// ("Mozambique" + raised "a") forms a row of its own, between two lines,
/// where it would be read as a line of text (and join a hyphenated word
/// across it). A group of a few small glyphs that sits closer above the next
/// row's baseline than below the previous row's, a little above it and
/// beside that row's text (the `marker_*` fields of [`LayoutParams`]), is
/// moved into that row; `make_row` then keeps it as a word of its own.
fn attach_raised_markers(
    groups: &mut Vec<Vec<&Glyph>>,
    body: f32,
    p: &LayoutParams,
    scratch: &mut Vec<f32>,
) {
    let mut i = 0;
    while i + 1 < groups.len() {
        let (marker, below) = (&groups[i], &groups[i + 1]);
        let visible = || marker.iter().filter(|g| g.ch != ' ');
        // A row of text is no marker: that settles most rows before the
        // size of the row below (a median) is worked out.
        if visible().nth(p.marker_max_glyphs).is_some() {
            i += 1;
            continue;
        }
        let below_size = median_size(below.iter().copied(), scratch)
            .max(UNSET_SIZE)
            .max(p.marker_row_min_size * body);
        let (Some(m0), Some(b0)) = (visible().next(), below.first()) else {
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
        let reach = p.marker_reach * below_size;
        let fits = visible().count() <= p.marker_max_glyphs
            && visible().all(|g| g.size.abs() <= p.marker_max_size * below_size)
            && raise > 0.0
            && raise <= p.marker_max_raise * below_size
            && above_gap.is_none_or(|gap| gap > raise)
            && visible().all(|g| g.x >= min_x - reach && g.x <= max_x + reach);
        if fits {
            let marker = groups.remove(i);
            groups[i].extend(marker);
        } else {
            i += 1;
        }
    }
}

/// Where a glyph sits along the line, for putting a row's glyphs in order:
/// its left edge, or, for a letter of a right-to-left script, its middle.
/// They differ for glyphs painted over each other: LibreOffice paints a
/// lam-alef ligature as the ligature's glyph (lam) with the alef as a glyph
/// of no width at its left end, and the lam is kerned a little to the
/// left, so by their left edges the alef would come after the lam on the
/// page and before it in the text. (Right edges would do as well, but a
/// glyph of no width ends where its neighbour ends, and rounding puts it
/// either side.)
fn reading_position(g: &Glyph) -> f32 {
    if is_rtl(g.ch) {
        g.x + g.width.max(0.0) / 2.0
    } else {
        g.x
    }
}

fn make_row(
    mut glyphs: Vec<&Glyph>,
    body: f32,
    p: &LayoutParams,
    scratch: &mut Vec<f32>,
) -> Option<Row> {
    sort_glyphs_by(&mut glyphs, |g| u64::from(total_key(reading_position(g))));
    let size = median_size(glyphs.iter().copied(), scratch);
    let size = if size > UNSET_SIZE { size } else { body };
    // The baseline of the row is that of its largest glyphs (superscripts sit higher).
    let y = glyphs
        .iter()
        .filter(|g| g.size.abs() >= p.baseline_glyph_size * size)
        .map(|g| g.y)
        .fold(f32::NAN, |a, b| if a.is_nan() || b < a { b } else { a });
    let mut text = String::with_capacity(glyphs.len());
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    let mut last_end = f32::NEG_INFINITY;
    let mut last: Option<&Glyph> = None;
    let (mut pending_space, mut force_break, mut last_raised) = (false, false, false);
    // Where the painted spaces since the last glyph start and end.
    let (mut space_start, mut space_end) = (f32::INFINITY, f32::NEG_INFINITY);
    let y = if y.is_nan() {
        glyphs.first().map_or(0.0, |g| g.y)
    } else {
        y
    };
    for g in glyphs {
        let gsize = if g.size.abs() > UNSET_SIZE {
            g.size.abs()
        } else {
            size
        };
        let width = if g.width > 0.0 {
            g.width
        } else {
            p.default_glyph_width * gsize
        };
        // Fake bold and shadows paint the same glyph twice at nearly the same place.
        if let Some(prev) = last {
            let near = p.duplicate_glyph_distance * gsize;
            if prev.ch == g.ch && (prev.x - g.x).abs() < near && (prev.y - g.y).abs() < near {
                continue;
            }
        }
        last = Some(g);
        if g.ch.is_whitespace() {
            // A painted space breaks a word only where it leaves a visible
            // gap: Ghostscript kerns with a space plus negative word spacing.
            pending_space = true;
            force_break |= g.width <= 0.0;
            space_start = space_start.min(g.x);
            space_end = space_end.max(g.x + g.width);
            continue;
        }
        let gap = g.x - last_end;
        // A space that the next glyph leaves whole is a word space even
        // when the glyph before it overhangs it (see `space_left_whole`).
        let space_left_whole = space_end - space_start > p.space_gap * size
            && g.x >= space_end - p.space_left_whole * size;
        // A raised small glyph (a footnote marker, "Franciaª") is a word of its own.
        let raised = gsize < p.raised_max_size * size && g.y > y + p.raised_min_rise * size;
        let breaks = gap > p.word_gap * size.min(gsize * p.word_gap_glyph_cap)
            || (pending_space && (force_break || gap > p.space_gap * size || space_left_whole))
            || raised != last_raised;
        pending_space = false;
        force_break = false;
        (space_start, space_end) = (f32::INFINITY, f32::NEG_INFINITY);
        last_raised = raised;
        match cur.as_mut() {
            Some(w) if !breaks => {
                text.push(g.ch);
                w.end = text.len();
                w.x1 = w.x1.max(g.x + width);
            }
            _ => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                let start = text.len();
                text.push(g.ch);
                cur = Some(Word {
                    start,
                    end: text.len(),
                    x0: g.x,
                    x1: g.x + width,
                });
            }
        }
        // The next gap is measured from this glyph's end, also when it was
        // painted back inside the one before.
        last_end = g.x + width;
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    let below = p.gutter_min * size.max(MIN_EM);
    let gaps = || words.windows(2).map(|w| w[1].x0 - w[0].x1);
    let (narrowest, widest) = gaps().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), g| {
        (a.min(g), b.max(g))
    });
    // A justified line stretches all its spaces alike, to gutter width and
    // beyond on a short line of long words: those spaces are its word space.
    let justified = gaps().len() >= p.justified_min_gaps
        && widest - narrowest <= p.justified_gap_spread * size.max(MIN_EM);
    let word_space = if justified {
        narrowest
    } else {
        gaps()
            .filter(|&g| g < below)
            .reduce(f32::min)
            .unwrap_or(0.0)
    }
    .max(0.0);
    (!words.is_empty()).then_some(Row {
        y,
        size,
        text,
        words,
        word_space,
    })
}

/// Whether a word is a vertical bar and nothing else: a table's rule that
/// OCR read as text, or a bar printed between items.
fn is_bar(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c == '|')
}

/// Splits each row into cells at gaps that are gutters: very wide, or wide
/// and empty in the rows around too; and at bars between words
/// ([`LayoutParams::bar_splits_cells`]).
fn cells(rows: &[Row], p: &LayoutParams) -> Vec<Vec<Cell>> {
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let size = row.size.max(MIN_EM);
        let mut cells: Vec<Cell> = Vec::new();
        let mut cur: Option<Cell> = None;
        let mut after_bar = false;
        for (k, w) in row.words.iter().enumerate() {
            if p.bar_splits_cells && is_bar(row.word(w)) && k > 0 && k + 1 < row.words.len() {
                if let Some(c) = cur.take() {
                    cells.push(c);
                }
                after_bar = true;
                continue;
            }
            let split = std::mem::take(&mut after_bar)
                || k > 0 && {
                    let a = row.words[k - 1].x1;
                    let b = w.x0;
                    let width = b - a;
                    let beyond_word_space =
                        |n: &Row, gap: f32| gap >= p.gutter_of_word_space * n.word_space;
                    if width >= p.gutter_alone * size {
                        true
                    } else if width >= p.gutter_min * size && beyond_word_space(row, width) {
                        // A neighbour supports the gutter if it leaves at least
                        // half of the gap empty in one stretch (a column's
                        // wrapped, indented line leaves a gap wider than the
                        // gutter itself), more than its own word spaces, and
                        // has text beside it.
                        let free = (p.gutter_free_min * size).max(p.gutter_free_share * width);
                        let support = neighbours(rows, r, p)
                            .filter(|n| {
                                let stretch = n.widest_free(a, b);
                                stretch >= free
                                    && beyond_word_space(n, stretch)
                                    && (n.x0() < a || n.x1() > b)
                            })
                            .count();
                        support >= p.gutter_support_rows
                            || (support >= p.wide_gutter_support_rows
                                && width >= p.wide_gutter * size)
                    } else if width >= p.narrow_gutter_min * size {
                        // A long entry that nearly fills its table column leaves a
                        // narrow gap (narrower than a gutter, or than a gutter
                        // among its row's word spaces), but the next cell starts
                        // where the next column starts in the rows around.
                        column_starts_at(rows, r, b, p) >= p.column_start_rows
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
                    c.text.push_str(row.word(w));
                    c.x1 = w.x1;
                }
                None => {
                    // Room for the rest of the row, spaces included.
                    let mut text =
                        String::with_capacity(row.text.len() - w.start + row.words.len() - k);
                    text.push_str(row.word(w));
                    cur = Some(Cell {
                        x0: w.x0,
                        x1: w.x1,
                        text,
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
/// begins there (within `column_start_tolerance`) after a gap of at least
/// `gutter_min`.
fn column_starts_at(rows: &[Row], r: usize, x: f32, p: &LayoutParams) -> usize {
    neighbours(rows, r, p)
        .filter(|n| {
            let size = n.size.max(MIN_EM);
            n.words.windows(2).any(|w| {
                let gap = w[1].x0 - w[0].x1;
                (w[1].x0 - x).abs() <= p.column_start_tolerance * size
                    && gap >= p.gutter_min * size
                    && gap >= p.gutter_of_word_space * n.word_space
            })
        })
        .count()
}

/// Rows within `neighbour_rows` rows and `neighbour_reach` ems above and
/// below row `r`.
fn neighbours<'a>(rows: &'a [Row], r: usize, p: &LayoutParams) -> impl Iterator<Item = &'a Row> {
    let row = &rows[r];
    let reach = p.neighbour_reach * row.size.max(MIN_EM);
    let lo = r.saturating_sub(p.neighbour_rows);
    let hi = r
        .saturating_add(p.neighbour_rows)
        .saturating_add(1)
        .min(rows.len());
    rows[lo..hi]
        .iter()
        .enumerate()
        .filter(move |(i, n)| lo + i != r && (n.y - row.y).abs() <= reach)
        .map(|(_, n)| n)
}

/// Lines of one page in reading order, with the default [`LayoutParams`].
pub fn page_lines(page: &Page) -> Vec<Line> {
    page_lines_with(page, &LayoutParams::default())
}

/// Lines of one page in reading order.
pub fn page_lines_with(page: &Page, p: &LayoutParams) -> Vec<Line> {
    let rows = rows(&page.glyphs, p);
    let mut cells = cells(&rows, p);
    let mut lines = Vec::with_capacity(rows.len());
    let mut r = 0;
    while r < rows.len() {
        if cells[r].len() < 2 {
            // Read once: its text moves into the line.
            let cell = &mut cells[r][0];
            let text = std::mem::take(&mut cell.text);
            let text = match reading_order(&text) {
                std::borrow::Cow::Owned(turned) => Some(turned),
                std::borrow::Cow::Borrowed(_) => None,
            }
            .unwrap_or(text);
            push_line(&mut lines, page.number, &rows[r], cell, text, 1);
            r += 1;
            continue;
        }
        // A run of rows that share gutters: read it column by column.
        let mut columns: Vec<(f32, f32)> = cells[r].iter().map(|c| (c.x0, c.x1)).collect();
        let mut end = r + 1;
        while end < rows.len() {
            let gap = rows[end - 1].y - rows[end].y;
            if gap > p.column_run_break * rows[end].size.max(MIN_EM) {
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
        // The run's extent is settled; its columns are those of its most
        // telling row, and rows with a cell across them are read apart.
        let mut columns = run_columns(&cells[r..end], p).unwrap_or(columns);
        columns.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut by_column: Vec<Vec<(usize, &Cell)>> = vec![Vec::new(); columns.len()];
        for (i, row_cells) in cells.iter().enumerate().take(end).skip(r) {
            for c in row_cells {
                let k = column_of(&columns, c);
                by_column[k].push((i, c));
            }
        }
        // Row by row for a table of signature cells, else one band: column
        // by column.
        let mut starts = table_row_starts(&cells[r..end], p);
        for (i, row) in cells[r..end].iter().enumerate() {
            if row
                .iter()
                .any(|c| has_text(c) && crosses(&columns, c).is_some())
            {
                starts.extend([i, i + 1]);
            }
        }
        starts.retain(|&i| i < end - r);
        starts.sort_unstable();
        starts.dedup();
        let ends = starts.iter().skip(1).copied().chain([end - r]);
        let bands = starts.iter().zip(ends).map(|(&a, b)| r + a..r + b);
        // Columns of Arabic are read from the right.
        let rtl = mostly_rtl(
            &cells[r..end]
                .iter()
                .flatten()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        for band in bands {
            let ordered: Vec<&Vec<(usize, &Cell)>> = if rtl {
                by_column.iter().rev().collect()
            } else {
                by_column.iter().collect()
            };
            for col in ordered {
                for &(i, c) in col.iter().filter(|(i, _)| band.contains(i)) {
                    let text = reading_order(&c.text).into_owned();
                    push_line(
                        &mut lines,
                        page.number,
                        &rows[i],
                        c,
                        text,
                        cells[i].len() as u16,
                    );
                }
            }
        }
        r = end;
    }
    set_gaps(&mut lines);
    lines
}

/// The columns of a run of rows (the cells of each row), seeded from its
/// first row with the most cells that at least
/// [`LayoutParams::column_seed_rows`] rows of the run have, then widened by
/// the other rows' cells in order; `None` when no count of two or more
/// cells is that common. A cell across two seeded columns widens neither.
/// Only cells with a letter or digit count: a scanned table's vertical
/// rules, read as "|" beside some names, are no column.
fn run_columns(run: &[Vec<Cell>], p: &LayoutParams) -> Option<Vec<(f32, f32)>> {
    let texts = |row: &Vec<Cell>| row.iter().filter(|c| has_text(c)).count();
    let most = (2..=run.iter().map(texts).max().unwrap_or(0))
        .rev()
        .find(|&n| run.iter().filter(|row| texts(row) == n).count() >= p.column_seed_rows)?;
    let seed = run.iter().position(|row| texts(row) == most)?;
    let mut columns: Vec<(f32, f32)> = run[seed]
        .iter()
        .filter(|c| has_text(c))
        .map(|c| (c.x0, c.x1))
        .collect();
    for (i, row) in run.iter().enumerate() {
        if i != seed {
            for c in row.iter().filter(|c| has_text(c)) {
                merge_column(&mut columns, c);
            }
        }
    }
    Some(columns)
}

/// Whether a cell holds a letter or a digit, not only marks.
fn has_text(c: &Cell) -> bool {
    c.text.chars().any(char::is_alphanumeric)
}

/// Where the rows of a table of signature cells start, as indices into
/// `run` (the cells of a run of rows read as columns), always with 0. A
/// line that at least [`LayoutParams::table_opener_columns`] cells of one
/// row print alike is an opener; a row whose cells are all openers starts
/// a table row (a last row may have fewer cells). Without openers the run
/// is one band.
fn table_row_starts(run: &[Vec<Cell>], p: &LayoutParams) -> Vec<usize> {
    let text = |c: &Cell| c.text.trim().to_string();
    let mut openers: Vec<String> = Vec::new();
    for row in run {
        for c in row {
            let t = text(c);
            let alike = row.iter().filter(|o| text(o) == t).count();
            if alike >= p.table_opener_columns.max(2) && !openers.contains(&t) {
                openers.push(t);
            }
        }
    }
    let mut starts = vec![0];
    if openers.is_empty() {
        return starts;
    }
    starts.extend(
        (1..run.len())
            .filter(|&i| !run[i].is_empty() && run[i].iter().all(|c| openers.contains(&text(c)))),
    );
    starts
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

/// Whether more of the letters of `text` are right-to-left than not.
fn mostly_rtl(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if is_rtl(c) {
            rtl += 1;
        } else {
            ltr += 1;
        }
    }
    rtl > ltr
}

/// A bracket as a right-to-left run reads it: glyphs are ordered by where
/// they are painted, so an opening bracket of Arabic text is painted (and
/// read) as the closing one.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

/// The text of a cell in reading order. Glyphs are read left to right by
/// where they are painted, which is the order of the letters only for
/// left-to-right scripts: in a line of Arabic the words, and the letters of
/// each word, are painted right to left. So in a line whose letters are
/// mostly right-to-left the words are taken from the right, each word's
/// letters reversed, and runs of left-to-right words and of digits ("٢٠٢٤",
/// "A/78/L.1", "New York") kept as painted.
pub fn reading_order(text: &str) -> std::borrow::Cow<'_, str> {
    if !mostly_rtl(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let ltr_word = |w: &str| !w.chars().any(is_rtl);
    // Each word in logical order: right-to-left stretches reversed (with
    // brackets mirrored), left-to-right stretches (digits, Latin) kept.
    let logical_word = |w: &str| {
        let chars: Vec<char> = w.chars().collect();
        let mut pieces: Vec<String> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let ltr = chars[i].is_ascii_alphanumeric() || chars[i].is_numeric();
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || chars[j].is_numeric()) == ltr
            {
                j += 1;
            }
            let piece: String = if ltr {
                chars[i..j].iter().collect()
            } else {
                chars[i..j].iter().rev().map(|&c| mirrored(c)).collect()
            };
            pieces.push(piece);
            i = j;
        }
        pieces.reverse();
        pieces.concat()
    };
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut k = words.len();
    while k > 0 {
        // A run of left-to-right words keeps its order.
        let end = k;
        while k > 0 && ltr_word(words[k - 1]) {
            k -= 1;
        }
        if k < end {
            out.extend(words[k..end].iter().map(|w| w.to_string()));
            continue;
        }
        k -= 1;
        out.push(logical_word(words[k]));
    }
    let line = out.join(" ");
    // Producers differ in the bracket their ToUnicode map gives for a
    // mirrored glyph (Chromium the glyph's own, LibreOffice the logical
    // one): brackets that close before they open were mirrored once too
    // often.
    let mut depth = 0i32;
    let misread = line.chars().any(|c| {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        depth < 0
    });
    if misread {
        return std::borrow::Cow::Owned(line.chars().map(mirrored).collect());
    }
    std::borrow::Cow::Owned(line)
}

/// Adds the line of `cell`, whose text in reading order is `text`.
fn push_line(
    lines: &mut Vec<Line>,
    page: u32,
    row: &Row,
    cell: &Cell,
    text: String,
    row_cells: u16,
) {
    lines.push(Line {
        page,
        text,
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
            lines[i].gap_above = (prev.y - cur.y) / lines[i].size.max(MIN_EM);
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
/// headers and footers removed, with the default [`LayoutParams`].
pub fn lines(pages: &[Page]) -> Vec<Line> {
    lines_with(pages, &LayoutParams::default())
}

/// Lines of every page in reading order, with page numbers and running
/// headers and footers removed.
pub fn lines_with(pages: &[Page], p: &LayoutParams) -> Vec<Line> {
    let per_page = pages
        .iter()
        .map(|page| (page.height, page_lines_with(page, p)))
        .collect();
    join_pages_with(per_page, p).lines
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
/// and footers (which are kept apart, once each), with the default
/// [`LayoutParams`].
pub fn join_pages(per_page: Vec<(f32, Vec<Line>)>) -> Joined {
    join_pages_with(per_page, &LayoutParams::default())
}

/// [`join_pages`] with the given thresholds (the `running_*` fields).
pub fn join_pages_with(per_page: Vec<(f32, Vec<Line>)>, p: &LayoutParams) -> Joined {
    // Running text: near the top or bottom of the page, the same text
    // (digits aside) on enough pages.
    let top = 1.0 - p.running_head_zone;
    let zone = |h: f32, l: &Line| h > 0.0 && (l.y > top * h || l.y < p.running_foot_zone * h);
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
                if n >= p.running_min_pages && n as f32 >= p.running_min_share * pages_n as f32 {
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

    #[test]
    fn float_keys_sort_as_total_cmp_does() {
        let mut values = vec![
            0.0f32,
            -0.0,
            1.5,
            -1.5,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            -f32::NAN,
            f32::MIN_POSITIVE,
            -f32::MIN_POSITIVE,
            1e30,
            -1e30,
            612.0,
            611.99994,
        ];
        let mut by_key = values.clone();
        values.sort_by(f32::total_cmp);
        by_key.sort_by_key(|&f| total_key(f));
        let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&by_key), bits(&values));
    }

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
            ocr_layer: false,
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
    // One test per field of `LayoutParams`: the outcome under the default,
    // and under a value that switches the field's rule off.

    fn texts_with(p: &Page, params: &LayoutParams) -> Vec<String> {
        page_lines_with(p, params)
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    /// Asserts that page `p` reads `with` under the default parameters and
    /// `without` under `off`.
    fn rule_matters(p: &Page, off: LayoutParams, with: &[&str], without: &[&str]) {
        assert_eq!(texts(p), with, "default");
        assert_eq!(texts_with(p, &off), without, "{off:?}");
    }

    fn params() -> LayoutParams {
        LayoutParams::default()
    }

    /// "Mozam-" / "bique" with a footnote "a" raised 5.5 above the second
    /// baseline, at `marker_x`.
    fn marker_between_lines(marker_x: f32) -> Page {
        let mut g = run("Monaco, Mozam-", 100.0, 700.0, 11.0);
        g.extend(run("bique", 100.0, 686.0, 11.0));
        g.extend(run("a", marker_x, 691.5, 8.0));
        page_of(g)
    }

    /// Rows of two words `gap` ems apart (size 10), 14 apart down the page.
    fn two_columns(rows: &[(&str, &str)], gap: f32, step: f32) -> Page {
        let mut g = Vec::new();
        for (i, (a, b)) in rows.iter().enumerate() {
            let y = 700.0 - step * i as f32;
            g.extend(run(a, 100.0, y, 10.0));
            let x = 100.0 + (a.chars().count() as f32 * 0.5 + gap) * 10.0;
            g.extend(run(b, x, y, 10.0));
        }
        page_of(g)
    }

    /// A table of names from x = 140.5 and dates from x = 300, except the
    /// Congo's date, at `congo_date_x`: 0.75 em after the long name's end
    /// when that is 300.
    fn name_date_table(congo_date_x: f32) -> Page {
        let names = [
            "ANGOLA",
            "CHILE",
            "DEMOCRATIC REPUBLIC OF THE CONGO",
            "FIJI",
        ];
        let mut g = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let y = 700.0 - 14.0 * i as f32;
            let date_x = if name.len() > 20 { congo_date_x } else { 300.0 };
            g.extend(words_at(name, 140.5, y, 10.0));
            g.extend(words_at("11 April 2021", date_x, y, 10.0));
        }
        page_of(g)
    }

    /// Pages with a body line each, "Joint Statement" at the top of those
    /// listed in `headed`, and the page number at the foot.
    fn document(bodies: &[&str], headed: &[u32]) -> Vec<Page> {
        bodies
            .iter()
            .zip(1u32..)
            .map(|(body, n)| {
                let mut words = vec![(*body, 100.0, 700.0)];
                let number = n.to_string();
                words.push((number.as_str(), 300.0, 30.0));
                if headed.contains(&n) {
                    words.push(("Joint Statement", 100.0, 780.0));
                }
                let mut p = page(&words);
                p.number = n;
                p
            })
            .collect()
    }

    fn joined(pages: &[Page], params: &LayoutParams) -> (Vec<String>, Vec<String>) {
        let per_page = pages
            .iter()
            .map(|p| (p.height, page_lines_with(p, params)))
            .collect();
        let j = join_pages_with(per_page, params);
        (j.lines.into_iter().map(|l| l.text).collect(), j.running)
    }

    #[test]
    fn the_median_size_leaves_spaces_out() {
        let mut scratch = Vec::new();
        let mut glyphs = run("ab c", 0.0, 0.0, 10.0);
        assert_eq!(median_size(glyphs.iter(), &mut scratch), 10.0);
        glyphs.extend(run("de", 50.0, 0.0, 12.0));
        glyphs.extend(run("   ", 70.0, 0.0, 30.0));
        assert_eq!(median_size(glyphs.iter(), &mut scratch), 10.0);
        glyphs.extend(run("fg", 90.0, 0.0, 12.0));
        assert_eq!(median_size(glyphs.iter(), &mut scratch), 12.0);
        assert_eq!(
            median_size(run("  ", 0.0, 0.0, 9.0).iter(), &mut scratch),
            0.0
        );
    }

    #[test]
    fn glyphs_within_half_a_line_share_a_row() {
        // "Peru" sits 0.3 em lower than "Chile", on the same printed line.
        let mut g = run("Chile", 100.0, 700.0, 10.0);
        g.extend(run("Peru", 128.0, 697.0, 10.0));
        let off = LayoutParams {
            row_tolerance: 0.0,
            ..params()
        };
        rule_matters(&page_of(g), off, &["Chile Peru"], &["Chile", "Peru"]);
    }

    #[test]
    fn a_big_glyph_does_not_pull_the_line_above_into_its_row() {
        // A 40-point initial 1 em below a 10-point line: its own 0.45 em
        // would reach the line above; capped at twice the body size it does not.
        let mut g = run("Chile", 100.0, 700.0, 10.0);
        g.extend(run("X", 130.0, 690.0, 40.0));
        let off = LayoutParams {
            row_tolerance_size_cap: f32::INFINITY,
            ..params()
        };
        rule_matters(&page_of(g), off, &["Chile", "X"], &["Chile X"]);
    }

    #[test]
    fn the_largest_glyph_sets_the_baseline_of_its_row() {
        let mut g = run("le Y", 74.7, 289.3, 9.9);
        g.extend(run("é", 94.5, 289.3, 9.5));
        g.extend(run("men", 99.25, 289.3, 9.9));
        g.extend(run("a", 114.2, 293.7, 8.3));
        let off = LayoutParams {
            baseline_takeover: f32::INFINITY,
            ..params()
        };
        rule_matters(&page_of(g), off, &["le Yémen a"], &["le Y a", "émen"]);
    }

    #[test]
    fn a_subscript_does_not_set_the_baseline_of_its_row() {
        let mut g = run("Norway", 100.0, 700.0, 10.0);
        g.extend(run("2", 130.0, 698.0, 6.0));
        let p = page_of(g);
        let ys = |params: &LayoutParams| -> Vec<f32> {
            page_lines_with(&p, params).iter().map(|l| l.y).collect()
        };
        assert_eq!(texts(&p), ["Norway2"]);
        assert_eq!(ys(&params()), [700.0]);
        let off = LayoutParams {
            baseline_glyph_size: 0.0,
            ..params()
        };
        assert_eq!(ys(&off), [698.0]);
    }

    #[test]
    fn a_raised_marker_is_a_few_glyphs() {
        let off = LayoutParams {
            marker_max_glyphs: 0,
            ..params()
        };
        rule_matters(
            &marker_between_lines(127.5),
            off,
            &["Monaco, Mozam-", "bique a"],
            &["Monaco, Mozam-", "a", "bique"],
        );
    }

    #[test]
    fn a_raised_marker_is_smaller_than_the_line_below() {
        let off = LayoutParams {
            marker_max_size: 0.0,
            ..params()
        };
        rule_matters(
            &marker_between_lines(127.5),
            off,
            &["Monaco, Mozam-", "bique a"],
            &["Monaco, Mozam-", "a", "bique"],
        );
    }

    #[test]
    fn a_raised_marker_sits_at_most_0_7_em_above_the_line_below() {
        let off = LayoutParams {
            marker_max_raise: 0.0,
            ..params()
        };
        rule_matters(
            &marker_between_lines(127.5),
            off,
            &["Monaco, Mozam-", "bique a"],
            &["Monaco, Mozam-", "a", "bique"],
        );
    }

    #[test]
    fn a_raised_marker_just_past_the_end_of_the_line_below_joins_it() {
        // "bique" ends at 127.5; the marker stands 1 unit after it.
        let off = LayoutParams {
            marker_reach: 0.0,
            ..params()
        };
        rule_matters(
            &marker_between_lines(128.5),
            off,
            &["Monaco, Mozam-", "bique a"],
            &["Monaco, Mozam-", "a", "bique"],
        );
    }

    #[test]
    fn a_line_of_tiny_type_takes_its_marker_by_the_body_size() {
        // Microscopic 1-unit type below 10-point body text: measured by its
        // own size, no marker fits above it; by half the body size, one does.
        let mut g = run("Monaco", 100.0, 700.0, 10.0);
        g.extend(run("bique", 100.0, 686.0, 1.0));
        g.extend(run("a", 103.0, 689.0, 2.0));
        let off = LayoutParams {
            marker_row_min_size: 0.0,
            ..params()
        };
        rule_matters(
            &page_of(g),
            off,
            &["Monaco", "bique a"],
            &["Monaco", "a", "bique"],
        );
    }

    #[test]
    fn a_glyph_painted_twice_for_fake_bold_is_read_once() {
        let mut g = run("Chad", 100.0, 700.0, 10.0);
        g.extend(run("Chad", 100.5, 700.3, 10.0));
        let off = LayoutParams {
            duplicate_glyph_distance: 0.0,
            ..params()
        };
        rule_matters(&page_of(g), off, &["Chad"], &["CChhaadd"]);
    }

    #[test]
    fn a_glyph_without_a_width_is_half_an_em_wide() {
        let mut g = run("Chad", 100.0, 700.0, 10.0);
        for glyph in &mut g {
            glyph.width = 0.0;
        }
        let off = LayoutParams {
            default_glyph_width: 0.0,
            ..params()
        };
        rule_matters(&page_of(g), off, &["Chad"], &["C h a d"]);
    }

    #[test]
    fn a_gap_without_a_space_glyph_breaks_words() {
        let off = LayoutParams {
            word_gap: f32::INFINITY,
            ..params()
        };
        rule_matters(
            &page_of(words_at("Saint Lucia", 100.0, 700.0, 10.0)),
            off,
            &["Saint Lucia"],
            &["SaintLucia"],
        );
    }

    #[test]
    fn small_type_in_a_row_breaks_words_at_its_own_gaps() {
        // 4-point words 1 unit apart in a 10-point row: 0.25 of their em,
        // 0.1 of the row's.
        let mut g = run("Ghana", 100.0, 700.0, 10.0);
        g.extend(run("of", 130.0, 700.0, 4.0));
        g.extend(run("it", 135.0, 700.0, 4.0));
        let off = LayoutParams {
            word_gap_glyph_cap: f32::INFINITY,
            ..params()
        };
        rule_matters(&page_of(g), off, &["Ghana of it"], &["Ghana ofit"]);
    }

    #[test]
    fn a_space_kerned_to_almost_nothing_does_not_break_a_word() {
        // The "Tri" of `a_space_that_leaves_no_gap_is_kerning_not_a_word_break`.
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
        let off = LayoutParams {
            space_gap: 0.0,
            ..params()
        };
        rule_matters(&p, off, &["Tri"], &["Tr i"]);
    }

    #[test]
    fn a_space_left_whole_breaks_a_word_the_glyph_before_overhangs() {
        // LibreOffice with Amiri, "جمهورية كينيا" (12 pt): the initial kaf
        // of كينيا is kerned under the space, so it ends 0.6 short of ة.
        let g = |ch, x, width| Glyph {
            ch,
            x,
            y: 600.0,
            width,
            size: 12.0,
        };
        let p = page_of(vec![
            g('ي', 317.7, 2.9),
            g('ك', 320.6, 7.9),
            g(' ', 325.6, 3.5),
            g('ة', 329.1, 4.6),
            g('ي', 333.6, 2.3),
        ]);
        let off = LayoutParams {
            space_left_whole: f32::NEG_INFINITY,
            ..params()
        };
        rule_matters(&p, off, &["ية كي"], &["يةكي"]);
    }

    /// Three justified lines of four words whose stretched spaces (1.5 em)
    /// line up.
    fn justified_lines() -> Page {
        let mut g = Vec::new();
        for (i, y) in [700.0, 686.0, 672.0].into_iter().enumerate() {
            for (k, w) in ["Ann", "Bob", "Cal", "Dan"].into_iter().enumerate() {
                g.extend(run(&format!("{w}{i}"), 100.0 + 35.0 * k as f32, y, 10.0));
            }
        }
        page_of(g)
    }

    #[test]
    fn a_justified_line_is_not_columns() {
        let off = LayoutParams {
            justified_min_gaps: usize::MAX,
            ..params()
        };
        rule_matters(
            &justified_lines(),
            off,
            &[
                "Ann0 Bob0 Cal0 Dan0",
                "Ann1 Bob1 Cal1 Dan1",
                "Ann2 Bob2 Cal2 Dan2",
            ],
            &[
                "Ann0", "Ann1", "Ann2", "Bob0", "Bob1", "Bob2", "Cal0", "Cal1", "Cal2", "Dan0",
                "Dan1", "Dan2",
            ],
        );
    }

    #[test]
    fn columns_of_one_word_cells_have_gaps_unlike() {
        // Four columns at fixed starts: the gaps after names of different
        // lengths differ, so no row is taken for a justified line.
        let mut g = Vec::new();
        let rows = [
            ["Chad", "Niger", "Mali", "Peru"],
            ["Cuba", "Yemen", "Togo", "Iran"],
            ["Fiji", "Nepal", "Laos", "Chile"],
        ];
        for (i, names) in rows.into_iter().enumerate() {
            for (k, name) in names.into_iter().enumerate() {
                g.extend(run(
                    name,
                    100.0 + 45.0 * k as f32,
                    700.0 - 14.0 * i as f32,
                    10.0,
                ));
            }
        }
        let off = LayoutParams {
            justified_gap_spread: f32::INFINITY,
            ..params()
        };
        rule_matters(
            &page_of(g),
            off,
            &[
                "Chad", "Cuba", "Fiji", "Niger", "Yemen", "Nepal", "Mali", "Togo", "Laos", "Peru",
                "Iran", "Chile",
            ],
            &[
                "Chad Niger Mali Peru",
                "Cuba Yemen Togo Iran",
                "Fiji Nepal Laos Chile",
            ],
        );
    }

    /// "Francia" with a raised 6-point "a" right after it.
    fn francia_with_marker() -> Page {
        let mut p = page(&[("Francia", 100.0, 700.0)]);
        p.glyphs.push(Glyph {
            ch: 'a',
            x: 135.0,
            y: 703.5,
            width: 3.0,
            size: 6.0,
        });
        p
    }

    #[test]
    fn only_a_small_raised_glyph_is_a_marker() {
        let off = LayoutParams {
            raised_max_size: 0.0,
            ..params()
        };
        rule_matters(&francia_with_marker(), off, &["Francia a"], &["Franciaa"]);
    }

    #[test]
    fn only_a_raised_small_glyph_is_a_marker() {
        let off = LayoutParams {
            raised_min_rise: f32::INFINITY,
            ..params()
        };
        rule_matters(&francia_with_marker(), off, &["Francia a"], &["Franciaa"]);
    }

    #[test]
    fn a_very_wide_gap_is_a_gutter_on_its_own() {
        let off = LayoutParams {
            gutter_alone: f32::INFINITY,
            ..params()
        };
        rule_matters(
            &two_columns(&[("Chile", "Peru")], 5.0, 14.0),
            off,
            &["Chile", "Peru"],
            &["Chile Peru"],
        );
    }

    #[test]
    fn a_gap_the_rows_around_share_is_a_gutter() {
        let rows = [
            ("Albania", "Chile"),
            ("Andorra", "Cyprus"),
            ("Austria", "Denmark"),
        ];
        let off = LayoutParams {
            gutter_min: f32::INFINITY,
            ..params()
        };
        rule_matters(
            &two_columns(&rows, 3.0, 14.0),
            off,
            &[
                "Albania", "Andorra", "Austria", "Chile", "Cyprus", "Denmark",
            ],
            &["Albania Chile", "Andorra Cyprus", "Austria Denmark"],
        );
    }

    /// Prose whose middle line has a `gap`-unit space where the lines
    /// around have a `space`-unit one.
    fn prose_with_gap(gap: f32, space: f32) -> Page {
        let mut g = Vec::new();
        for (i, w) in [space, gap, space].iter().enumerate() {
            let y = 700.0 - 14.0 * i as f32;
            g.extend(run("Saint", 100.0, y, 10.0));
            g.extend(run("Lucia", 125.0 + w, y, 10.0));
        }
        page_of(g)
    }

    #[test]
    fn a_word_space_above_and_below_does_not_make_a_gap_a_gutter() {
        // A 1 em gap under 0.55 em word spaces: half the gap, under 0.6 em.
        let off = LayoutParams {
            gutter_free_min: 0.0,
            gutter_of_word_space: 0.0,
            ..params()
        };
        rule_matters(
            &prose_with_gap(10.0, 5.5),
            off,
            &["Saint Lucia", "Saint Lucia", "Saint Lucia"],
            &["Saint Lucia", "Saint", "Lucia", "Saint Lucia"],
        );
    }

    #[test]
    fn a_gutter_is_left_at_least_half_empty_by_the_rows_around() {
        // A 1.9 em gap under 0.8 em spaces: over 0.6 em, under half the gap.
        let off = LayoutParams {
            gutter_free_share: 0.0,
            gutter_of_word_space: 0.0,
            ..params()
        };
        rule_matters(
            &prose_with_gap(19.0, 8.0),
            off,
            &["Saint Lucia", "Saint Lucia", "Saint Lucia"],
            &["Saint Lucia", "Saint", "Lucia", "Saint Lucia"],
        );
    }

    const THREE_ROWS: [(&str, &str); 3] = [
        ("Albania", "Chile"),
        ("Andorra", "Cyprus"),
        ("Austria", "Denmark"),
    ];

    #[test]
    fn a_narrow_gutter_needs_two_rows_around_to_share_it() {
        let off = LayoutParams {
            gutter_support_rows: usize::MAX,
            ..params()
        };
        rule_matters(
            &two_columns(&THREE_ROWS, 1.5, 14.0),
            off,
            &[
                "Albania", "Andorra", "Austria", "Chile", "Cyprus", "Denmark",
            ],
            &["Albania Chile", "Andorra Cyprus", "Austria Denmark"],
        );
    }

    const TWO_ROWS: [(&str, &str); 2] = [("Albania", "Chile"), ("Andorra", "Cyprus")];

    #[test]
    fn a_wide_gutter_needs_only_one_row_around_to_share_it() {
        let off = LayoutParams {
            wide_gutter: f32::INFINITY,
            ..params()
        };
        rule_matters(
            &two_columns(&TWO_ROWS, 3.0, 14.0),
            off,
            &["Albania", "Andorra", "Chile", "Cyprus"],
            &["Albania Chile", "Andorra Cyprus"],
        );
    }

    #[test]
    fn one_row_around_sharing_a_wide_gap_makes_it_a_gutter() {
        let off = LayoutParams {
            wide_gutter_support_rows: usize::MAX,
            ..params()
        };
        rule_matters(
            &two_columns(&TWO_ROWS, 3.0, 14.0),
            off,
            &["Albania", "Andorra", "Chile", "Cyprus"],
            &["Albania Chile", "Andorra Cyprus"],
        );
    }

    /// The table read column by column.
    const CONGO_SPLIT: [&str; 8] = [
        "ANGOLA",
        "CHILE",
        "DEMOCRATIC REPUBLIC OF THE CONGO",
        "FIJI",
        "11 April 2021",
        "11 April 2021",
        "11 April 2021",
        "11 April 2021",
    ];
    /// The Congo's row in one piece: the run of columns stops above it.
    const CONGO_JOINED: [&str; 7] = [
        "ANGOLA",
        "CHILE",
        "11 April 2021",
        "11 April 2021",
        "DEMOCRATIC REPUBLIC OF THE CONGO 11 April 2021",
        "FIJI",
        "11 April 2021",
    ];

    #[test]
    fn a_narrow_gap_where_a_column_starts_splits_a_row() {
        let off = LayoutParams {
            narrow_gutter_min: f32::INFINITY,
            ..params()
        };
        rule_matters(&name_date_table(300.0), off, &CONGO_SPLIT, &CONGO_JOINED);
    }

    #[test]
    fn a_column_starts_where_two_rows_around_start_a_cell() {
        let off = LayoutParams {
            column_start_rows: usize::MAX,
            ..params()
        };
        rule_matters(&name_date_table(300.0), off, &CONGO_SPLIT, &CONGO_JOINED);
    }

    #[test]
    fn a_column_start_one_unit_off_is_the_same_column() {
        let off = LayoutParams {
            column_start_tolerance: 0.0,
            ..params()
        };
        rule_matters(&name_date_table(301.0), off, &CONGO_SPLIT, &CONGO_JOINED);
    }

    #[test]
    fn gutters_are_judged_by_the_three_rows_above_and_below() {
        // A 1.5 em gap in rows 0, 4 and 5 (10 units apart, well within
        // reach), prose across it in rows 1 to 3: row 0's support is four
        // and five rows away.
        let rows = [
            ("Albania", "Chile"),
            ("Costa Rica and Cuba, Cyprus", ""),
            ("Costa Rica and Cuba, Cyprus", ""),
            ("Costa Rica and Cuba, Cyprus", ""),
            ("Andorra", "Cyprus"),
            ("Austria", "Denmark"),
        ];
        let off = LayoutParams {
            neighbour_rows: usize::MAX,
            ..params()
        };
        rule_matters(
            &two_columns(&rows, 1.5, 10.0),
            off,
            &[
                "Albania Chile",
                "Costa Rica and Cuba, Cyprus",
                "Costa Rica and Cuba, Cyprus",
                "Costa Rica and Cuba, Cyprus",
                "Andorra Cyprus",
                "Austria Denmark",
            ],
            &[
                "Albania",
                "Chile",
                "Costa Rica and Cuba, Cyprus",
                "Costa Rica and Cuba, Cyprus",
                "Costa Rica and Cuba, Cyprus",
                "Andorra",
                "Austria",
                "Cyprus",
                "Denmark",
            ],
        );
    }

    #[test]
    fn gutters_are_judged_by_the_rows_close_by() {
        // The same 1.5 em gap in three rows 6 em apart.
        let off = LayoutParams {
            neighbour_reach: f32::INFINITY,
            ..params()
        };
        rule_matters(
            &two_columns(&THREE_ROWS, 1.5, 60.0),
            off,
            &["Albania Chile", "Andorra Cyprus", "Austria Denmark"],
            &[
                "Albania", "Chile", "Andorra", "Cyprus", "Austria", "Denmark",
            ],
        );
    }

    #[test]
    fn a_blank_band_ends_a_run_of_columns() {
        // Two two-column blocks 86 units (8.6 em) apart.
        let mut g = two_columns(&TWO_ROWS, 16.0, 14.0).glyphs;
        let below = two_columns(&[("Belgium", "Denmark"), ("Bhutan", "Egypt")], 16.0, 14.0);
        g.extend(below.glyphs.into_iter().map(|mut glyph| {
            glyph.y -= 100.0;
            glyph
        }));
        let off = LayoutParams {
            column_run_break: f32::INFINITY,
            ..params()
        };
        rule_matters(
            &page_of(g),
            off,
            &[
                "Albania", "Andorra", "Chile", "Cyprus", "Belgium", "Bhutan", "Denmark", "Egypt",
            ],
            &[
                "Albania", "Andorra", "Belgium", "Bhutan", "Chile", "Cyprus", "Denmark", "Egypt",
            ],
        );
    }

    /// Typed lines: each character on a fixed grid of 0.6 em (size 10),
    /// spaces as gaps, as a typewriter sets them.
    fn typed(lines: &[&str]) -> Page {
        let mut g = Vec::new();
        for (r, line) in lines.iter().enumerate() {
            for (i, ch) in line.chars().enumerate().filter(|(_, c)| *c != ' ') {
                g.push(Glyph {
                    ch,
                    x: 100.0 + 6.0 * i as f32,
                    y: 700.0 - 14.0 * r as f32,
                    width: 6.0,
                    size: 10.0,
                });
            }
        }
        page_of(g)
    }

    #[test]
    fn doubled_typewriter_spaces_in_line_are_not_a_gutter() {
        // A justified typed list whose doubled spaces (1.2 em) fall in the
        // same place on three lines.
        let lines = [
            "Albania, Andorra,  Austria, Chile",
            "Belgium, Bolivia,  Brazil, Cyprus",
            "Denmark, Ecuador,  Egypt, Fiji",
        ];
        let off = LayoutParams {
            gutter_of_word_space: 0.0,
            ..params()
        };
        rule_matters(
            &typed(&lines),
            off,
            &[
                "Albania, Andorra, Austria, Chile",
                "Belgium, Bolivia, Brazil, Cyprus",
                "Denmark, Ecuador, Egypt, Fiji",
            ],
            &[
                "Albania, Andorra,",
                "Belgium, Bolivia,",
                "Denmark, Ecuador,",
                "Austria, Chile",
                "Brazil, Cyprus",
                "Egypt, Fiji",
            ],
        );
    }

    /// A three-column list (x = 100, 200, 300) under a heading whose last
    /// words happen to start 0.7 em after the others, where the third
    /// column starts.
    fn list_under_a_split_heading() -> Page {
        let mut g = run("Declaration on the abolition of the", 118.0, 720.0, 10.0);
        g.extend(run("death penalty", 300.0, 720.0, 10.0));
        let rows = [
            ["Albania", "Belgium", "Chile"],
            ["Andorra", "Benin", "China"],
            ["Angola", "Bhutan", "Cuba"],
        ];
        for (i, row) in rows.iter().enumerate() {
            for (k, name) in row.iter().enumerate() {
                g.extend(run(
                    name,
                    100.0 * (k + 1) as f32,
                    700.0 - 14.0 * i as f32,
                    10.0,
                ));
            }
        }
        page_of(g)
    }

    #[test]
    fn a_heading_split_over_a_table_does_not_set_its_columns() {
        let off = LayoutParams {
            column_seed_rows: usize::MAX,
            ..params()
        };
        rule_matters(
            &list_under_a_split_heading(),
            off,
            &[
                "Declaration on the abolition of the",
                "death penalty",
                "Albania",
                "Andorra",
                "Angola",
                "Belgium",
                "Benin",
                "Bhutan",
                "Chile",
                "China",
                "Cuba",
            ],
            &[
                "Declaration on the abolition of the",
                "Albania",
                "Belgium",
                "Andorra",
                "Benin",
                "Angola",
                "Bhutan",
                "death penalty",
                "Chile",
                "China",
                "Cuba",
            ],
        );
    }

    #[test]
    fn a_bar_between_two_words_is_a_cell_border() {
        let mut g = words_at("Micronesia (Federated States", 100.0, 700.0, 10.0);
        g.extend(run("|", 245.0, 700.0, 10.0));
        g.extend(run("Senegal", 252.0, 700.0, 10.0));
        g.extend(run("|", 300.0, 680.0, 10.0));
        let off = LayoutParams {
            bar_splits_cells: false,
            ..params()
        };
        rule_matters(
            &page_of(g),
            off,
            &["Micronesia (Federated States", "Senegal", "|"],
            &["Micronesia (Federated States | Senegal", "|"],
        );
    }

    #[test]
    fn the_rules_of_a_scanned_table_read_as_marks_are_no_column() {
        // Names and dates; OCR read the table's vertical rule as "|" beside
        // two short names, where the longest name reaches.
        let mut g = Vec::new();
        let rows = [
            ("Central African Republic", false),
            ("Chad", true),
            ("Cyprus", true),
        ];
        for (i, (name, rule)) in rows.iter().enumerate() {
            let y = 700.0 - 20.0 * i as f32;
            g.extend(words_at(name, 100.0, y, 10.0));
            if *rule {
                g.extend(run("|", 200.0, y, 10.0));
            }
            g.extend(words_at("11 May 2009", 300.0, y, 10.0));
        }
        let lines = texts(&page_of(g));
        let names: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| *l != "|" && !l.starts_with("11"))
            .collect();
        assert_eq!(names, ["Central African Republic", "Chad", "Cyprus"]);
        assert_eq!(lines.last().map(String::as_str), Some("11 May 2009"));
        assert_eq!(lines.iter().filter(|l| l.starts_with("11")).count(), 3);
        let first_date = lines.iter().position(|l| l.starts_with("11"));
        assert_eq!(
            first_date,
            Some(lines.len() - 3),
            "dates after names: {lines:?}"
        );
    }

    /// A two-column signature table: each cell "For the Government of",
    /// a name (the Dominican Republic's wrapped), and a rule, the rows 66
    /// units apart.
    fn signature_table() -> Page {
        let cells = [
            ["Antigua and Barbuda", "Barbados"],
            ["the Commonwealth of", "the Dominican Republic"],
            ["Grenada", "Saint Lucia"],
        ];
        let mut g = Vec::new();
        for (k, row) in cells.iter().enumerate() {
            let y = 700.0 - 66.0 * k as f32;
            for (col, name) in row.iter().enumerate() {
                let x = 100.0 + 200.0 * col as f32;
                g.extend(words_at("For the Government of", x, y, 10.0));
                g.extend(words_at(name, x, y - 13.0, 10.0));
                let rule_y = if k == 1 && col == 0 {
                    g.extend(words_at("Dominica", x, y - 26.0, 10.0));
                    y - 52.0
                } else {
                    y - 40.0
                };
                g.extend(run("__________", x, rule_y, 10.0));
            }
        }
        page_of(g)
    }

    #[test]
    fn a_signature_table_reads_row_by_row() {
        let off = LayoutParams {
            table_opener_columns: usize::MAX,
            ..params()
        };
        let names = |lines: Vec<String>| -> Vec<String> {
            lines
                .into_iter()
                .filter(|l| !l.starts_with("For") && !l.starts_with('_'))
                .collect()
        };
        let p = signature_table();
        assert_eq!(
            names(texts(&p)),
            [
                "Antigua and Barbuda",
                "Barbados",
                "the Commonwealth of",
                "Dominica",
                "the Dominican Republic",
                "Grenada",
                "Saint Lucia",
            ]
        );
        assert_eq!(
            names(texts_with(&p, &off)),
            [
                "Antigua and Barbuda",
                "the Commonwealth of",
                "Dominica",
                "Grenada",
                "Barbados",
                "the Dominican Republic",
                "Saint Lucia",
            ]
        );
    }

    #[test]
    fn a_list_flowing_down_columns_has_no_openers() {
        let p = two_columns(&THREE_ROWS, 16.0, 14.0);
        let off = LayoutParams {
            table_opener_columns: usize::MAX,
            ..params()
        };
        assert_eq!(texts(&p), texts_with(&p, &off));
        assert_eq!(
            texts(&p),
            ["Albania", "Andorra", "Austria", "Chile", "Cyprus", "Denmark"]
        );
    }

    #[test]
    fn a_running_header_is_looked_for_at_the_top_of_the_page() {
        let pages = document(&["Albania", "Zambia"], &[1, 2]);
        assert_eq!(
            joined(&pages, &params()),
            (
                vec!["Albania".into(), "Zambia".into()],
                vec!["Joint Statement".into()]
            )
        );
        let off = LayoutParams {
            running_head_zone: 0.0,
            ..params()
        };
        assert_eq!(
            joined(&pages, &off).0,
            ["Joint Statement", "Albania", "Joint Statement", "Zambia"]
        );
    }

    #[test]
    fn page_numbers_are_looked_for_at_the_foot_of_the_page() {
        let pages = document(&["Albania", "Zambia"], &[]);
        assert_eq!(joined(&pages, &params()).0, ["Albania", "Zambia"]);
        let off = LayoutParams {
            running_foot_zone: 0.0,
            ..params()
        };
        assert_eq!(joined(&pages, &off).0, ["Albania", "1", "Zambia", "2"]);
    }

    #[test]
    fn a_single_page_has_no_running_header() {
        let pages = document(&["Albania"], &[1]);
        assert_eq!(
            joined(&pages, &params()),
            (vec!["Joint Statement".into(), "Albania".into()], vec![])
        );
        let off = LayoutParams {
            running_min_pages: 0,
            ..params()
        };
        assert_eq!(joined(&pages, &off).0, ["Albania"]);
    }

    #[test]
    fn a_header_on_two_pages_of_five_is_not_running() {
        let pages = document(&["Albania", "Chile", "Fiji", "Peru", "Zambia"], &[1, 2]);
        assert_eq!(
            joined(&pages, &params()).0,
            [
                "Joint Statement",
                "Albania",
                "Joint Statement",
                "Chile",
                "Fiji",
                "Peru",
                "Zambia"
            ]
        );
        let off = LayoutParams {
            running_min_share: 0.0,
            ..params()
        };
        assert_eq!(
            joined(&pages, &off).0,
            ["Albania", "Chile", "Fiji", "Peru", "Zambia"]
        );
    }
    #[test]
    fn arabic_lines_are_read_from_the_right_with_digits_and_latin_as_painted() {
        // As painted, left to right: words and letters of Arabic reversed.
        let painted = "٢٠٢٤ هينوي/ناريزح ١٤ ,كرويوين";
        assert_eq!(reading_order(painted), "نيويورك, ١٤ حزيران/يونيه ٢٠٢٤");
        assert_eq!(
            reading_order("ةيروسلا ةيبرعلا ةيروهمجلاو A/78/L.1 New York"),
            "A/78/L.1 New York والجمهورية العربية السورية"
        );
        // A bracket painted to the left of Arabic closes it.
        assert_eq!(reading_order("(ةيمالسإلا) ناريإ"), "إيران (الإسلامية)");
        // ... unless the producer gave the logical bracket for it already.
        assert_eq!(reading_order(")ةيمالسإلا( ناريإ"), "إيران (الإسلامية)");
        // Left-to-right text is untouched.
        assert_eq!(reading_order("France, Chile"), "France, Chile");
        assert_eq!(reading_order("Россия, 中国"), "Россия, 中国");
    }

    #[test]
    fn a_ligature_with_its_second_letter_painted_without_width_keeps_its_order() {
        // LibreOffice's "بالاو", painted left to right: و, then the alef of
        // the lam-alef ligature as a glyph of no width at its left end, the
        // ligature's glyph (lam) kerned a little further left, ا, ب.
        let g = |ch, x, width| Glyph {
            ch,
            x,
            y: 700.0,
            width,
            size: 10.0,
        };
        let p = page_of(vec![
            g('و', 100.0, 4.7),
            g('ا', 104.7, 0.0),
            g('ل', 104.6, 5.2),
            g('ا', 109.8, 2.5),
            g('ب', 112.3, 2.8),
        ]);
        assert_eq!(texts(&p), ["بالاو"]);
        // Chromium paints it the same way, unkerned: the alef of no width
        // where the glyph before it ends (rounded a hair short).
        let p = page_of(vec![
            g('ب', 93.42, 6.58),
            g('ا', 99.99, 0.0),
            g('ل', 99.99, 5.2),
        ]);
        assert_eq!(texts(&p), ["لاب"]);
    }

    #[test]
    fn columns_of_arabic_are_read_from_the_right() {
        // Painted left to right: "ادنك" is كندا reversed, "ليش" شيلي's
        // letters reversed, and so on.
        let rows = [("ادنك", "اسنرف"), ("نيصلا", "رصم"), ("ليش", "نابايلا")];
        assert_eq!(
            texts(&two_columns(&rows, 16.0, 14.0)),
            ["فرنسا", "مصر", "اليابان", "كندا", "الصين", "شيل"]
        );
    }
}
