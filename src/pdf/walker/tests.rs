//! End-to-end tests of the walker on small PDFs built in code with lopdf: text
//! positioning, each font and encoding path, forms, rotation and limits.

use super::*;
use crate::pdf::Glyph;
use lopdf::{dictionary, Stream};

/// A PDF under construction: objects, then pages, then bytes.
pub(super) struct TestPdf {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl TestPdf {
    pub(super) fn new() -> Self {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        TestPdf {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    pub(super) fn add(&mut self, object: impl Into<Object>) -> ObjectId {
        self.doc.add_object(object)
    }

    fn stream(&mut self, content: &[u8]) -> ObjectId {
        self.add(Stream::new(dictionary! {}, content.to_vec()))
    }

    fn page_with(&mut self, content: &[u8], resources: Dictionary, extra: Dictionary) -> ObjectId {
        let contents = self.stream(content);
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => self.pages_id, "Contents" => contents, "Resources" => resources,
        };
        page.extend(&extra);
        let id = self.add(page);
        self.kids.push(id.into());
        id
    }

    pub(super) fn page(&mut self, content: &[u8], resources: Dictionary) -> ObjectId {
        self.page_with(content, resources, dictionary! {})
    }

    fn bytes(self) -> Vec<u8> {
        let mut doc = self.document();
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save test PDF");
        out
    }

    /// The document with its page tree and catalog, not yet written.
    pub(super) fn document(mut self) -> Document {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => self.kids, "Count" => count,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        self.doc
    }
}

pub(super) fn helvetica() -> Dictionary {
    dictionary! { "Font" => dictionary! {
        "F1" => dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    }}
}

fn one_page(content: &[u8], resources: Dictionary) -> Vec<Glyph> {
    let mut pdf = TestPdf::new();
    pdf.page(content, resources);
    let extraction = extract(&pdf.bytes(), &Limits::default()).expect("extract");
    extraction
        .pages
        .into_iter()
        .next()
        .expect("one page")
        .glyphs
}

fn text(glyphs: &[Glyph]) -> String {
    glyphs.iter().map(|g| g.ch).collect()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

fn assert_at(glyph: &Glyph, ch: char, x: f32, y: f32) {
    assert!(
        glyph.ch == ch && close(glyph.x, x) && close(glyph.y, y),
        "expected {ch:?} at ({x}, {y}), got {glyph:?}"
    );
}

#[test]
fn td_and_tj_place_glyphs_with_their_widths() {
    let glyphs = one_page(
        b"BT /F1 10 Tf 100 700 Td (AB) Tj 0 -20 Td (C) Tj ET",
        helvetica(),
    );
    assert_eq!(text(&glyphs), "ABC");
    assert_at(&glyphs[0], 'A', 100.0, 700.0);
    assert!(close(glyphs[0].width, 6.67) && close(glyphs[0].size, 10.0));
    assert_at(&glyphs[1], 'B', 106.67, 700.0);
    assert_at(&glyphs[2], 'C', 100.0, 680.0);
}

#[test]
fn tj_array_numbers_move_left_by_thousandths_of_an_em() {
    let glyphs = one_page(
        b"BT /F1 10 Tf 100 700 Td [(A) -1000 (B) 500 (C)] TJ ET",
        helvetica(),
    );
    assert_at(&glyphs[1], 'B', 116.67, 700.0);
    // B is 6.67 wide, then 5 back.
    assert_at(&glyphs[2], 'C', 118.34, 700.0);
}

#[test]
fn character_and_word_spacing() {
    let glyphs = one_page(
        b"BT /F1 10 Tf 2 Tc 5 Tw 100 700 Td (A B) Tj ET",
        helvetica(),
    );
    assert_eq!(text(&glyphs), "A B");
    assert_at(&glyphs[1], ' ', 108.67, 700.0);
    // Space: 2.78 wide + 2 Tc + 5 Tw.
    assert_at(&glyphs[2], 'B', 118.45, 700.0);
}

#[test]
fn horizontal_scaling_narrows_advances_but_not_size() {
    let glyphs = one_page(
        b"BT /F1 10 Tf 50 Tz 2 Tc 100 700 Td (AB) Tj ET",
        helvetica(),
    );
    assert!(close(glyphs[0].width, 3.335));
    assert_at(&glyphs[1], 'B', 104.335, 700.0);
    assert!(close(glyphs[1].size, 10.0));
}

#[test]
fn text_matrix_and_ctm_scale_size_and_position() {
    let glyphs = one_page(
        b"2 0 0 2 10 10 cm BT /F1 5 Tf 1.5 0 0 1.5 20 30 Tm (A) Tj T* ET",
        helvetica(),
    );
    assert_at(&glyphs[0], 'A', 50.0, 70.0);
    assert!(close(glyphs[0].size, 15.0));
    assert!(close(glyphs[0].width, 10.005));
}

/// Each string takes the matrices and font size in force when it is
/// shown, through `TJ` arrays, a font size changed between them, `cm`
/// inside `q`/`Q`, and `Tm`.
#[test]
fn each_string_takes_the_scale_and_size_in_force_when_it_is_shown() {
    let glyphs = one_page(
        b"BT /F1 10 Tf 100 700 Td [(A) -1000 (B)] TJ ET \
          q 2 0 0 2 0 0 cm BT /F1 10 Tf 50 300 Td [(C)] TJ /F1 5 Tf [(D)] TJ ET Q \
          BT /F1 10 Tf 3 0 0 1 100 100 Tm (E) Tj 1 0 0 1 100 50 Tm (F) Tj ET",
        helvetica(),
    );
    assert_eq!(text(&glyphs), "ABCDEF");
    assert!(close(glyphs[1].size, 10.0) && close(glyphs[2].size, 20.0));
    assert_at(&glyphs[2], 'C', 100.0, 600.0);
    // The font size halved, the CTM still doubling: 10, after C's 14.44.
    assert!(close(glyphs[3].size, 10.0));
    assert_at(&glyphs[3], 'D', 114.44, 600.0);
    // Tm widens E threefold, and F is back to one.
    assert!(close(glyphs[4].width, 20.01) && close(glyphs[5].width, 6.11));
    assert_at(&glyphs[5], 'F', 100.0, 50.0);
}

#[test]
fn leading_quote_operators_and_rise() {
    let glyphs = one_page(
        b"BT /F1 10 Tf 12 TL 100 700 Td (A) Tj (B) ' 1 2 (C) \" 3 Ts (D) Tj ET",
        helvetica(),
    );
    assert_eq!(text(&glyphs), "ABCD");
    assert_at(&glyphs[1], 'B', 100.0, 688.0);
    assert_at(&glyphs[2], 'C', 100.0, 676.0);
    assert_at(&glyphs[3], 'D', 100.0 + 7.22 + 2.0, 679.0);
}

#[test]
fn q_and_big_q_restore_the_ctm_and_text_state() {
    let glyphs = one_page(
        b"q 2 0 0 2 0 0 cm 3 Tc Q BT /F1 10 Tf 10 10 Td (AB) Tj ET",
        helvetica(),
    );
    assert_at(&glyphs[0], 'A', 10.0, 10.0);
    assert_at(&glyphs[1], 'B', 16.67, 10.0);
}

#[test]
fn invisible_text_still_counts() {
    let glyphs = one_page(b"BT 3 Tr /F1 10 Tf 10 10 Td (OCR) Tj ET", helvetica());
    assert_eq!(text(&glyphs), "OCR");
}

#[test]
fn inline_images_and_marked_content_are_skipped() {
    let glyphs = one_page(
        b"/P <</MCID 0>> BDC BI /W 4 /H 1 /BPC 8 /CS /G ID \x00\x01EI\x02\x03 EI EMC BT /F1 10 Tf 10 10 Td (ok) Tj ET",
        helvetica(),
    );
    assert_eq!(text(&glyphs), "ok");
}

#[test]
fn garbage_operators_do_not_stop_the_page() {
    let glyphs = one_page(
        b"BT /F1 10 Tf ] ) } 1 2 3 foo 10 10 Td (a) Tj ET",
        helvetica(),
    );
    assert_eq!(text(&glyphs), "a");
}

#[test]
fn operators_inside_a_tj_array_are_skipped() {
    let glyphs = one_page(
        b"BT /F1 10 Tf [(Grandes) 0.0 Tc -250.0 (Clients) 0.0 Tc] TJ ET",
        helvetica(),
    );
    assert_eq!(text(&glyphs), "GrandesClients");
}

#[test]
fn an_array_never_closed_is_dropped_after_many_operators() {
    let mut content = b"BT /F1 10 Tf [(lost) ".to_vec();
    content.extend(b"0 0 Td ".repeat(40));
    content.extend(b"(kept) Tj ET");
    let glyphs = one_page(&content, helvetica());
    assert_eq!(text(&glyphs), "kept");
}

#[test]
fn differences_ligature_becomes_two_glyphs_splitting_the_width() {
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![1.into(), "fi".into()] },
        "FirstChar" => 1, "Widths" => vec![600.into()],
    }}};
    let glyphs = one_page(b"BT /F1 10 Tf 0 0 Td (\\001) Tj ET", resources);
    assert_eq!(text(&glyphs), "fi");
    assert_at(&glyphs[0], 'f', 0.0, 0.0);
    assert_at(&glyphs[1], 'i', 3.0, 0.0);
    assert!(close(glyphs[1].width, 3.0));
}

