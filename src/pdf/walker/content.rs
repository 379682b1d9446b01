//! The content-stream interpreter: runs a page's operators for their effect on
//! text (graphics state, text state and matrices, text-showing operators, form
//! XObjects) and emits positioned glyphs. Painting operators are ignored.
//!
//! State that outlives a page (loaded fonts, decoded forms, the file's byte and
//! glyph budgets) lives in [`Interpreter`]; a page's own counters are reset by
//! [`Interpreter::run_page`]. Recursion happens only through form XObjects and
//! is bounded by `max_form_depth` and a stack of the forms in progress.

use super::font::{Font, FontTooLarge};
use super::lexer::{ArrayItem, Lexer, Token};
use super::matrix::Matrix;
use super::objects::{self, get_dict};
use super::orientation::Bearings;
use crate::pdf::{is_rtl, Glyph, Limits, PdfError};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

/// Operands kept before an operator; garbage beyond this is dropped.
const MAX_OPERANDS: usize = 64;
/// Elements kept in one array operand (a TJ array).
const MAX_ARRAY_ELEMENTS: usize = 1 << 16;
/// Nesting of arrays in operands.
const MAX_ARRAY_DEPTH: usize = 16;
/// Operators tolerated inside one array before it is taken as never closed.
const MAX_KEYWORDS_IN_ARRAY: usize = 32;
/// Depth of the q/Q stack.
const MAX_SAVED_STATES: usize = 1024;
/// Whatever the limits say, form nesting stops here (each level is a stack frame).
const HARD_FORM_DEPTH: usize = 64;
/// At most this many glyphs' room is reserved ahead for a page (a dense
/// page of text has 5,000-10,000), so that one huge page does not make
/// every later page reserve as much.
const MAX_RESERVED_GLYPHS: usize = 1 << 16;

#[derive(Debug, Clone, PartialEq)]
enum Operand<'a> {
    Number(f32),
    Name(Cow<'a, [u8]>),
    Str(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    /// An array of numbers and strings read whole ([`Lexer::flat_array`]):
    /// its elements' range in the stream's [`FlatArrays`].
    Flat(usize, usize),
    Other,
}

/// The elements of the flat arrays among the operands, and their strings'
/// bytes: buffers that live for a whole content stream, emptied whenever
/// the operands are.
#[derive(Debug, Default)]
struct FlatArrays {
    items: Vec<ArrayItem>,
    bytes: Vec<u8>,
}

impl FlatArrays {
    fn clear(&mut self) {
        self.items.clear();
        self.bytes.clear();
    }
}

impl Operand<'_> {
    fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(f64::from(*n)),
            _ => None,
        }
    }
}

/// What a page paints besides visible text: enough to tell the text layer
/// an OCR program laid over a scan ([`Paint::is_ocr_layer`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Paint {
    /// Images drawn (XObjects and inline images).
    pub images: usize,
    /// Glyphs shown in an invisible render mode.
    pub invisible_glyphs: usize,
}

/// At least this share of a page's glyphs invisible, over an image, makes
/// its text an OCR layer: the searchable PDFs of tesseract, OCRmyPDF, ABBYY
/// and Acrobat draw the scan and lay all their text over it invisibly; a
/// born-digital page hides at most a stray word.
pub const OCR_LAYER_INVISIBLE_SHARE: f64 = 0.9;

impl Paint {
    /// Whether a page with these paints and `glyphs` glyphs in all carries
    /// an OCR layer ([`OCR_LAYER_INVISIBLE_SHARE`]).
    pub fn is_ocr_layer(&self, glyphs: usize) -> bool {
        self.images > 0
            && glyphs > 0
            && self.invisible_glyphs as f64 >= OCR_LAYER_INVISIBLE_SHARE * glyphs as f64
    }
}

#[derive(Debug, Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Tz / 100.
    horizontal_scaling: f64,
    leading: f64,
    rise: f64,
    /// Text render mode 3 or 7 (`Tr`): glyphs that paint nothing, as in the
    /// text layer an OCR program lays over a scan.
    invisible: bool,
}

impl GraphicsState {
    fn new(ctm: Matrix) -> Self {
        GraphicsState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
            invisible: false,
        }
    }
}

