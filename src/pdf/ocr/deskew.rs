//! Turning a scanned page level before tesseract reads it.
//!
//! Paper goes through a scanner or a photocopier up to 3-4° off. Tesseract's
//! page layout analysis expects nearly level lines: on a page skewed by 2-3°
//! the lines of a dense, justified paragraph overlap, and it drops whole
//! paragraphs (a list of 105 States, gone) or reads a ruled table as noise.
//! So the page's skew is measured from the image itself and the image is
//! turned back before recognition.
//!
//! The skew is the angle at which the rows of ink line up best: for each
//! candidate angle, the dark pixels are projected along it onto the vertical
//! axis, and the angle whose profile is most peaked (largest sum of squared
//! row counts) wins. Text lines are the strongest horizontal structure on a
//! page, so they decide it, not a stamp or a signature.

use image::codecs::pnm::{PnmEncoder, PnmSubtype, SampleEncoding};
use image::{GrayImage, ImageEncoder, ImageFormat};

/// The largest skew searched, in degrees. Fed paper is at most 3-4° off;
/// a page turned further was turned on purpose, or by 90° (which is
/// tesseract's orientation detection's job, not this).
pub const MAX_SKEW_DEG: f32 = 5.0;

/// Step of the search, in degrees. At [`ANALYSIS_DPI`] a 0.1° step moves
/// the far end of an A4 line by one pixel, the finest difference the
/// profile can see; tesseract copes with what is left.
const STEP_DEG: f32 = 0.1;

/// Skews smaller than this are left alone: 0.2° lifts the end of a full
/// A4 line by 9 pixels at 300 dpi, a quarter of a line of 10-point text,
/// which tesseract reads and the layout levels from the word boxes; turning
/// the image would only blur it.
pub const MIN_SKEW_DEG: f32 = 0.2;

/// Resolution at which the skew is measured. At 75 dpi a line of 10-point
/// text is still about 10 pixels high, so lines stay apart, and a page is
/// 16 times fewer pixels to project for each of the 101 angles.
const ANALYSIS_DPI: u32 = 75;

/// A page with less ink than this at [`ANALYSIS_DPI`] (a few words) has
/// too few lines to measure a skew from; it is read as it is.
const MIN_INK_PIXELS: usize = 200;

/// The page image (a PNM, as `pdftoppm` writes it) turned level, as a PNM.
/// `None` when it is level already ([`MIN_SKEW_DEG`]) or cannot be decoded:
/// the caller reads it as it is.
#[cfg(test)]
pub fn level(pnm: &[u8], dpi: u32) -> Option<Vec<u8>> {
    encode(&level_image(&decode(pnm)?, dpi)?)
}

/// A PNM (as `pdftoppm` writes it) as a greymap; `None` when it is not one.
pub fn decode(pnm: &[u8]) -> Option<GrayImage> {
    Some(
        image::load_from_memory_with_format(pnm, ImageFormat::Pnm)
            .ok()?
            .into_luma8(),
    )
}

/// A greymap as a binary PGM, what tesseract reads from its standard input.
pub fn encode(image: &GrayImage) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(image.as_raw().len() + 32);
    PnmEncoder::new(&mut out)
        .with_subtype(PnmSubtype::Graymap(SampleEncoding::Binary))
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::L8,
        )
        .ok()?;
    Some(out)
}

/// The page image turned level; `None` when it is level already
/// ([`MIN_SKEW_DEG`]).
pub fn level_image(image: &GrayImage, dpi: u32) -> Option<GrayImage> {
    let degrees = measure(image, dpi);
    if degrees.abs() < MIN_SKEW_DEG {
        return None;
    }
    Some(rotate(image, degrees))
}

/// The skew of a page image scanned at `dpi`, in degrees (positive: lines
/// run down to the right); 0 when there is too little ink to tell.
pub fn measure(image: &GrayImage, dpi: u32) -> f32 {
    let small = shrink(image, (dpi / ANALYSIS_DPI).max(1));
    let threshold = otsu(&small);
    let (cx, cy) = (small.width() as f32 / 2.0, small.height() as f32 / 2.0);
    let ink: Vec<(f32, f32)> = small
        .enumerate_pixels()
        .filter(|(_, _, p)| p.0[0] < threshold)
        .map(|(x, y, _)| (x as f32 - cx, y as f32 - cy))
        .collect();
    if ink.len() < MIN_INK_PIXELS {
        return 0.0;
    }
    // Rows of the sheared profile, with room for the largest shear.
    let reach = (cx * MAX_SKEW_DEG.to_radians().tan()).ceil() as i64 + 1;
    let rows = small.height() as i64 + 2 * reach;
    let mut profile = vec![0u32; rows as usize];
    let steps = (MAX_SKEW_DEG / STEP_DEG).round() as i32;
    let mut best = (0u64, 0.0f32);
    for i in -steps..=steps {
        let degrees = i as f32 * STEP_DEG;
        let slope = degrees.to_radians().tan();
        profile.iter_mut().for_each(|r| *r = 0);
        for &(x, y) in &ink {
            let row = (y - x * slope + cy).round() as i64 + reach;
            if let Some(r) = profile.get_mut(row as usize) {
                *r += 1;
            }
        }
        let score: u64 = profile.iter().map(|&r| u64::from(r) * u64::from(r)).sum();
        // Ties go to the smaller angle: a page with no lines is level.
        if score > best.0 || (score == best.0 && degrees.abs() < best.1.abs()) {
            best = (score, degrees);
        }
    }
    best.1
}