#[test]
fn to_unicode_multi_char_mapping_splits_the_width() {
    let mut pdf = TestPdf::new();
    let cmap = pdf.stream(b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <00660066> endbfchar");
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Foo",
        "FirstChar" => 1, "Widths" => vec![800.into()], "ToUnicode" => cmap,
    }}};
    pdf.page(b"BT /F1 10 Tf 0 0 Td <01> Tj ET", resources);
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "ff");
    assert_at(&glyphs[1], 'f', 4.0, 0.0);
}

#[test]
fn an_arabic_ligature_lays_its_letters_out_from_the_right() {
    // LibreOffice's lam-alef glyph maps to "لا": the lam is its right half,
    // so reading glyphs from the right gives lam, then alef.
    let mut pdf = TestPdf::new();
    let cmap = pdf.stream(b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <06440627> endbfchar");
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Foo",
        "FirstChar" => 1, "Widths" => vec![800.into()], "ToUnicode" => cmap,
    }}};
    pdf.page(b"BT /F1 10 Tf 0 0 Td <01> Tj ET", resources);
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "لا");
    assert_at(&glyphs[0], 'ل', 4.0, 0.0);
    assert_at(&glyphs[1], 'ا', 0.0, 0.0);
}

#[test]
fn win_ansi_truetype_with_accents() {
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "Widths" => vec![278.into(); 224],
    }}};
    let glyphs = one_page(
        b"BT /F1 10 Tf 0 0 Td (C\xf4te d\x92Ivoire, T\xfcrkiye, S\xe3o Tom\xe9) Tj ET",
        resources,
    );
    assert_eq!(text(&glyphs), "Côte d\u{2019}Ivoire, Türkiye, São Tomé");
}