/// An annotation's appearance to draw after the page content: readers show
/// (and pdftotext reads) the text of form fields and free-text annotations.
#[derive(Debug, Clone, Copy)]
pub struct Annotation {
    /// The appearance stream, a form XObject.
    pub appearance: ObjectId,
    /// Maps the form's space to the annotation's rectangle on the page.
    pub placement: Matrix,
}

/// What a `Tf` name selected in a resource dictionary (by address: the
/// document does not change during the walk).
struct SelectedFont {
    resources: Option<*const Dictionary>,
    name: Box<[u8]>,
    font: Option<Rc<Font>>,
}

/// Names kept in [`Interpreter::selected_fonts`]: a document's pages share
/// a few fonts; more are looked up each time.
const MAX_SELECTED_FONTS: usize = 64;

/// Where a font dictionary lives, to load each font once per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Object(ObjectId),
    /// A font dictionary written directly into a resource dictionary.
    Direct(usize),
}

pub struct Interpreter<'d> {
    doc: &'d Document,
    /// The file from its `%PDF-` header on, where lopdf's stream offsets point.
    file: &'d [u8],
    limits: Limits,
    fonts: HashMap<FontKey, Rc<Font>>,
    /// The font each `Tf` name selected so far: Word selects a font in
    /// every text object, and finding it through the resource dictionaries
    /// again each time was 3 % of the walk.
    selected_fonts: Vec<SelectedFont>,
    forms: HashMap<ObjectId, Rc<[u8]>>,
    fallback_font: Rc<Font>,
    /// Decoded content bytes so far (pages and forms).
    pub content_bytes: usize,
    /// Glyphs emitted so far in the file.
    pub glyph_count: usize,
    // Per page:
    page_number: u32,
    operators: usize,
    form_stack: Vec<ObjectId>,
    page_transform: Matrix,
    glyphs: Vec<Glyph>,
    /// Which ways the page's glyphs advance.
    bearings: Bearings,
    /// What the page paints besides visible text.
    paint: Paint,
    scratch: String,
    chars: Vec<char>,
    /// Glyphs of the page read last, to reserve room for the next.
    last_page_glyphs: usize,
}

impl<'d> Interpreter<'d> {
    pub fn new(doc: &'d Document, file: &'d [u8], limits: &Limits) -> Self {
        Interpreter {
            doc,
            file,
            limits: *limits,
            fonts: HashMap::new(),
            selected_fonts: Vec::new(),
            forms: HashMap::new(),
            fallback_font: Rc::new(Font::fallback()),
            content_bytes: 0,
            glyph_count: 0,
            page_number: 0,
            operators: 0,
            form_stack: Vec::new(),
            page_transform: Matrix::IDENTITY,
            glyphs: Vec::new(),
            bearings: Bearings::default(),
            paint: Paint::default(),
            scratch: String::new(),
            chars: Vec::new(),
            last_page_glyphs: 0,
        }
    }

