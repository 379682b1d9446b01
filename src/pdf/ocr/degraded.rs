//! Pages that tesseract read badly, read a second time.
//!
//! A page is rasterised at [`super::DPI`] whatever its scan's resolution:
//! a 150- or 200-dpi scan is then scaled up by `pdftoppm`, and a bilevel
//! one (CCITT, JBIG2) comes out as blocks of two or more pixels with
//! stair-stepped edges. On a clean scan tesseract does not mind; on a
//! degraded one (thin broken strokes, worn typewriter letters, noise) it
//! reads words the scaling made worse, and on generated scans the same
//! page read at the scan's own resolution gave more of its States: 24 of
//! 77 instead of 3 on a 150-dpi CCITT page of broken strokes, 82 of 94
//! instead of 58 on a worn 200-dpi one, 2-5 more on 150-200-dpi pages of
//! noise and wear; and in less time than the first reading (fewer pixels).
//!
//! It also lost a whole list once (tesseract's block finder dropped it,
//! with a higher mean confidence over the words it kept), so neither
//! reading is taken on faith: the one with clearly more evidence of text
//! ([`better`]) is kept. Clean pages ([`is_degraded`]) and pages scanned
//! at [`super::DPI`] or more are read once, as before.
//!
//! Also tried on those pages and measured worse or no better, so not
//! kept: growing or thinning the ink (3×3 minimum or maximum filter, at
//! 300 dpi or at the scan's resolution), closing gaps in strokes (opening
//! the paper), removing specks (closing the paper), a median filter, and
//! scaling the scan's own pixels up with interpolation (triangle,
//! Catmull-Rom) instead of letting `pdftoppm` do it.