#[test]
fn identity_h_composite_font() {
    let mut pdf = TestPdf::new();
    let cmap = pdf.stream(
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0010> <0012> [<0054> <00FC> <0072>] endbfrange",
    );
    let descendant = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "AAAAAA+Foo",
        "DW" => 1000, "W" => vec![0x10.into(), vec![600.into(), 500.into()].into()],
    });
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "AAAAAA+Foo", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()], "ToUnicode" => cmap,
    }}};
    pdf.page(b"BT /F1 10 Tf 0 0 Td <001000110012> Tj ET", resources);
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "Tür");
    assert_at(&glyphs[1], 'ü', 6.0, 0.0);
    assert_at(&glyphs[2], 'r', 11.0, 0.0);
}

#[test]
fn embedded_type1_builtin_encoding_without_encoding_or_to_unicode() {
    // What pdflatex writes for OT1 Computer Modern: no /Encoding, no /ToUnicode.
    let mut pdf = TestPdf::new();
    let program = pdf.add(Stream::new(
        dictionary! { "Length1" => 120, "Length2" => 0, "Length3" => 0 },
        b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
          dup 12 /fi put\ndup 67 /C put\ndup 124 /emdash put\ndup 244 /ocircumflex put\nreadonly def\ncurrentfile eexec\n"
            .to_vec(),
    ));
    let descriptor = pdf.add(dictionary! { "Type" => "FontDescriptor", "FontName" => "ABCDEF+CMR10", "FontFile" => program });
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "ABCDEF+CMR10", "FontDescriptor" => descriptor,
        "FirstChar" => 0, "Widths" => vec![500.into(); 256],
    }}};
    pdf.page(b"BT /F1 10 Tf 0 0 Td (C\\364\\014\\174) Tj ET", resources);
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "Côfi\u{2014}");
}

#[test]
fn type3_font_uses_its_font_matrix() {
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "CharProcs" => dictionary! {}, "Resources" => dictionary! {},
        "Encoding" => dictionary! { "Differences" => vec![65.into(), "A".into(), "B".into()] },
        "FirstChar" => 65, "Widths" => vec![50.into(), 80.into()],
    }}};
    let glyphs = one_page(b"BT /F1 10 Tf 0 0 Td (AB) Tj ET", resources);
    assert_eq!(text(&glyphs), "AB");
    assert_at(&glyphs[1], 'B', 5.0, 0.0);
    // Glyph space is 100 units high (FontBBox) at 0.01 each: one text-space unit.
    assert!(close(glyphs[0].size, 10.0));
}

