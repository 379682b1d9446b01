//! PNG maps: the SVG of [`super::map::svg`] drawn by resvg (pure Rust), at
//! [`PIXELS_PER_UNIT`] pixels a map unit. Text (title, legend) is set in the
//! system's fonts, so a machine without fonts gets a map without words; the
//! shapes do not depend on them.

/// The SVG says its size in CSS pixels, half its map units (1000 px wide);
/// a PNG twice that (2000 px wide) keeps small States' dots and borders
/// sharp when zoomed or printed.
pub const PIXELS_PER_UNIT: f32 = 2.0;

/// The PNG bytes of an SVG document, or why it could not be drawn.
pub fn render(svg: &str) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    opt.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| format!("SVG not drawable: {e}"))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * PIXELS_PER_UNIT).ceil() as u32,
        (size.height() * PIXELS_PER_UNIT).ceil() as u32,
    );
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("cannot make a {w}x{h} image"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(PIXELS_PER_UNIT, PIXELS_PER_UNIT),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| format!("PNG: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picture::map::{svg, Colouring};
    use crate::record::{Record, Source, Status};

    #[test]
    fn a_map_becomes_a_png_of_twice_its_size_with_its_colours() {
        let r = Record::empty(Source::default(), Status::NoSignatories);
        let un = crate::gazetteer::groups::by_id("un").unwrap();
        let s = svg(&Colouring::signed(&r, un, "2024-01-01".parse().unwrap()));
        let png = render(&s).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // Width and height from the IHDR chunk.
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(w, 2000);
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        // Somewhere in Russia: a member that did not sign, orange.
        let at = |x: u32, y: u32| pixmap.pixel(x, y).unwrap();
        let p = at(1500, 110 + 120);
        assert_eq!((p.red(), p.green(), p.blue()), (0xe6, 0x9f, 0x00));
    }
}