/// The image with each `factor` × `factor` block averaged into one pixel.
pub(super) fn shrink(image: &GrayImage, factor: u32) -> GrayImage {
    let (w, h) = (image.width() / factor, image.height() / factor);
    GrayImage::from_fn(w.max(1), h.max(1), |x, y| {
        let mut sum = 0u32;
        for dy in 0..factor {
            for dx in 0..factor {
                let (sx, sy) = (x * factor + dx, y * factor + dy);
                sum += image.get_pixel_checked(sx, sy).map_or(255, |p| p.0[0]) as u32;
            }
        }
        image::Luma([(sum / (factor * factor)) as u8])
    })
}

/// Otsu's threshold: the grey level that best splits the image into ink
/// and paper (largest variance between the two classes). Scans differ in
/// lighting and fading, so no fixed level fits them all.
pub(super) fn otsu(image: &GrayImage) -> u8 {
    let mut histogram = [0u64; 256];
    for p in image.pixels() {
        histogram[p.0[0] as usize] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(g, &n)| g as f64 * n as f64)
        .sum();
    let (mut below, mut sum_below) = (0u64, 0.0f64);
    let mut best = (0.0f64, 128u8);
    for (g, &n) in histogram.iter().enumerate() {
        below += n;
        sum_below += g as f64 * n as f64;
        let above = total - below;
        if below == 0 || above == 0 {
            continue;
        }
        let m0 = sum_below / below as f64;
        let m1 = (sum_all - sum_below) / above as f64;
        let between = below as f64 * above as f64 * (m0 - m1) * (m0 - m1);
        if between > best.0 {
            // Pixels darker than the level above class 0 are ink.
            best = (between, (g + 1).min(255) as u8);
        }
    }
    best.1
}

/// The image turned by `degrees` about its centre so that lines running
/// down to the right at that angle become level; bilinear, paper-white
/// outside the original.
fn rotate(image: &GrayImage, degrees: f32) -> GrayImage {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (w, h) = (image.width(), image.height());
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let raw = image.as_raw();
    let at = |x: i64, y: i64| -> f32 {
        if x < 0 || y < 0 || x >= w as i64 || y >= h as i64 {
            255.0
        } else {
            raw[y as usize * w as usize + x as usize] as f32
        }
    };
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        // The source of a level output point lies on the skewed line.
        let sx = cx + cos * dx - sin * dy;
        let sy = cy + sin * dx + cos * dy;
        let (x0, y0) = (sx.floor(), sy.floor());
        let (fx, fy) = (sx - x0, sy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
        let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
        image::Luma([(top * (1.0 - fy) + bottom * fy).round() as u8])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white 300-dpi page with dark "text lines" (bars of 8 short words)
    /// running down to the right at `degrees`.
    fn lined_page(degrees: f32) -> GrayImage {
        let (w, h) = (1200u32, 1600u32);
        let slope = degrees.to_radians().tan();
        GrayImage::from_fn(w, h, |x, y| {
            let lifted = y as f32 - (x as f32 - w as f32 / 2.0) * slope;
            let in_line = (lifted as i64).rem_euclid(60) < 24 && lifted > 100.0;
            let in_word = (x as i64 - 100).rem_euclid(125) < 100 && x > 100 && x < 1100;
            image::Luma([if in_line && in_word { 20 } else { 240 }])
        })
    }

    #[test]
    fn the_skew_of_lined_page_is_found_to_a_step() {
        for degrees in [-3.0f32, -1.2, 0.0, 0.7, 2.5] {
            let got = measure(&lined_page(degrees), 300);
            assert!(
                (got - degrees).abs() <= STEP_DEG + 0.01,
                "{degrees}° measured as {got}°"
            );
        }
    }

    #[test]
    fn a_turned_page_measures_level() {
        let turned = rotate(&lined_page(2.5), 2.5);
        assert!(measure(&turned, 300).abs() < MIN_SKEW_DEG);
    }

    /// An image as `pdftoppm` writes a grey page.
    fn pnm_of(image: &GrayImage) -> Vec<u8> {
        let mut pnm = Vec::new();
        PnmEncoder::new(&mut pnm)
            .with_subtype(PnmSubtype::Graymap(SampleEncoding::Binary))
            .write_image(
                image.as_raw(),
                image.width(),
                image.height(),
                image::ExtendedColorType::L8,
            )
            .unwrap();
        pnm
    }

    #[test]
    fn a_blank_page_is_level_and_left_as_it_is() {
        let blank = GrayImage::from_pixel(600, 800, image::Luma([250]));
        assert_eq!(measure(&blank, 300), 0.0);
        assert_eq!(level(&pnm_of(&blank), 300), None, "read as it is");
    }

    #[test]
    fn a_skewed_page_comes_back_level() {
        let turned = level(&pnm_of(&lined_page(2.5)), 300).expect("turned");
        let image = image::load_from_memory_with_format(&turned, ImageFormat::Pnm)
            .unwrap()
            .into_luma8();
        assert!(measure(&image, 300).abs() < MIN_SKEW_DEG);
    }

    #[test]
    fn what_is_not_an_image_is_read_unturned() {
        assert!(level(b"%PDF-1.7", 300).is_none());
    }
}