#[test]
fn page_rotation_turns_user_space_clockwise() {
    let page = [0.0, 0.0, 612.0, 792.0];
    let (m, w, h) = page_transform(page, 90);
    assert_eq!((w, h), (792.0, 612.0));
    assert_eq!(m.apply(100.0, 700.0), (700.0, 512.0));
    let (m, w, h) = page_transform(page, 180);
    assert_eq!((w, h), (612.0, 792.0));
    assert_eq!(m.apply(100.0, 700.0), (512.0, 92.0));
    let (m, w, h) = page_transform(page, 270);
    assert_eq!((w, h), (792.0, 612.0));
    assert_eq!(m.apply(100.0, 700.0), (92.0, 100.0));
    let (m, _, _) = page_transform([10.0, 20.0, 622.0, 812.0], 0);
    assert_eq!(m.apply(110.0, 720.0), (100.0, 700.0));
}

#[test]
fn sideways_text_on_a_rotated_page_is_turned_back_to_read_left_to_right() {
    // Portrait content on a page saved with /Rotate 90: a viewer shows it sideways.
    let mut pdf = TestPdf::new();
    pdf.page_with(
        b"BT /F1 10 Tf 100 700 Td (AB) Tj ET",
        helvetica(),
        dictionary! { "Rotate" => 90 },
    );
    let extraction = extract(&pdf.bytes(), &Limits::default()).unwrap();
    let page = &extraction.pages[0];
    assert_eq!((page.width, page.height), (612.0, 792.0));
    assert_at(&page.glyphs[0], 'A', 100.0, 700.0);
    assert_at(&page.glyphs[1], 'B', 106.67, 700.0);
}

#[test]
fn a_few_sideways_glyphs_leave_the_page_as_it_is() {
    let glyphs = one_page(
        b"BT /F1 10 Tf 100 700 Td (Across) Tj 0 1 -1 0 20 400 Tm (up) Tj ET",
        helvetica(),
    );
    assert_at(&glyphs[0], 'A', 100.0, 700.0);
    assert_at(&glyphs[7], 'p', 20.0, 405.56);
}

#[test]
fn rotated_content_on_a_rotated_page_reads_left_to_right() {
    // Landscape text drawn turned 90° anticlockwise on a page shown with /Rotate 90.
    let mut pdf = TestPdf::new();
    pdf.page_with(
        b"BT /F1 10 Tf 0 1 -1 0 300 100 Tm (AB) Tj ET",
        helvetica(),
        dictionary! { "Rotate" => 90 },
    );
    let page = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0];
    assert_at(&page.glyphs[0], 'A', 100.0, 312.0);
    assert_at(&page.glyphs[1], 'B', 106.67, 312.0);
}

#[test]
fn crop_box_origin_is_the_output_origin() {
    let mut pdf = TestPdf::new();
    pdf.page_with(
        b"BT /F1 10 Tf 100 700 Td (A) Tj ET",
        helvetica(),
        dictionary! { "CropBox" => vec![50.into(), 100.into(), 550.into(), 750.into()] },
    );
    let page = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0];
    assert_eq!((page.width, page.height), (500.0, 650.0));
    assert_at(&page.glyphs[0], 'A', 50.0, 600.0);
}

#[test]
fn form_xobjects_use_their_matrix_and_resources() {
    let mut pdf = TestPdf::new();
    let form = pdf.add(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 50.into(), 60.into()],
            "Resources" => helvetica(),
        },
        b"BT /F1 10 Tf 1 2 Td (F) Tj ET".to_vec(),
    ));
    pdf.page(
        b"q 2 0 0 2 0 0 cm /X1 Do Q /X1 Do",
        dictionary! { "XObject" => dictionary! { "X1" => form } },
    );
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "FF");
    assert_at(&glyphs[0], 'F', 102.0, 124.0);
    assert!(close(glyphs[0].size, 20.0));
    assert_at(&glyphs[1], 'F', 51.0, 62.0);
}

#[test]
fn a_form_that_draws_itself_terminates() {
    let mut pdf = TestPdf::new();
    let form_id = pdf.doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "Resources" => dictionary! {
                "XObject" => dictionary! { "Me" => form_id },
                "Font" => helvetica().get(b"Font").unwrap().clone(),
            },
        },
        b"BT /F1 10 Tf (x) Tj ET /Me Do /Me Do".to_vec(),
    );
    pdf.doc.objects.insert(form_id, Object::Stream(form));
    pdf.page(
        b"/Me Do",
        dictionary! { "XObject" => dictionary! { "Me" => form_id } },
    );
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "x");
}