    /// Decodes a content stream, charging it to the file's content budget.
    pub fn content_data<'s>(
        &mut self,
        stream: &'s lopdf::Stream,
    ) -> Result<Cow<'s, [u8]>, PdfError> {
        let total_left = self
            .limits
            .max_total_bytes
            .saturating_sub(self.content_bytes);
        let limit = self.limits.max_stream_bytes.min(total_left);
        let recovered = objects::recover_unsized_stream(stream, self.file, limit);
        let decoded = match &recovered {
            Some(whole) => {
                objects::stream_data(whole, limit).map(|data| Cow::Owned(data.into_owned()))
            }
            None => objects::stream_data(stream, limit),
        };
        match decoded {
            Ok(data) => {
                self.content_bytes += data.len();
                Ok(data)
            }
            Err(objects::StreamError::TooLarge) if total_left < self.limits.max_stream_bytes => {
                Err(PdfError::TooLarge(format!(
                    "content streams together decompress to more than {} bytes (max_total_bytes)",
                    self.limits.max_total_bytes
                )))
            }
            Err(objects::StreamError::TooLarge) => Err(PdfError::TooLarge(format!(
                "a content stream decompresses to more than {} bytes (max_stream_bytes)",
                self.limits.max_stream_bytes
            ))),
            // A stream that cannot be decoded shows nothing; the rest of the page still counts.
            Err(objects::StreamError::Unreadable) => Ok(Cow::Borrowed(&[])),
        }
    }

    /// Runs one page's content. `page_transform` maps user space to the
    /// output's upright page coordinates. Returns the glyphs, which ways
    /// they advance, and what else the page paints.
    pub fn run_page(
        &mut self,
        page_number: u32,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        page_transform: Matrix,
        annotations: &[Annotation],
    ) -> Result<(Vec<Glyph>, &Bearings, Paint), PdfError> {
        self.page_number = page_number;
        self.bearings.clear();
        self.paint = Paint::default();
        self.operators = 0;
        self.form_stack.clear();
        self.page_transform = page_transform;
        // Room for as many glyphs as the last page had: pages of a document
        // are alike, and growing the vector glyph by glyph copies it again and again.
        self.glyphs = Vec::with_capacity(self.last_page_glyphs);
        self.run(content, resources, GraphicsState::new(Matrix::IDENTITY))?;
        for annotation in annotations {
            self.draw_form(
                annotation.appearance,
                resources,
                &GraphicsState::new(annotation.placement),
            )?;
        }
        self.last_page_glyphs = self.glyphs.len().min(MAX_RESERVED_GLYPHS);
        Ok((std::mem::take(&mut self.glyphs), &self.bearings, self.paint))
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        initial: GraphicsState,
    ) -> Result<(), PdfError> {
        let mut lexer = Lexer::new(content);
        let mut gs = initial;
        let mut saved: Vec<GraphicsState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut operands: Vec<Operand> = Vec::new();
        let mut arrays: Vec<Vec<Operand>> = Vec::new();
        // Emptied arrays for the next `[`: one per TJ otherwise.
        let mut spare_arrays: Vec<Vec<Operand>> = Vec::new();
        let mut flat = FlatArrays::default();
        let mut ignored_arrays = 0usize;
        let mut dict_depth = 0usize;
        let mut keywords_in_array = 0usize;

        while let Some(token) = lexer.next_token() {
            if dict_depth > 0 {
                match token {
                    Token::DictStart => dict_depth += 1,
                    Token::DictEnd => {
                        dict_depth -= 1;
                        if dict_depth == 0 {
                            push_operand(&mut operands, &mut arrays, &mut flat, Operand::Other);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let operator: &[u8] = match token {
                Token::Number(n) => {
                    push_operand(&mut operands, &mut arrays, &mut flat, Operand::Number(n));
                    continue;
                }
                Token::Name(name) => {
                    push_operand(&mut operands, &mut arrays, &mut flat, Operand::Name(name));
                    continue;
                }
                Token::Str(s) => {
                    push_operand(&mut operands, &mut arrays, &mut flat, Operand::Str(s));
                    continue;
                }
                Token::ArrayStart => {
                    if arrays.is_empty() && ignored_arrays == 0 {
                        if operands.len() >= MAX_OPERANDS {
                            // As push_operand would.
                            operands.clear();
                            flat.clear();
                        }
                        let start = flat.items.len();
                        if lexer.flat_array(&mut flat.items, &mut flat.bytes, MAX_ARRAY_ELEMENTS) {
                            operands.push(Operand::Flat(start, flat.items.len()));
                            keywords_in_array = 0;
                            continue;
                        }
                    }
                    if arrays.len() < MAX_ARRAY_DEPTH && ignored_arrays == 0 {
                        arrays.push(spare_arrays.pop().unwrap_or_default());
                    } else {
                        ignored_arrays += 1;
                    }
                    continue;
                }
                Token::ArrayEnd => {
                    if ignored_arrays > 0 {
                        ignored_arrays -= 1;
                    } else if let Some(done) = arrays.pop() {
                        push_operand(&mut operands, &mut arrays, &mut flat, Operand::Array(done));
                    }
                    if arrays.is_empty() {
                        keywords_in_array = 0;
                    }
                    continue;
                }
                Token::DictStart => {
                    dict_depth = 1;
                    continue;
                }
                Token::DictEnd => continue,
                Token::Keyword(b"true" | b"false" | b"null") => {
                    push_operand(&mut operands, &mut arrays, &mut flat, Operand::Other);
                    continue;
                }
                Token::Keyword(word) => {
                    if !arrays.is_empty() || ignored_arrays > 0 {
                        // An operator inside an array: some producers write `[(a) 0 Tc (b)] TJ`,
                        // which readers show whole, so skip it. Many of them mean the
                        // array was never closed: then drop it and go on.
                        keywords_in_array += 1;
                        if keywords_in_array <= MAX_KEYWORDS_IN_ARRAY {
                            continue;
                        }
                        arrays.clear();
                        ignored_arrays = 0;
                    }
                    keywords_in_array = 0;
                    word
                }
                Token::InlineImage => {
                    self.paint.images += 1;
                    b"EI"
                }
            };

            self.operators += 1;
            if self.operators > self.limits.max_operators_per_page {
                return Err(PdfError::TooLarge(format!(
                    "page {} has more than {} content-stream operators (max_operators_per_page)",
                    self.page_number, self.limits.max_operators_per_page
                )));
            }
            let ops = operands.as_slice();
            let num = |i_from_end: usize| -> Option<f64> {
                ops.len()
                    .checked_sub(i_from_end)
                    .and_then(|i| ops.get(i))
                    .and_then(Operand::number)
            };
            match operator {
                b"q" if saved.len() < MAX_SAVED_STATES => saved.push(gs.clone()),
                b"Q" => {
                    if let Some(state) = saved.pop() {
                        gs = state;
                    }
                }
                b"cm" => {
                    if let Some(m) = matrix_operand(ops) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    if let (Some(Operand::Name(name)), Some(size)) =
                        (ops.len().checked_sub(2).and_then(|i| ops.get(i)), num(1))
                    {
                        gs.font = self.font(resources, name)?;
                        gs.font_size = size;
                    }
                }
                b"Tc" => gs.char_spacing = num(1).unwrap_or(gs.char_spacing),
                b"Tw" => gs.word_spacing = num(1).unwrap_or(gs.word_spacing),
                b"Tz" => {
                    gs.horizontal_scaling = num(1).map_or(gs.horizontal_scaling, |v| v / 100.0)
                }
                b"TL" => gs.leading = num(1).unwrap_or(gs.leading),
                b"Tr" => gs.invisible = matches!(num(1), Some(m) if m == 3.0 || m == 7.0),
                b"Ts" => gs.rise = num(1).unwrap_or(gs.rise),
                b"Td" | b"TD" => {
                    if let (Some(tx), Some(ty)) = (num(2), num(1)) {
                        if operator == b"TD" {
                            gs.leading = -ty;
                        }
                        tlm = Matrix::translation(tx, ty).then(&tlm);
                        tm = tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = matrix_operand(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = Matrix::translation(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                b"Tj" => {
                    if let Some(Operand::Str(s)) = ops.last() {
                        self.show(s, &gs, &mut tm)?;
                    }
                }
                b"'" => {
                    tlm = Matrix::translation(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(Operand::Str(s)) = ops.last() {
                        self.show(s, &gs, &mut tm)?;
                    }
                }
                b"\"" => {
                    if let (Some(aw), Some(ac)) = (num(3), num(2)) {
                        gs.word_spacing = aw;
                        gs.char_spacing = ac;
                    }
                    tlm = Matrix::translation(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(Operand::Str(s)) = ops.last() {
                        self.show(s, &gs, &mut tm)?;
                    }
                }
                b"TJ" => {
                    let vertical = gs.font.as_ref().is_some_and(|f| f.is_vertical());
                    match ops.last() {
                        Some(Operand::Array(items)) => {
                            for item in items {
                                match item {
                                    Operand::Str(s) => self.show(s, &gs, &mut tm)?,
                                    Operand::Number(n) => kern(*n, &gs, vertical, &mut tm),
                                    _ => {}
                                }
                            }
                        }
                        Some(&Operand::Flat(start, end)) => {
                            for item in flat.items.get(start..end).unwrap_or_default() {
                                match *item {
                                    ArrayItem::Str(from, to) => {
                                        let s = flat.bytes.get(from..to).unwrap_or_default();
                                        self.show(s, &gs, &mut tm)?
                                    }
                                    ArrayItem::Number(n) => kern(n, &gs, vertical, &mut tm),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = ops.last() {
                        self.draw_xobject(resources, name, &gs)?;
                    }
                }
                _ => {}
            }
            for operand in operands.drain(..) {
                recycle(operand, &mut lexer, &mut spare_arrays);
            }
            flat.clear();
        }
        Ok(())
    }

    fn font(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, PdfError> {
        let address = resources.map(|r| r as *const Dictionary);
        if let Some(selected) = self
            .selected_fonts
            .iter()
            .find(|s| s.resources == address && *s.name == *name)
        {
            return Ok(selected.font.clone());
        }
        let font = self.find_font(resources, name)?;
        if self.selected_fonts.len() < MAX_SELECTED_FONTS {
            self.selected_fonts.push(SelectedFont {
                resources: address,
                name: name.into(),
                font: font.clone(),
            });
        }
        Ok(font)
    }

    fn find_font(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, PdfError> {
        let doc = self.doc;
        let Some(fonts) = resources.and_then(|r| get_dict(doc, r, b"Font")) else {
            return Ok(None);
        };
        let Ok(entry) = fonts.get(name) else {
            return Ok(None);
        };
        let (key, dict) = match entry {
            Object::Reference(id) => match objects::as_dict(doc, entry) {
                Some(dict) => (FontKey::Object(*id), dict),
                None => return Ok(None),
            },
            Object::Dictionary(dict) => (FontKey::Direct(dict as *const Dictionary as usize), dict),
            _ => return Ok(None),
        };
        if let Some(font) = self.fonts.get(&key) {
            return Ok(Some(font.clone()));
        }
        let font = Font::load(doc, dict, self.limits.max_stream_bytes).map_err(|FontTooLarge| {
            PdfError::TooLarge(format!(
                "a font stream decompresses to more than {} bytes (max_stream_bytes)",
                self.limits.max_stream_bytes
            ))
        })?;
        let font = Rc::new(font);
        self.fonts.insert(key, font.clone());
        Ok(Some(font))
    }

    fn draw_xobject(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        gs: &GraphicsState,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| get_dict(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Ok(Object::Reference(id)) = xobjects.get(name) else {
            return Ok(());
        };
        if let Ok(Object::Stream(stream)) = doc.get_object(*id) {
            if objects::get_name(doc, &stream.dict, b"Subtype") == Some(b"Image") {
                self.paint.images += 1;
                return Ok(());
            }
        }
        self.draw_form(*id, resources, gs)
    }

    /// Runs a form XObject (by id) in the state `gs`; `resources` serve when it has none.
    fn draw_form(
        &mut self,
        id: ObjectId,
        resources: Option<&'d Dictionary>,
        gs: &GraphicsState,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            return Ok(());
        };
        if objects::get_name(doc, &stream.dict, b"Subtype") != Some(b"Form") {
            return Ok(());
        }
        let depth_limit = self.limits.max_form_depth.min(HARD_FORM_DEPTH);
        if self.form_stack.contains(&id) || self.form_stack.len() >= depth_limit {
            return Ok(());
        }
        let content: Rc<[u8]> = match self.forms.get(&id) {
            Some(content) => content.clone(),
            None => {
                let data: Rc<[u8]> = Rc::from(self.content_data(stream)?.as_ref());
                self.forms.insert(id, data.clone());
                data
            }
        };
        let matrix = objects::get_array(doc, &stream.dict, b"Matrix")
            .and_then(|m| Matrix::from_slice(&objects::numbers(doc, m)))
            .unwrap_or(Matrix::IDENTITY);
        let form_resources = get_dict(doc, &stream.dict, b"Resources").or(resources);
        let mut form_state = gs.clone();
        form_state.ctm = matrix.then(&gs.ctm);
        self.form_stack.push(id);
        let result = self.run(&content, form_resources, form_state);
        self.form_stack.pop();
        result
    }

    /// Shows a string: one glyph per character of each code's text, advancing `tm`.
    fn show(&mut self, bytes: &[u8], gs: &GraphicsState, tm: &mut Matrix) -> Result<(), PdfError> {
        let font = gs
            .font
            .clone()
            .unwrap_or_else(|| self.fallback_font.clone());
        let size = gs.font_size;
        let h_scale = gs.horizontal_scaling;
        let vertical = font.is_vertical();
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut result = Ok(());
        let mut full = tm.then(&gs.ctm).then(&self.page_transform);
        // The em size is the same for the whole string: advancing moves
        // only the matrix's translation.
        let (ux, uy) = full.apply_vector(0.0, size);
        let em = ((ux * ux + uy * uy).sqrt() * f64::from(font.size_factor)) as f32;
        let shown_before = self.glyphs.len();
        font.for_each_code(bytes, &mut scratch, |text, code| {
            if result.is_err() {
                return;
            }
            let spacing = gs.char_spacing
                + if code.is_word_space {
                    gs.word_spacing
                } else {
                    0.0
                };
            let glyph_width = f64::from(code.width) * size;
            // A letter's width is its own; a space's is its whole advance, since producers
            // shrink spaces to nothing with negative word spacing to kern (Ghostscript).
            let painted_width = if code.is_word_space || text == " " {
                (glyph_width + spacing).max(0.0)
            } else {
                glyph_width
            };
            let (origin, advance_vector) = if vertical {
                // Vertical writing: the glyph hangs below its origin, centred on it.
                (
                    full.apply(-glyph_width / 2.0, -0.88 * size),
                    full.apply_vector(painted_width, 0.0),
                )
            } else {
                (
                    full.apply(0.0, gs.rise),
                    full.apply_vector(painted_width * h_scale, 0.0),
                )
            };
            result = self.emit(text, origin, advance_vector, em);
            // Advance the text matrix (and the combined matrix with it).
            let (tx, ty) = if vertical {
                (0.0, f64::from(code.vertical_advance) * size + spacing)
            } else {
                ((glyph_width + spacing) * h_scale, 0.0)
            };
            for m in [&mut *tm, &mut full] {
                m.e += tx * m.a + ty * m.c;
                m.f += tx * m.b + ty * m.d;
            }
        });
        self.scratch = scratch;
        if gs.invisible {
            self.paint.invisible_glyphs += self.glyphs.len() - shown_before;
        }
        result
    }

    fn emit(
        &mut self,
        text: &str,
        origin: (f64, f64),
        advance: (f64, f64),
        size: f32,
    ) -> Result<(), PdfError> {
        let (x, y) = origin;
        if !(x.is_finite() && y.is_finite() && advance.0.is_finite() && advance.1.is_finite()) {
            return Ok(());
        }
        // Most codes are one character and no ligature: no list to make.
        let mut one = text.chars();
        if let (Some(c), None) = (one.next(), one.next()) {
            if expand_ligature(c).is_none() {
                return self.push_glyphs(&[c], origin, advance, size);
            }
        }
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        for c in text.chars() {
            match expand_ligature(c) {
                Some(letters) => chars.extend(letters.chars()),
                None => chars.push(c),
            }
        }
        let result = self.push_glyphs(&chars, origin, advance, size);
        self.chars = chars;
        result
    }

    fn push_glyphs(
        &mut self,
        chars: &[char],
        (x, y): (f64, f64),
        advance: (f64, f64),
        size: f32,
    ) -> Result<(), PdfError> {
        let n = chars.len();
        if n == 0 {
            return Ok(());
        }
        // Nearly every glyph advances level and rightwards, one letter to
        // its glyph: then the length of its advance is the advance itself
        // and its direction (1, ±0), as the square root and the divisions
        // below would give them exactly (in binary floating point the root
        // of x² is |x| while x² neither overflows nor underflows:
        // `LEVEL_ADVANCE`), without their latency.
        let level = advance.1 == 0.0 && LEVEL_ADVANCE.contains(&advance.0);
        let width = if level {
            advance.0
        } else {
            (advance.0 * advance.0 + advance.1 * advance.1).sqrt()
        };
        let share = if n == 1 { width } else { width / n as f64 };
        let (dx, dy) = if level {
            (1.0, advance.1)
        } else if width > 0.0 {
            (advance.0 / width, advance.1 / width)
        } else {
            (1.0, 0.0)
        };
        if width > 0.0 {
            self.bearings.count(dx, dy, n);
        }
        // One glyph that stands for several letters (a ligature) is shared
        // out among them along its advance. A glyph of a right-to-left
        // script is painted for letters read from its right end: lam-alef
        // "لا" has its lam on the right, so its letters are laid out from
        // there, and reading the line from the right keeps their order.
        let right_to_left = n > 1 && chars.iter().any(|&c| is_rtl(c));
        for (i, &ch) in chars.iter().enumerate() {
            self.glyph_count += 1;
            if self.glyph_count > self.limits.max_glyphs {
                return Err(PdfError::TooLarge(format!(
                    "more than {} glyphs (max_glyphs)",
                    self.limits.max_glyphs
                )));
            }
            let place = if right_to_left { n - 1 - i } else { i };
            let offset = share * place as f64;
            self.glyphs.push(Glyph {
                ch,
                x: (x + dx * offset) as f32,
                y: (y + dy * offset) as f32,
                width: share as f32,
                size: if size.is_finite() { size } else { 0.0 },
            });
        }
        Ok(())
    }
}

/// Advances (page units) whose square neither overflows nor underflows,
/// so that `sqrt(x * x) == x` exactly: [`Interpreter::push_glyphs`] takes
/// such a level advance as its own length. Far wider than any page.
pub(super) const LEVEL_ADVANCE: std::ops::RangeInclusive<f64> = 1e-100..=1e100;

/// Latin presentation-form ligatures as their letters.
fn expand_ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

/// Arrays kept for reuse: operands nest them at most [`MAX_ARRAY_DEPTH`] deep.
const MAX_SPARE_ARRAYS: usize = MAX_ARRAY_DEPTH;
/// A bigger array than a line's TJ is not kept, so that one garbage array
/// does not pin its memory for the rest of the stream.
const MAX_SPARE_ARRAY_CAPACITY: usize = 4096;

/// Hands an operand's buffers back for the next ones: the lexer's decoded
/// strings and the arrays (a page has a TJ array per line or more).
fn recycle<'a>(
    operand: Operand<'a>,
    lexer: &mut Lexer<'a>,
    spare_arrays: &mut Vec<Vec<Operand<'a>>>,
) {
    match operand {
        Operand::Name(Cow::Owned(buffer)) | Operand::Str(Cow::Owned(buffer)) => {
            lexer.recycle(buffer)
        }
        Operand::Array(mut items) => {
            for item in items.drain(..) {
                recycle(item, lexer, spare_arrays);
            }
            if spare_arrays.len() < MAX_SPARE_ARRAYS && items.capacity() <= MAX_SPARE_ARRAY_CAPACITY
            {
                spare_arrays.push(items);
            }
        }
        _ => {}
    }
}

/// A `TJ` array's number: moves the next glyph back by thousandths of the font size.
fn kern(n: f32, gs: &GraphicsState, vertical: bool, tm: &mut Matrix) {
    let adjust = -f64::from(n) / 1000.0 * gs.font_size;
    let shift = if vertical {
        Matrix::translation(0.0, adjust)
    } else {
        Matrix::translation(adjust * gs.horizontal_scaling, 0.0)
    };
    *tm = shift.then(tm);
}

fn push_operand<'a>(
    operands: &mut Vec<Operand<'a>>,
    arrays: &mut [Vec<Operand<'a>>],
    flat: &mut FlatArrays,
    operand: Operand<'a>,
) {
    match arrays.last_mut() {
        Some(array) => {
            if array.len() < MAX_ARRAY_ELEMENTS {
                array.push(operand);
            }
        }
        None => {
            if operands.len() >= MAX_OPERANDS {
                operands.clear();
                flat.clear();
            }
            operands.push(operand);
        }
    }
}

/// The last six operands as a matrix.
fn matrix_operand(ops: &[Operand]) -> Option<Matrix> {
    let start = ops.len().checked_sub(6)?;
    // On the stack: a page has a `Tm` or `cm` per line or more.
    let mut values = [0.0; 6];
    let mut n = 0;
    for v in ops.get(start..)?.iter().filter_map(Operand::number) {
        values[n] = v;
        n += 1;
    }
    Matrix::from_slice(&values[..n])
}