use super::{is_of_names, run, OcrPage, OcrSettings, SURE_WORD_CONFIDENCE};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A page whose words tesseract read with a mean confidence (weighted by
/// length, [`OcrPage::confidence`]) below this is degraded and read again.
/// On generated scans, pages at 92-96 were read right; nearly every page
/// that lost a State was below 90 (broken strokes 38, worn typewriter
/// 70-80, noise and blur 80-89), as were some that lost none.
pub const DEGRADED_PAGE_CONFIDENCE: f32 = 90.0;

/// Scans of a lower resolution than this are not read at it: a 10-point
/// x-height is under 8 pixels at 120 dpi, too few for tesseract, and the
/// page scaled up to [`super::DPI`] reads better: a 120-dpi OCR'd scan
/// lost 3 more States read at its own resolution, while 150-dpi pages
/// gained the most.
pub const MIN_NATIVE_DPI: u32 = 150;

/// Whether the page was read badly enough to be read again
/// ([`DEGRADED_PAGE_CONFIDENCE`]). A page without words is not: nothing
/// on it looked like text to tesseract, and a second reading costs time
/// on blank pages and pictures.
pub fn is_degraded(page: &OcrPage) -> bool {
    !page.words.is_empty() && page.confidence() < DEGRADED_PAGE_CONFIDENCE
}

/// How much text a reading holds that is surely text: the letters of its
/// words read at [`SURE_WORD_CONFIDENCE`] or more, or that are words of a
/// State's name (the gazetteer's), whatever their confidence. A reading
/// of noise has few of either; one that lost a block of the page has
/// fewer than one that kept it, however sure it was of the rest.
fn evidence(page: &OcrPage) -> usize {
    page.words
        .iter()
        .filter(|w| w.confidence >= SURE_WORD_CONFIDENCE || is_of_names(&w.text))
        .map(|w| w.text.chars().filter(|c| c.is_alphabetic()).count())
        .sum()
}

/// The resolution at which page `number` of `pdf` was scanned, when it is
/// read at another ([`MIN_NATIVE_DPI`] up to [`super::DPI`]): that of its
/// largest image, as `pdfimages -list` (poppler-utils, like `pdftoppm`)
/// gives it. `None` when the page has no image, when the tool fails or
/// runs past `deadline`, or when the resolution is out of that range.
pub fn native_dpi(pdf: &Path, number: u32, s: &OcrSettings, deadline: Instant) -> Option<u32> {
    let n = number.to_string();
    let mut cmd = Command::new("pdfimages");
    cmd.args(["-list", "-f", &n, "-l", &n]).arg(pdf);
    let listing = run(&mut cmd, &[], deadline, "pdfimages", number, s).ok()?;
    scan_dpi(&String::from_utf8_lossy(&listing)).filter(|&d| worth_reading_at(d))
}

/// Whether a page scanned at `dpi` is worth reading again at it: not below
/// [`MIN_NATIVE_DPI`], and not at or above [`super::DPI`], at which it was
/// read already (or scaled down, which loses nothing of it).
fn worth_reading_at(dpi: u32) -> bool {
    (MIN_NATIVE_DPI..super::DPI).contains(&dpi)
}

/// The second reading replaces the first only when it has this many times
/// its [`evidence`]: the first is at [`super::DPI`], what the rest of the
/// OCR stage was measured at, and two readings of a page differ by a few
/// per cent by chance. On generated scans, second readings 1.1 % and
/// 1.4 % ahead lost 3 States and swapped one; those 5-17 % ahead gained
/// 1-24.
const SECOND_READING_GAIN: f32 = 1.03;

/// Of two readings of a page, the second when it has more [`evidence`] of
/// text by [`SECOND_READING_GAIN`], else the first.
pub fn better(first: OcrPage, second: OcrPage) -> OcrPage {
    if evidence(&second) as f32 > SECOND_READING_GAIN * evidence(&first) as f32 {
        second
    } else {
        first
    }
}

/// The resolution of the largest image (by pixels) in a `pdfimages -list`
/// listing: the lower of its horizontal and vertical pixels per inch.
/// Masks and stencils are not scans and are passed over.
fn scan_dpi(listing: &str) -> Option<u32> {
    listing
        .lines()
        .skip(2)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            if f.len() < 14 || f[2] != "image" {
                return None;
            }
            let pixels = f[3].parse::<u64>().ok()? * f[4].parse::<u64>().ok()?;
            let dpi = f[12].parse::<u32>().ok()?.min(f[13].parse().ok()?);
            Some((pixels, dpi))
        })
        .max_by_key(|&(pixels, _)| pixels)
        .map(|(_, dpi)| dpi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::ocr::Word;

    fn word(text: &str, confidence: f32) -> Word {
        Word {
            text: text.into(),
            confidence,
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
        }
    }

    fn page(words: Vec<Word>) -> OcrPage {
        OcrPage {
            words,
            ..OcrPage::default()
        }
    }

    #[test]
    fn a_page_read_with_little_confidence_is_degraded_and_an_empty_one_not() {
        let sure = page(vec![word("Austria,", 95.0), word("Belgium", 93.0)]);
        assert!(!is_degraded(&sure));
        let poor = page(vec![word("Austria,", 95.0), word("Bclgimn", 60.0)]);
        assert!(is_degraded(&poor), "{}", poor.confidence());
        assert!(!is_degraded(&page(Vec::new())), "a blank page is read once");
    }

    #[test]
    fn evidence_counts_sure_words_and_names_not_noise() {
        // A State's name read unsurely still counts; noise read unsurely
        // does not, however long.
        let names = page(vec![word("Eritrea", 40.0), word("Belgium,", 85.0)]);
        assert_eq!(evidence(&names), 14);
        let noise = page(vec![word("Brtrcaxxlmn", 40.0), word("ul", 30.0)]);
        assert_eq!(evidence(&noise), 0);
        // A reading that dropped a block is less evidence, however sure.
        let lost = page(vec![word("Belgium", 97.0)]);
        assert!(evidence(&lost) < evidence(&names));
    }

    /// `pdfimages -list` of a page with a 150-dpi scan, a mask and a small
    /// logo.
    const LISTING: &str = "page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
   1     0 image     120    80  rgb     3   8  jpeg   no         9  0   600   600 4530B 0.5%
   1     1 image    1240  1754  gray    1   1  ccitt  no         7  0   150   151 28.6K  11%
   1     2 smask   2480  3508  gray    1   8  image  no         7  0   300   300 28.6K  11%
";

    #[test]
    fn a_page_is_read_again_only_between_the_lowest_resolution_and_ours() {
        assert!(worth_reading_at(150));
        assert!(worth_reading_at(MIN_NATIVE_DPI));
        assert!(!worth_reading_at(120), "too coarse to read at");
        assert!(!worth_reading_at(super::super::DPI), "read so already");
        assert!(!worth_reading_at(600));
    }

    #[test]
    fn the_reading_with_clearly_more_evidence_is_kept_and_else_the_first() {
        let first = page(vec![word("Belgium", 97.0), word("Chad", 91.0)]);
        let lost = page(vec![word("Belgium", 98.0)]);
        let more = page(vec![
            word("Belgium", 90.0),
            word("Chad", 85.0),
            word("Mali", 30.0),
        ]);
        assert_eq!(better(first.clone(), lost).words.len(), 2, "a block lost");
        assert_eq!(better(first.clone(), more).words.len(), 3, "a name gained");
        let same = page(vec![word("Belgium", 81.0), word("Chad", 99.0)]);
        assert_eq!(better(first, same).words[0].confidence, 97.0, "a tie");
        // 2 % more is within chance: the first stays; 4 % more is not.
        let long = |n: usize| page((0..n).map(|_| word("Belgium", 95.0)).collect());
        assert_eq!(better(long(50), long(51)).words.len(), 50);
        assert_eq!(better(long(50), long(52)).words.len(), 52);
    }

    #[test]
    fn the_scan_is_the_largest_image_and_its_lower_resolution() {
        assert_eq!(scan_dpi(LISTING), Some(150));
        assert_eq!(
            scan_dpi(&LISTING[..LISTING.find("   1     1").unwrap()]),
            Some(600)
        );
        assert_eq!(scan_dpi("page num type\n---\n"), None, "no image");
    }
}