#[test]
fn form_depth_is_limited() {
    // A chain of ten nested forms; with max_form_depth 3 only the outer three run.
    let mut pdf = TestPdf::new();
    let mut inner: Option<ObjectId> = None;
    for level in (0..10).rev() {
        let mut resources = helvetica();
        if let Some(inner) = inner {
            resources.set("XObject", dictionary! { "N" => inner });
        }
        let content = format!("BT /F1 10 Tf ({level}) Tj ET /N Do");
        inner = Some(pdf.add(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => resources },
            content.into_bytes(),
        )));
    }
    pdf.page(
        b"/N Do",
        dictionary! { "XObject" => dictionary! { "N" => inner.unwrap() } },
    );
    let limits = Limits {
        max_form_depth: 3,
        ..Limits::default()
    };
    let glyphs = &extract(&pdf.bytes(), &limits).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "012");
}

#[test]
fn operator_limit_is_too_large() {
    let mut pdf = TestPdf::new();
    pdf.page(&b"q Q ".repeat(100), dictionary! {});
    let limits = Limits {
        max_operators_per_page: 150,
        ..Limits::default()
    };
    let err = extract(&pdf.bytes(), &limits).unwrap_err();
    assert_eq!(err.kind(), "too_large");
    assert!(err.to_string().contains("max_operators_per_page"));
}

#[test]
fn glyph_limit_is_too_large() {
    let mut pdf = TestPdf::new();
    pdf.page(b"BT /F1 10 Tf (abcdef) Tj ET", helvetica());
    let limits = Limits {
        max_glyphs: 5,
        ..Limits::default()
    };
    let err = extract(&pdf.bytes(), &limits).unwrap_err();
    assert!(err.to_string().contains("max_glyphs"), "{err}");
}

#[test]
fn content_byte_limits_are_too_large() {
    let mut pdf = TestPdf::new();
    pdf.page(&b"BT ET ".repeat(100), dictionary! {});
    pdf.page(&b"BT ET ".repeat(100), dictionary! {});
    let bytes = pdf.bytes();
    let per_stream = Limits {
        max_stream_bytes: 500,
        ..Limits::default()
    };
    assert!(extract(&bytes, &per_stream)
        .unwrap_err()
        .to_string()
        .contains("max_stream_bytes"));
    let total = Limits {
        max_total_bytes: 1000,
        ..Limits::default()
    };
    assert!(extract(&bytes, &total)
        .unwrap_err()
        .to_string()
        .contains("max_total_bytes"));
}

#[test]
fn max_pages_reads_the_first_pages_only() {
    let mut pdf = TestPdf::new();
    for i in 0..5 {
        pdf.page(format!("BT /F1 10 Tf ({i}) Tj ET").as_bytes(), helvetica());
    }
    let limits = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let extraction = extract(&pdf.bytes(), &limits).unwrap();
    assert_eq!(extraction.page_count, 5);
    assert_eq!(extraction.pages.len(), 2);
    assert_eq!(extraction.pages[1].number, 2);
    assert_eq!(text(&extraction.pages[1].glyphs), "1");
}

#[test]
fn object_limit_is_too_large() {
    let mut pdf = TestPdf::new();
    pdf.page(b"", dictionary! {});
    let limits = Limits {
        max_objects: 2,
        ..Limits::default()
    };
    assert_eq!(
        extract(&pdf.bytes(), &limits).unwrap_err().kind(),
        "too_large"
    );
}

#[test]
fn inherited_resources_and_media_box() {
    let mut pdf = TestPdf::new();
    let pages_id = pdf.pages_id;
    let intermediate = pdf.doc.new_object_id();
    let contents = pdf.stream(b"BT /F1 10 Tf 5 5 Td (i) Tj ET");
    let page =
        pdf.add(dictionary! { "Type" => "Page", "Parent" => intermediate, "Contents" => contents });
    pdf.doc.objects.insert(
        intermediate,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Parent" => pages_id, "Kids" => vec![page.into()], "Count" => 1,
            "Resources" => helvetica(), "MediaBox" => vec![0.into(), 0.into(), 200.into(), 300.into()],
        }),
    );
    pdf.kids.push(intermediate.into());
    let extraction = extract(&pdf.bytes(), &Limits::default()).unwrap();
    assert_eq!(extraction.page_count, 1);
    let page = &extraction.pages[0];
    assert_eq!((page.width, page.height), (200.0, 300.0));
    assert_eq!(text(&page.glyphs), "i");
}

#[test]
fn a_page_tree_loop_does_not_hang() {
    let mut pdf = TestPdf::new();
    pdf.page(b"BT /F1 10 Tf (a) Tj ET", helvetica());
    // The root lists itself among its kids.
    let root = pdf.pages_id;
    pdf.kids.push(root.into());
    let extraction = extract(&pdf.bytes(), &Limits::default()).unwrap();
    assert!(extraction.page_count >= 1);
}

#[test]
fn several_content_streams_join() {
    let mut pdf = TestPdf::new();
    // Streams may split anywhere between tokens, even between operands and their operator.
    let first = pdf.stream(b"BT /F1 10 Tf 10 10 Td (A)");
    let second = pdf.stream(b"Tj (B) Tj ET");
    let resources = helvetica();
    let page = pdf.add(dictionary! {
        "Type" => "Page", "Parent" => pdf.pages_id, "Contents" => vec![first.into(), second.into()], "Resources" => resources,
    });
    pdf.kids.push(page.into());
    let extraction = extract(&pdf.bytes(), &Limits::default()).unwrap();
    assert_eq!(text(&extraction.pages[0].glyphs), "AB");
}

#[test]
fn not_a_pdf_and_damaged_files() {
    assert_eq!(
        extract(b"hello world", &Limits::default())
            .unwrap_err()
            .kind(),
        "not_pdf"
    );
    assert_eq!(
        extract(b"%PDF-1.4\n%%EOF", &Limits::default())
            .unwrap_err()
            .kind(),
        "damaged"
    );
}

#[test]
fn metadata_from_the_info_dictionary() {
    let mut pdf = TestPdf::new();
    pdf.page(b"", dictionary! {});
    let info = pdf.add(dictionary! {
        "Title" => Object::String(b"\xFE\xFF\x00T\x00\xFC\x00r\x00k\x00i\x00y\x00e".to_vec(), lopdf::StringFormat::Hexadecimal),
        "Producer" => Object::string_literal("  groff version 1.22  "),
        "Creator" => Object::string_literal(""),
        "CreationDate" => Object::string_literal("D:20240614120000+02'00'"),
    });
    pdf.doc.trailer.set("Info", info);
    let metadata = extract(&pdf.bytes(), &Limits::default()).unwrap().metadata;
    assert_eq!(metadata.title.as_deref(), Some("Türkiye"));
    assert_eq!(metadata.producer.as_deref(), Some("groff version 1.22"));
    assert_eq!(metadata.creator, None);
    assert_eq!(
        metadata.creation_date.as_deref(),
        Some("2024-06-14T12:00:00+02:00")
    );
}

#[test]
fn text_without_a_font_uses_a_fallback() {
    let glyphs = one_page(b"BT 10 10 Td (ab) Tj ET", dictionary! {});
    assert_eq!(text(&glyphs), "ab");
}

#[test]
fn a_space_glyph_is_as_wide_as_its_advance() {
    // Ghostscript kerns with a space and negative word spacing: the space advances ~nothing.
    let glyphs = one_page(b"BT /F1 10 Tf 0 0 Td -2.7 Tw (a b) Tj ET", helvetica());
    assert_eq!(text(&glyphs), "a b");
    assert!(close(glyphs[1].width, 0.08), "{:?}", glyphs[1]);
    assert_at(&glyphs[2], 'b', 5.64, 0.0);
}

#[test]
fn tex_accents_painted_over_letters_are_joined() {
    // pdflatex OT1: "C\^ote" paints the circumflex (code 0x5E in OT1) and then the o beneath it.
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "CMR10",
        "Encoding" => dictionary! { "Differences" => vec![
            0x5E.into(), "circumflex".into(), 0x10.into(), "dotlessi".into(), 0x13.into(), "acute".into(),
        ] },
        "FirstChar" => 0, "Widths" => vec![500.into(); 128],
    }}};
    let glyphs = one_page(
        b"BT /F1 10 Tf 0 0 Td [(C^) 500 (ote Pr\\023) 400 (\\020ncipe)] TJ ET",
        resources,
    );
    assert_eq!(text(&glyphs), "Côte Príncipe");
}

#[test]
fn mac_roman_encoding() {
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Georgia", "Encoding" => "MacRomanEncoding",
        "FirstChar" => 32, "Widths" => vec![500.into(); 224],
    }}};
    let glyphs = one_page(b"BT /F1 10 Tf 0 0 Td (S\x8Bo Tom\x8E) Tj ET", resources);
    assert_eq!(text(&glyphs), "São Tomé");
}

#[test]
fn symbol_font_uses_its_own_encoding() {
    let resources = dictionary! { "Font" => dictionary! {
        "F1" => dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Symbol" },
    }};
    let glyphs = one_page(b"BT /F1 10 Tf 0 0 Td (abg) Tj ET", resources);
    assert_eq!(text(&glyphs), "αβγ");
    // Symbol's alpha is 631/1000 wide.
    assert_at(&glyphs[1], 'β', 6.31, 0.0);
}

#[test]
fn compact_font_program_without_encoding_reads_as_standard_encoding() {
    let mut pdf = TestPdf::new();
    let program = pdf.add(Stream::new(
        dictionary! { "Subtype" => "Type1C" },
        b"\x01\x00\x04\x02".to_vec(),
    ));
    let descriptor = pdf.add(dictionary! { "Type" => "FontDescriptor", "FontName" => "ABCDEF+NimbusSans", "FontFile3" => program });
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "ABCDEF+NimbusSans", "FontDescriptor" => descriptor,
        "FirstChar" => 32, "Widths" => vec![500.into(); 224],
    }}};
    pdf.page(b"BT /F1 10 Tf 0 0 Td (It's \\256ne) Tj ET", resources);
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "It\u{2019}s fine");
}

#[test]
fn composite_font_with_an_embedded_cmap_of_mixed_code_lengths() {
    let mut pdf = TestPdf::new();
    let encoding = pdf.stream(
        b"/CMapName /Custom def 2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n\
          1 begincidrange <20> <7E> 1 endcidrange 1 begincidchar <8001> 200 endcidchar",
    );
    let to_unicode = pdf.stream(
        b"2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n\
          1 beginbfrange <20> <7E> <0020> endbfrange 1 beginbfchar <8001> <00E7> endbfchar",
    );
    let descendant = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "Foo", "DW" => 500,
        "W" => vec![200.into(), vec![800.into()].into()],
    });
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Foo", "Encoding" => encoding,
        "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
    }}};
    // One-byte codes take word spacing; the two-byte code is CID 200, 800 wide.
    pdf.page(
        b"BT /F1 10 Tf 0 0 Td 3 Tw (Cura\x80\x01ao x) Tj ET",
        resources,
    );
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "Curaçao x");
    assert_at(&glyphs[5], 'a', 28.0, 0.0);
    assert_at(&glyphs[8], 'x', 46.0, 0.0);
}

#[test]
fn unicode_predefined_cmap_without_to_unicode() {
    let mut pdf = TestPdf::new();
    let descendant = pdf.add(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "KozMin", "DW" => 1000 });
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "KozMin", "Encoding" => "UniJIS-UCS2-H",
        "DescendantFonts" => vec![descendant.into()],
    }}};
    pdf.page(b"BT /F1 10 Tf 0 0 Td <65e5672c> Tj ET", resources);
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "日本");
    assert_at(&glyphs[1], '本', 10.0, 0.0);
}

/// A CID font (Identity-H) with no /ToUnicode whose CIDSystemInfo names
/// `ordering`, showing CIDs 34, 35 and 4559; its glyphs' text.
fn cid_font_without_to_unicode(ordering: &str) -> String {
    let mut pdf = TestPdf::new();
    let descendant = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "Foo",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal(ordering), "Supplement" => 6 },
    });
    let resources = dictionary! { "Font" => dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Foo", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()],
    }}};
    pdf.page(b"BT /F1 10 Tf 0 0 Td <0022002311cf> Tj ET", resources);
    text(&extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs)
}

#[test]
fn a_cid_font_without_to_unicode_reads_its_collections_table() {
    // Adobe-GB1: CIDs 34 and 35 are "A" and "B", 4559 is 中.
    assert_eq!(cid_font_without_to_unicode("GB1"), "AB中");
    assert_eq!(cid_font_without_to_unicode("Japan1"), "AB奩");
    // No collection: what the CIDs stand for is unknown.
    assert_eq!(
        cid_font_without_to_unicode("Identity"),
        "\u{FFFD}\u{FFFD}\u{FFFD}"
    );
}

#[test]
fn hiding_the_encrypt_entry_keeps_offsets_and_encrypt_metadata() {
    let trailer = b"trailer << /Size 9 /Encrypt 8 0 R /Root 1 0 R >> 8 0 obj << /EncryptMetadata false /Encrypt>>";
    let hidden = hide_encrypt_entry(trailer);
    assert_eq!(hidden.len(), trailer.len());
    assert_eq!(
        String::from_utf8(hidden).unwrap(),
        "trailer << /Size 9 /EncrypX 8 0 R /Root 1 0 R >> 8 0 obj << /EncryptMetadata false /EncrypX>>"
    );
}

#[test]
fn annotation_appearances_are_read_and_placed_on_their_rectangle() {
    let mut pdf = TestPdf::new();
    let appearance = |pdf: &mut TestPdf, text: &str| {
        pdf.add(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form", "Resources" => helvetica(),
                "BBox" => vec![0.into(), 0.into(), 100.into(), 20.into()],
            },
            format!("BT /F1 10 Tf 2 5 Td ({text}) Tj ET").into_bytes(),
        ))
    };
    let shown = appearance(&mut pdf, "Signed");
    let hidden = appearance(&mut pdf, "Hidden");
    let checked = appearance(&mut pdf, "On");
    let unchecked = appearance(&mut pdf, "Off");
    let rect = || vec![200.into(), 500.into(), 300.into(), 520.into()];
    let annots = vec![
        Object::Dictionary(
            dictionary! { "Type" => "Annot", "Subtype" => "FreeText", "Rect" => rect(), "AP" => dictionary! { "N" => shown } },
        ),
        Object::Dictionary(
            dictionary! { "Type" => "Annot", "Subtype" => "FreeText", "F" => 2, "Rect" => rect(), "AP" => dictionary! { "N" => hidden } },
        ),
        Object::Dictionary(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "Rect" => rect(), "AS" => "Yes",
            "AP" => dictionary! { "N" => dictionary! { "Yes" => checked, "Off" => unchecked } },
        }),
    ];
    pdf.page_with(b"", dictionary! {}, dictionary! { "Annots" => annots });
    let glyphs = &extract(&pdf.bytes(), &Limits::default()).unwrap().pages[0].glyphs;
    assert_eq!(text(glyphs), "SignedOn");
    assert_at(&glyphs[0], 'S', 202.0, 505.0);
}

#[test]
fn a_content_stream_without_length_is_read_up_to_endstream() {
    let pdf = b"%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R
  /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >> endobj
4 0 obj << >>
stream
BT /F1 10 Tf 10 10 Td (no length) Tj ET
endstream
endobj
trailer << /Root 1 0 R /Size 5 >>
%%EOF
";
    let extraction = extract(pdf, &Limits::default()).unwrap();
    assert_eq!(text(&extraction.pages[0].glyphs), "no length");
}

#[test]
fn a_page_is_an_ocr_layer_when_nearly_all_its_text_is_invisible_over_an_image() {
    use super::content::Paint;
    let paint = |images, invisible_glyphs| Paint {
        images,
        invisible_glyphs,
    };
    assert!(paint(1, 100).is_ocr_layer(100));
    assert!(
        paint(1, 95).is_ocr_layer(100),
        "a few visible glyphs (a stamp)"
    );
    assert!(
        !paint(1, 50).is_ocr_layer(100),
        "half hidden is not a layer"
    );
    assert!(!paint(0, 100).is_ocr_layer(100), "no scan under it");
    assert!(!paint(1, 0).is_ocr_layer(0), "no text at all");
}

/// `push_glyphs` takes a level advance in `LEVEL_ADVANCE` as its own
/// length, instead of `sqrt(x * x)`: the two must be equal to the bit, or
/// glyphs would move. Swept over the range's exponents with varied
/// mantissas, and at its ends.
#[test]
fn a_level_advance_in_range_is_its_own_root_of_square() {
    let range = content::LEVEL_ADVANCE;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut checked = 0;
    for exponent in -100..=100 {
        for _ in 0..500 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mantissa = 1.0 + (state >> 11) as f64 / (1u64 << 53) as f64;
            let x = mantissa * 10f64.powi(exponent);
            if range.contains(&x) {
                assert_eq!((x * x).sqrt().to_bits(), x.to_bits(), "{x:e}");
                checked += 1;
            }
        }
    }
    for x in [*range.start(), *range.end()] {
        assert_eq!((x * x).sqrt().to_bits(), x.to_bits(), "{x:e}");
    }
    assert!(checked > 90_000);
    // Past the range the square overflows or underflows.
    assert_ne!((1e200f64 * 1e200).sqrt(), 1e200);
    assert_ne!((1e-170f64 * 1e-170).sqrt(), 1e-170);
}
