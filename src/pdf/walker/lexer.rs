//! Tokenizer for content streams (and the PostScript-like syntax of CMaps and
//! Type 1 font headers).
//!
//! It hands out one token at a time, borrowing from the input where it can, so a
//! page with millions of operators costs no more memory than its bytes. It never
//! fails: bytes that make no token are skipped, every call consumes at least
//! one byte or reports the end, and no construct nests on the call stack. It
//! does not know what operators mean; inline image data is the one thing it
//! must skip on its own, since those bytes are binary and contain no tokens.

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Number(f32),
    /// A name without its slash, `#xx` escapes resolved.
    Name(Cow<'a, [u8]>),
    /// A literal or hex string, escapes resolved.
    Str(Cow<'a, [u8]>),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    /// A bare keyword: an operator, or `true`/`false`/`null`.
    Keyword(&'a [u8]),
    /// `BI … ID <data> EI`: the whole inline image, already skipped.
    InlineImage,
}

/// An element of an array read by [`Lexer::flat_array`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArrayItem {
    Number(f32),
    /// A string: its decoded bytes' range in the array's byte buffer.
    Str(usize, usize),
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Emptied buffers handed back by [`Lexer::recycle`], refilled by the next
    /// string or name that must be decoded: a page shows thousands of hex
    /// strings, and one allocation each was a tenth of the walk's time.
    spare: Vec<Vec<u8>>,
}

/// Buffers kept for reuse; a page's operands hold at most a few strings at once.
const MAX_SPARE_BUFFERS: usize = 16;
/// A buffer bigger than a long line's string is not kept, so that one huge
/// string does not pin its memory for the rest of the stream.
const MAX_SPARE_BUFFER_CAPACITY: usize = 64 << 10;

/// What a byte is to the tokenizer (ISO 32000-1, 7.2.2): looked up in a
/// table because every byte of a content stream is classified.
const WHITESPACE: u8 = 1;
const DELIMITER: u8 = 2;
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let white = b" \t\r\n\x0c\0";
    let mut i = 0;
    while i < white.len() {
        class[white[i] as usize] = WHITESPACE;
        i += 1;
    }
    let delimiters = b"()<>[]{}/%";
    let mut i = 0;
    while i < delimiters.len() {
        class[delimiters[i] as usize] = DELIMITER;
        i += 1;
    }
    class
};

fn is_whitespace(b: u8) -> bool {
    CLASS[usize::from(b)] == WHITESPACE
}

fn is_delimiter(b: u8) -> bool {
    CLASS[usize::from(b)] == DELIMITER
}

fn is_regular(b: u8) -> bool {
    CLASS[usize::from(b)] == 0
}

/// Each byte's value as a hex digit, [`NOT_HEX`] for the others: looked up
/// in a table because hex strings are most of a Word page's bytes, two
/// digits a glyph.
const NOT_HEX: u8 = 0xff;
const HEX_VALUE: [u8; 256] = {
    let mut value = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        value[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        value[b'a' as usize + i] = 10 + i as u8;
        value[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    value
};

fn hex_value(b: u8) -> Option<u8> {
    let value = HEX_VALUE[usize::from(b)];
    (value != NOT_HEX).then_some(value)
}

/// Where the whitespace and comments that start at `i` end.
#[inline(always)]
fn after_whitespace_and_comments(data: &[u8], mut i: usize) -> usize {
    while let Some(&b) = data.get(i) {
        if is_whitespace(b) {
            i += 1;
        } else if b == b'%' {
            // Up to the line's end, which the next turn skips.
            i = data[i..]
                .iter()
                .position(|&c| c == b'\n' || c == b'\r')
                .map_or(data.len(), |n| i + n);
        } else {
            break;
        }
    }
    i
}

/// Decodes the hex string whose digits start at `i` (after its '<') into
/// `out`: where it ends, after its '>'. Most strings are pairs of digits
/// up to the '>', two a byte, read here; what else a string may hold is
/// left to [`hex_string_rest`].
#[inline(always)]
fn hex_string(data: &[u8], i: usize, out: &mut Vec<u8>) -> usize {
    let i = hex_pairs(data, i, out);
    if data.get(i) == Some(&b'>') {
        i + 1
    } else {
        hex_string_rest(data, i, out)
    }
}

/// The rest of a hex string from `i`, a byte at a time: whitespace and junk
/// are skipped, and a lone last digit is padded with a zero. Where it ends.
#[inline(never)]
fn hex_string_rest(data: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    let mut high: Option<u8> = None;
    while let Some(&b) = data.get(i) {
        i += 1;
        if b == b'>' {
            break;
        }
        if let Some(v) = hex_value(b) {
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    i
}

/// Decodes the pairs of hex digits that start at `i` into `out`, up to the
/// first byte that is not one: where that is.
#[inline(always)]
fn hex_pairs(data: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    while i + 1 < data.len() {
        let (high, low) = (
            HEX_VALUE[usize::from(data[i])],
            HEX_VALUE[usize::from(data[i + 1])],
        );
        if (high | low) == NOT_HEX {
            break;
        }
        out.push(high << 4 | low);
        i += 2;
    }
    i
}

/// Where the run of regular bytes that starts at `start` ends.
fn regular_run_end(data: &[u8], start: usize) -> usize {
    data[start..]
        .iter()
        .position(|&b| !is_regular(b))
        .map_or(data.len(), |n| start + n)
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            spare: Vec::new(),
        }
    }

    /// Takes back the buffer of a decoded token that is no longer needed.
    pub fn recycle(&mut self, mut buffer: Vec<u8>) {
        if self.spare.len() < MAX_SPARE_BUFFERS && buffer.capacity() <= MAX_SPARE_BUFFER_CAPACITY {
            buffer.clear();
            self.spare.push(buffer);
        }
    }

    fn buffer(&mut self) -> Vec<u8> {
        self.spare.pop().unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// The next token, or `None` at the end of the data.
    #[inline]
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.pos = after_whitespace_and_comments(self.data, self.pos);
            let b = self.peek()?;
            match b {
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(self.name()));
                }
                b'(' => {
                    self.pos += 1;
                    return Some(Token::Str(self.literal_string()));
                }
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Token::DictStart);
                    }
                    self.pos += 1;
                    return Some(Token::Str(Cow::Owned(self.hex_string())));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictEnd);
                    }
                    // A lone '>' is garbage.
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayStart);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayEnd);
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let start = self.pos;
                    let (end, number) = number_at(self.data, start);
                    self.pos = end;
                    return Some(match number {
                        Some(n) => Token::Number(n),
                        None => Token::Keyword(&self.data[start..end]),
                    });
                }
                _ if is_regular(b) => {
                    let start = self.pos;
                    self.pos = regular_run_end(self.data, start);
                    let word = &self.data[start..self.pos];
                    if word == b"ID" {
                        self.skip_inline_image_data();
                        return Some(Token::InlineImage);
                    }
                    return Some(Token::Keyword(word));
                }
                _ => {
                    // ')', '{', '}' out of place: skip.
                    self.pos += 1;
                }
            }
        }
    }

    fn name(&mut self) -> Cow<'a, [u8]> {
        let start = self.pos;
        self.pos = regular_run_end(self.data, start);
        let raw = &self.data[start..self.pos];
        if !raw.contains(&b'#') {
            return Cow::Borrowed(raw);
        }
        let mut out = self.buffer();
        let mut i = 0;
        while i < raw.len() {
            let b = raw[i];
            if b == b'#' {
                if let (Some(h), Some(l)) = (
                    raw.get(i + 1).copied().and_then(hex_value),
                    raw.get(i + 2).copied().and_then(hex_value),
                ) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
            }
            out.push(b);
            i += 1;
        }
        Cow::Owned(out)
    }

    /// After the opening parenthesis.
    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        let start = self.pos;
        let mut depth = 0usize;
        // Fast path: no escapes and no CR (which a reader turns into LF).
        let mut plain = true;
        let mut end = None;
        let mut i = self.pos;
        while let Some(&b) = self.data.get(i) {
            match b {
                b'\\' | b'\r' => {
                    plain = false;
                    break;
                }
                b'(' => depth += 1,
                b')' => {
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            i += 1;
        }
        if plain {
            let stop = end.unwrap_or(self.data.len());
            self.pos = (stop + 1).min(self.data.len());
            return Cow::Borrowed(&self.data[start..stop]);
        }

        let mut out = self.buffer();
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    if depth == 0 {
                        return Cow::Owned(out);
                    }
                    depth -= 1;
                    out.push(b);
                }
                b'\r' => {
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xff) as u8);
                        }
                        b'\r' => {
                            // Line continuation.
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
        Cow::Owned(out)
    }

    /// After the opening '<'.
    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = self.buffer();
        self.pos = hex_string(self.data, self.pos, &mut out);
        out
    }

    /// After a `[`: reads an array that holds numbers and strings alone (a
    /// `TJ` array) up to its `]`, appending its elements to `items` and the
    /// strings' bytes to `bytes`, and returns true. Anything else in it (a
    /// name, an operator, a nested array or dictionary, the data's end,
    /// more than `max_items` elements) leaves the lexer, `items` and `bytes`
    /// as they were and returns false: the caller then reads the array
    /// token by token. Word writes a kerning number between every two
    /// glyphs, and handing each element out as its own token was a tenth
    /// of the walk.
    pub fn flat_array(
        &mut self,
        items: &mut Vec<ArrayItem>,
        bytes: &mut Vec<u8>,
        max_items: usize,
    ) -> bool {
        let data = self.data;
        let (pos, items_before, bytes_before) = (self.pos, items.len(), bytes.len());
        // The position is held here, and in `self.pos` only for the
        // methods that read on from it.
        let mut i = pos;
        loop {
            i = after_whitespace_and_comments(data, i);
            let Some(&b) = data.get(i) else { break };
            match b {
                b']' => {
                    self.pos = i + 1;
                    return true;
                }
                b'<' if data.get(i + 1) != Some(&b'<') => {
                    let start = bytes.len();
                    i = hex_string(data, i + 1, bytes);
                    items.push(ArrayItem::Str(start, bytes.len()));
                }
                b'(' => {
                    self.pos = i + 1;
                    let start = bytes.len();
                    match self.literal_string() {
                        Cow::Borrowed(text) => bytes.extend_from_slice(text),
                        Cow::Owned(buffer) => {
                            bytes.extend_from_slice(&buffer);
                            self.recycle(buffer);
                        }
                    }
                    i = self.pos;
                    items.push(ArrayItem::Str(start, bytes.len()));
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let (end, number) = match plain_number(data, i) {
                        Some((end, number)) => (end, number),
                        None => match scan_number(data, i) {
                            (end, Some(number)) => (end, number),
                            (_, None) => break,
                        },
                    };
                    i = end;
                    items.push(ArrayItem::Number(number));
                }
                _ => break,
            }
            if items.len() - items_before > max_items {
                break;
            }
        }
        self.pos = pos;
        items.truncate(items_before);
        bytes.truncate(bytes_before);
        false
    }

    /// After the `ID` keyword: skip one whitespace byte, then the binary data up
    /// to an `EI` that stands alone and is followed by what looks like content
    /// again (image data can contain "EI" by chance).
    fn skip_inline_image_data(&mut self) {
        if self.peek().is_some_and(is_whitespace) {
            self.pos += 1;
        }
        let data = self.data;
        let mut i = self.pos;
        while i + 1 < data.len() {
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && (i == 0 || is_whitespace(data[i - 1]) || i == self.pos)
                && data
                    .get(i + 2)
                    .is_none_or(|&b| is_whitespace(b) || is_delimiter(b))
                && looks_like_content(&data[i + 2..])
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
    }
}

/// True when the bytes after a candidate `EI` read like content-stream text:
/// printable ASCII and whitespace for a short stretch.
fn looks_like_content(rest: &[u8]) -> bool {
    rest.iter()
        .take(32)
        .all(|&b| is_whitespace(b) || (0x20..0x7f).contains(&b))
}

/// A whole word read as a number, as [`scan_number`] reads it (the tests'
/// way to ask).
#[cfg(test)]
pub fn parse_number(word: &[u8]) -> Option<f32> {
    match number_at(word, 0) {
        (end, number) if end == word.len() => number,
        _ => None,
    }
}

/// Integer digits that [`plain_number`] sums in a `u64`: up to 15 digits
/// the sum is below 2^53, where an `f64` holds every integer, so converting
/// it gives the `f64` that [`scan_number`] sums digit by digit.
const EXACT_INTEGER_DIGITS: usize = 15;

/// The number at `start`, as [`scan_number`] reads it: where its run of
/// regular bytes ends, and its value or `None`. [`plain_number`] reads
/// nearly all of them faster.
#[inline(always)]
fn number_at(data: &[u8], start: usize) -> (usize, Option<f32>) {
    match plain_number(data, start) {
        Some((end, number)) => (end, Some(number)),
        None => scan_number(data, start),
    }
}

/// The number at `start` and where it ends when it has one of the forms
/// nearly all numbers take, `12`, `-4`, `0.75`, `-.5`, `72.024`: at most one
/// minus sign, at most [`EXACT_INTEGER_DIGITS`] integer digits, whitespace or
/// a delimiter (or the end) after it. `None` for the others, which
/// [`scan_number`] reads; the value is the same either way, bit for bit.
/// Reading the number as it is scanned, rather than finding the word's end
/// and then parsing it, was most of the lexer's gain (BENCHMARKS.md,
/// fifteenth session).
#[inline(always)]
fn plain_number(data: &[u8], start: usize) -> Option<(usize, f32)> {
    let mut i = start;
    let negative = data.get(i) == Some(&b'-');
    i += usize::from(negative);
    let digits_start = i;
    // Wraps past 19 digits, but then the number is not read here.
    let mut whole: u64 = 0;
    while let Some(&b) = data.get(i) {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        whole = whole.wrapping_mul(10).wrapping_add(u64::from(digit));
        i += 1;
    }
    let mut digits = i - digits_start;
    if digits > EXACT_INTEGER_DIGITS {
        return None;
    }
    // Exact: `whole` < 10^15 < 2^53 (and the signed conversion is the
    // shorter one).
    let mut value = whole as i64 as f64;
    if data.get(i) == Some(&b'.') {
        i += 1;
        let fraction_start = i;
        // As `scan_number` sums them.
        let mut scale = 0.1;
        while let Some(&b @ b'0'..=b'9') = data.get(i) {
            value += f64::from(b - b'0') * scale;
            scale *= 0.1;
            i += 1;
        }
        digits += i - fraction_start;
    }
    if digits == 0 || data.get(i).is_some_and(|&b| is_regular(b)) {
        return None;
    }
    let value = if negative { -value } else { value };
    // Finite: below 10^15.
    Some((i, value as f32))
}

/// Reads the run of regular bytes at `start` as a number leniently (`4.`,
/// `.5`, `-.002`, and readers' tolerance of doubled signs such as `--5`):
/// where the run ends, and its value, or `None` when it is not a number
/// (it is then a keyword). The sums are the ones the lexer has always made,
/// so that every number keeps its `f32`.
#[cold]
#[inline(never)]
fn scan_number(data: &[u8], start: usize) -> (usize, Option<f32>) {
    let mut i = start;
    let mut negative = false;
    loop {
        match data.get(i) {
            Some(b'-') => negative = !negative,
            Some(b'+') => {}
            _ => break,
        }
        i += 1;
    }
    let digits_start = i;
    let mut value: f64 = 0.0;
    while let Some(&b @ b'0'..=b'9') = data.get(i) {
        value = value * 10.0 + f64::from(b - b'0');
        i += 1;
    }
    let mut digits = i - digits_start;
    if data.get(i) == Some(&b'.') {
        i += 1;
        let fraction_start = i;
        let mut scale = 0.1;
        while let Some(&b @ b'0'..=b'9') = data.get(i) {
            value += f64::from(b - b'0') * scale;
            scale *= 0.1;
            i += 1;
        }
        digits += i - fraction_start;
    }
    // Trailing junk ("12.5.3", "4-") is tolerated as readers do: the prefix
    // counts. Anything else in the run makes it a keyword.
    let mut number = digits > 0;
    while let Some(&b) = data.get(i) {
        if !is_regular(b) {
            break;
        }
        number &= matches!(b, b'0'..=b'9' | b'.' | b'-' | b'+');
        i += 1;
    }
    if !number {
        return (i, None);
    }
    let value = if negative { -value } else { value };
    let value = value as f32;
    (i, value.is_finite().then_some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lexer as it was before it was made faster (main at beef378),
    /// kept as the oracle that the fast one must match, token for token and
    /// bit for bit, on every input.
    mod reference {
        use super::super::{is_regular, is_whitespace};
        use super::super::{ArrayItem, Token};
        use std::borrow::Cow;

        /// The parts that changed; the others (literal strings, inline
        /// images, the buffers) are the live lexer's, which it wraps.
        pub(super) struct Lexer<'a> {
            live: super::super::Lexer<'a>,
        }

        fn hex_value(b: u8) -> Option<u8> {
            match b {
                b'0'..=b'9' => Some(b - b'0'),
                b'a'..=b'f' => Some(b - b'a' + 10),
                b'A'..=b'F' => Some(b - b'A' + 10),
                _ => None,
            }
        }

        impl<'a> Lexer<'a> {
            pub(super) fn new(data: &'a [u8]) -> Self {
                Lexer {
                    live: super::super::Lexer::new(data),
                }
            }

            fn skip_whitespace_and_comments(&mut self) {
                while let Some(b) = self.live.peek() {
                    if is_whitespace(b) {
                        self.live.pos += 1;
                    } else if b == b'%' {
                        while let Some(c) = self.live.peek() {
                            if c == b'\n' || c == b'\r' {
                                break;
                            }
                            self.live.pos += 1;
                        }
                    } else {
                        break;
                    }
                }
            }

            pub(super) fn next_token(&mut self) -> Option<Token<'a>> {
                loop {
                    self.skip_whitespace_and_comments();
                    let b = self.live.peek()?;
                    match b {
                        b'/' => {
                            self.live.pos += 1;
                            return Some(Token::Name(self.name()));
                        }
                        b'(' => {
                            self.live.pos += 1;
                            return Some(Token::Str(self.live.literal_string()));
                        }
                        b'<' => {
                            if self.live.data.get(self.live.pos + 1) == Some(&b'<') {
                                self.live.pos += 2;
                                return Some(Token::DictStart);
                            }
                            self.live.pos += 1;
                            return Some(Token::Str(Cow::Owned(self.hex_string())));
                        }
                        b'>' => {
                            self.live.pos += 1;
                            if self.live.peek() == Some(b'>') {
                                self.live.pos += 1;
                                return Some(Token::DictEnd);
                            }
                        }
                        b'[' => {
                            self.live.pos += 1;
                            return Some(Token::ArrayStart);
                        }
                        b']' => {
                            self.live.pos += 1;
                            return Some(Token::ArrayEnd);
                        }
                        b'+' | b'-' | b'.' | b'0'..=b'9' => {
                            let start = self.live.pos;
                            while self.live.peek().is_some_and(is_regular) {
                                self.live.pos += 1;
                            }
                            let word = &self.live.data[start..self.live.pos];
                            return Some(match parse_number(word) {
                                Some(n) => Token::Number(n),
                                None => Token::Keyword(word),
                            });
                        }
                        _ if is_regular(b) => {
                            let start = self.live.pos;
                            while self.live.peek().is_some_and(is_regular) {
                                self.live.pos += 1;
                            }
                            let word = &self.live.data[start..self.live.pos];
                            if word == b"ID" {
                                self.live.skip_inline_image_data();
                                return Some(Token::InlineImage);
                            }
                            return Some(Token::Keyword(word));
                        }
                        _ => {
                            self.live.pos += 1;
                        }
                    }
                }
            }

            fn name(&mut self) -> Cow<'a, [u8]> {
                let start = self.live.pos;
                while self.live.peek().is_some_and(is_regular) {
                    self.live.pos += 1;
                }
                let raw = &self.live.data[start..self.live.pos];
                if !raw.contains(&b'#') {
                    return Cow::Borrowed(raw);
                }
                let mut out = self.live.buffer();
                let mut i = 0;
                while i < raw.len() {
                    let b = raw[i];
                    if b == b'#' {
                        if let (Some(h), Some(l)) = (
                            raw.get(i + 1).copied().and_then(hex_value),
                            raw.get(i + 2).copied().and_then(hex_value),
                        ) {
                            out.push(h << 4 | l);
                            i += 3;
                            continue;
                        }
                    }
                    out.push(b);
                    i += 1;
                }
                Cow::Owned(out)
            }

            fn hex_string(&mut self) -> Vec<u8> {
                let mut out = self.live.buffer();
                self.hex_string_into(&mut out);
                out
            }

            pub(super) fn flat_array(
                &mut self,
                items: &mut Vec<ArrayItem>,
                bytes: &mut Vec<u8>,
                max_items: usize,
            ) -> bool {
                let (pos, items_before, bytes_before) = (self.live.pos, items.len(), bytes.len());
                loop {
                    self.skip_whitespace_and_comments();
                    let Some(b) = self.live.peek() else { break };
                    match b {
                        b']' => {
                            self.live.pos += 1;
                            return true;
                        }
                        b'<' if self.live.data.get(self.live.pos + 1) != Some(&b'<') => {
                            self.live.pos += 1;
                            let start = bytes.len();
                            self.hex_string_into(bytes);
                            items.push(ArrayItem::Str(start, bytes.len()));
                        }
                        b'(' => {
                            self.live.pos += 1;
                            let start = bytes.len();
                            match self.live.literal_string() {
                                Cow::Borrowed(text) => bytes.extend_from_slice(text),
                                Cow::Owned(buffer) => {
                                    bytes.extend_from_slice(&buffer);
                                    self.live.recycle(buffer);
                                }
                            }
                            items.push(ArrayItem::Str(start, bytes.len()));
                        }
                        b'+' | b'-' | b'.' | b'0'..=b'9' => {
                            let start = self.live.pos;
                            while self.live.peek().is_some_and(is_regular) {
                                self.live.pos += 1;
                            }
                            match parse_number(&self.live.data[start..self.live.pos]) {
                                Some(n) => items.push(ArrayItem::Number(n)),
                                None => break,
                            }
                        }
                        _ => break,
                    }
                    if items.len() - items_before > max_items {
                        break;
                    }
                }
                self.live.pos = pos;
                items.truncate(items_before);
                bytes.truncate(bytes_before);
                false
            }

            fn hex_string_into(&mut self, out: &mut Vec<u8>) {
                let mut high: Option<u8> = None;
                while let Some(b) = self.live.peek() {
                    self.live.pos += 1;
                    if b == b'>' {
                        break;
                    }
                    if let Some(v) = hex_value(b) {
                        match high.take() {
                            Some(h) => out.push(h << 4 | v),
                            None => high = Some(v),
                        }
                    }
                }
                if let Some(h) = high {
                    out.push(h << 4);
                }
            }
        }

        pub(super) fn parse_number(word: &[u8]) -> Option<f32> {
            let mut i = 0;
            let mut negative = false;
            while let Some(&b) = word.get(i) {
                match b {
                    b'-' => negative = !negative,
                    b'+' => {}
                    _ => break,
                }
                i += 1;
            }
            let mut int_part: f64 = 0.0;
            let mut digits = 0;
            while let Some(&b @ b'0'..=b'9') = word.get(i) {
                int_part = int_part * 10.0 + f64::from(b - b'0');
                digits += 1;
                i += 1;
            }
            let mut value = int_part;
            if word.get(i) == Some(&b'.') {
                i += 1;
                let mut scale = 0.1;
                while let Some(&b @ b'0'..=b'9') = word.get(i) {
                    value += f64::from(b - b'0') * scale;
                    scale *= 0.1;
                    digits += 1;
                    i += 1;
                }
            }
            if digits == 0 {
                return None;
            }
            if i < word.len()
                && !word[i..]
                    .iter()
                    .all(|&b| matches!(b, b'0'..=b'9' | b'.' | b'-' | b'+'))
            {
                return None;
            }
            let value = if negative { -value } else { value };
            let value = value as f32;
            value.is_finite().then_some(value)
        }
    }

    fn tokens(data: &[u8]) -> Vec<Token<'_>> {
        let mut lexer = Lexer::new(data);
        std::iter::from_fn(|| lexer.next_token()).collect()
    }

    fn s(bytes: &[u8]) -> Token<'_> {
        Token::Str(Cow::Borrowed(bytes))
    }

    #[test]
    fn numbers_names_and_operators() {
        assert_eq!(
            tokens(b"1 -2.5 .5 4. /F1 12 Tf"),
            vec![
                Token::Number(1.0),
                Token::Number(-2.5),
                Token::Number(0.5),
                Token::Number(4.0),
                Token::Name(Cow::Borrowed(b"F1")),
                Token::Number(12.0),
                Token::Keyword(b"Tf"),
            ]
        );
    }

    /// `flat_array` after the `[` of `data`: the elements, their strings
    /// and the token that follows, or `None` when it leaves the array.
    fn flat(data: &[u8], max: usize) -> Option<(Vec<ArrayItem>, Vec<u8>, Option<Token<'_>>)> {
        let mut lexer = Lexer::new(data);
        assert_eq!(lexer.next_token(), Some(Token::ArrayStart));
        let (mut items, mut bytes) = (vec![ArrayItem::Number(9.0)], b"z".to_vec());
        let read = lexer.flat_array(&mut items, &mut bytes, max);
        let next = lexer.next_token();
        if !read {
            // Nothing consumed, nothing added.
            assert_eq!(
                (items, bytes),
                (vec![ArrayItem::Number(9.0)], b"z".to_vec())
            );
            assert_ne!(next, Some(Token::ArrayEnd));
            return None;
        }
        Some((items.split_off(1), bytes, next))
    }

    #[test]
    fn a_tj_array_of_strings_and_numbers_is_read_whole() {
        assert_eq!(
            flat(b"[<0038>-9 (a\\)b) % note\n 3.5<41 4>]TJ", 8),
            Some((
                vec![
                    ArrayItem::Str(1, 3),
                    ArrayItem::Number(-9.0),
                    ArrayItem::Str(3, 6),
                    ArrayItem::Number(3.5),
                    ArrayItem::Str(6, 8),
                ],
                b"z\x00\x38a)bA\x40".to_vec(),
                Some(Token::Keyword(b"TJ")),
            ))
        );
        assert_eq!(flat(b"[]", 8), Some((vec![], b"z".to_vec(), None)));
    }

    #[test]
    fn an_array_with_anything_but_strings_and_numbers_is_left_to_the_tokens() {
        assert_eq!(flat(b"[(a) /F1 (b)] TJ", 8), None);
        assert_eq!(flat(b"[(a) 0 Tc (b)] TJ", 8), None);
        assert_eq!(flat(b"[(a) [1] (b)] TJ", 8), None);
        assert_eq!(flat(b"[(a) <</A 1>> (b)] TJ", 8), None);
        assert_eq!(flat(b"[(a) 1 2", 8), None);
        assert_eq!(flat(b"[1 2 3]", 2), None);
        assert!(flat(b"[1 2 3]", 3).is_some());
    }

    #[test]
    fn name_escapes_are_resolved() {
        assert_eq!(
            tokens(b"/A#20B"),
            vec![Token::Name(Cow::Owned(b"A B".to_vec()))]
        );
    }

    #[test]
    fn literal_string_escapes() {
        assert_eq!(
            tokens(b"(a\\(b\\)c\\\\d\\n\\101\\7x\\\ny)"),
            vec![s(b"a(b)c\\d\nA\x07xy")]
        );
    }

    #[test]
    fn literal_string_nested_parentheses() {
        assert_eq!(
            tokens(b"(a(b(c))d) Tj"),
            vec![s(b"a(b(c))d"), Token::Keyword(b"Tj")]
        );
    }

    #[test]
    fn unterminated_string_runs_to_the_end() {
        assert_eq!(tokens(b"(abc"), vec![s(b"abc")]);
        assert_eq!(tokens(b"(ab\\"), vec![s(b"ab")]);
    }

    #[test]
    fn hex_strings_ignore_whitespace_and_pad_odd_digits() {
        assert_eq!(tokens(b"<48 65 6c6C 6>"), vec![s(b"Hell`")]);
        assert_eq!(tokens(b"<>"), vec![s(b"")]);
    }

    #[test]
    fn arrays_and_dicts() {
        assert_eq!(
            tokens(b"[(a) -120 (b)] TJ <</MCID 0>> BDC"),
            vec![
                Token::ArrayStart,
                s(b"a"),
                Token::Number(-120.0),
                s(b"b"),
                Token::ArrayEnd,
                Token::Keyword(b"TJ"),
                Token::DictStart,
                Token::Name(Cow::Borrowed(b"MCID")),
                Token::Number(0.0),
                Token::DictEnd,
                Token::Keyword(b"BDC"),
            ]
        );
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(
            tokens(b"% a comment (not a string\n1 % more\r2"),
            vec![Token::Number(1.0), Token::Number(2.0)]
        );
    }

    #[test]
    fn inline_image_data_is_skipped() {
        let data = b"BI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\xff)(EI\x01 EI Q (after) Tj";
        let toks = tokens(data);
        assert_eq!(toks.iter().filter(|t| **t == Token::InlineImage).count(), 1);
        assert_eq!(
            &toks[toks.len() - 3..],
            &[Token::Keyword(b"Q"), s(b"after"), Token::Keyword(b"Tj")]
        );
    }

    #[test]
    fn inline_image_without_end_consumes_the_rest() {
        let toks = tokens(b"BI /W 1 ID \x01\x02\x03");
        assert_eq!(toks.last(), Some(&Token::InlineImage));
    }

    #[test]
    fn garbage_never_stops_or_panics() {
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let mut lexer = Lexer::new(&garbage);
        let mut count = 0;
        while lexer.next_token().is_some() {
            count += 1;
            assert!(count <= garbage.len());
        }
        assert_eq!(
            tokens(b") } { >> > ] 1"),
            vec![Token::DictEnd, Token::ArrayEnd, Token::Number(1.0)]
        );
    }

    #[test]
    fn odd_numbers() {
        assert_eq!(parse_number(b"--5"), Some(5.0));
        assert_eq!(parse_number(b"-"), None);
        assert_eq!(parse_number(b"."), None);
        assert_eq!(parse_number(b"1.5.3"), Some(1.5));
        assert_eq!(parse_number(b"3abc"), None);
    }

    /// A small deterministic generator (xorshift64*), so that the
    /// comparisons with the reference see the same inputs on every run.
    struct Inputs(u64);

    impl Inputs {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'p>(&mut self, choices: &[&'p [u8]]) -> &'p [u8] {
            choices[self.below(choices.len())]
        }
    }

    fn same_number(word: &[u8]) {
        assert_eq!(
            parse_number(word).map(f32::to_bits),
            reference::parse_number(word).map(f32::to_bits),
            "{:?}",
            String::from_utf8_lossy(word)
        );
    }

    /// Every word of up to seven bytes over signs, points, a few digits and
    /// a letter, and every word of up to four over all the digits.
    #[test]
    fn numbers_are_those_of_the_reference_for_every_short_word() {
        fn all(alphabet: &[u8], max_len: usize, word: &mut Vec<u8>) {
            same_number(word);
            if word.len() < max_len {
                for &b in alphabet {
                    word.push(b);
                    all(alphabet, max_len, word);
                    word.pop();
                }
            }
        }
        all(b"0159.-+x", 7, &mut Vec::new());
        all(b"0123456789.-+e ", 4, &mut Vec::new());
        for odd in [
            &b"--5"[..],
            b"4.",
            b".5",
            b"12.5.3",
            b"-.002",
            b"+-+.",
            b"4-",
            b"1e5",
        ] {
            same_number(odd);
        }
    }

    /// Long digit runs on both sides of the point, where the sums round:
    /// integers past 2^53 and past `f32::MAX`, fractions of 30 digits.
    #[test]
    fn long_numbers_are_those_of_the_reference() {
        let mut inputs = Inputs(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            let mut word = Vec::new();
            for _ in 0..inputs.below(3) {
                word.extend_from_slice(inputs.pick(&[b"-", b"+"]));
            }
            let digit_run = |inputs: &mut Inputs, word: &mut Vec<u8>, max: usize| {
                for _ in 0..inputs.below(max) {
                    word.push(b'0' + inputs.below(10) as u8);
                }
            };
            let max = [3, 16, 20, 45][inputs.below(4)];
            digit_run(&mut inputs, &mut word, max);
            if inputs.below(4) > 0 {
                word.push(b'.');
                let max = [4, 10, 31][inputs.below(3)];
                digit_run(&mut inputs, &mut word, max);
            }
            if inputs.below(8) == 0 {
                word.extend_from_slice(inputs.pick(&[b".", b"-", b"+", b"a", b".3"]));
            }
            same_number(&word);
        }
    }

    /// Every token, numbers by their bits, `None` at the end.
    fn token_text(token: Option<Token<'_>>) -> String {
        match token {
            Some(Token::Number(n)) => format!("Number({:#x})", n.to_bits()),
            other => format!("{other:?}"),
        }
    }

    /// Reads `data` with both lexers, reading every array with `flat_array`
    /// first (at a random limit), and asserts that they agree throughout.
    fn same_reading(data: &[u8], inputs: &mut Inputs) {
        let (mut lexer, mut old) = (Lexer::new(data), reference::Lexer::new(data));
        let (mut items, mut bytes) = (Vec::new(), Vec::new());
        let (mut old_items, mut old_bytes) = (Vec::new(), Vec::new());
        let context = || String::from_utf8_lossy(data).into_owned();
        for _ in 0..=data.len() {
            let token = lexer.next_token();
            let done = token.is_none();
            let array = token == Some(Token::ArrayStart);
            assert_eq!(
                token_text(token),
                token_text(old.next_token()),
                "{}",
                context()
            );
            if done {
                return;
            }
            if array {
                let max = inputs.below(10);
                assert_eq!(
                    lexer.flat_array(&mut items, &mut bytes, max),
                    old.flat_array(&mut old_items, &mut old_bytes, max),
                    "{}",
                    context()
                );
                assert_eq!(
                    format!("{items:?}"),
                    format!("{old_items:?}"),
                    "{}",
                    context()
                );
                assert_eq!(bytes, old_bytes, "{}", context());
            }
        }
        panic!("no end: {}", context());
    }

    /// Streams made of the pieces of `[<0036>3<0057>-4]TJ` and of what
    /// goes wrong around them: whitespace and junk in hex strings, odd
    /// digits, a missing `>`, comments, names, literal strings, odd numbers.
    #[test]
    fn token_streams_and_flat_arrays_are_those_of_the_reference() {
        let pieces: &[&[u8]] = &[
            b"[", b"]", b"<", b">", b"<<", b">>", b"(", b")", b"\\", b" ", b"\n", b"\r", b"\t",
            b"%", b"-", b"+", b".", b"0", b"3", b"9", b"00", b"36", b"0057", b"a", b"F", b"g",
            b"e", b"TJ", b"Tj", b"/F1", b"/A#20", b"\x00", b"\xff", b"{", b"-4", b"12.5", b"-.002",
            b"--5", b"4.", b"BI", b"ID", b"EI",
        ];
        let mut inputs = Inputs(0x0123_4567_89ab_cdef);
        for _ in 0..60_000 {
            let mut data = Vec::new();
            for _ in 0..inputs.below(40) {
                data.extend_from_slice(inputs.pick(pieces));
            }
            same_reading(&data, &mut inputs);
        }
        // Word's TJ arrays, long ones and ones cut short.
        let mut word = Vec::new();
        for glyph in 0..600u32 {
            word.extend_from_slice(format!("<{glyph:04X}>{}", glyph as i32 % 23 - 11).as_bytes());
        }
        for cut in [0, 1, 7, 300, word.len() - 3, word.len()] {
            let mut data = b"BT [".to_vec();
            data.extend_from_slice(&word[..cut]);
            data.extend_from_slice(b"]TJ ET");
            same_reading(&data, &mut inputs);
            same_reading(&data[..data.len() - 6], &mut inputs);
        }
    }

    #[test]
    fn hex_strings_are_those_of_the_reference() {
        let mut inputs = Inputs(0xfeed_beef_dead_0001);
        let alphabet = b"0123456789abcdefABCDEFgG< \n\r\t>";
        for round in 0..100_000 {
            // Half of them in an array, for `flat_array`.
            let mut data = if round % 2 == 0 {
                b"<".to_vec()
            } else {
                b"[<".to_vec()
            };
            for _ in 0..inputs.below(24) {
                data.push(alphabet[inputs.below(alphabet.len())]);
            }
            same_reading(&data, &mut inputs);
        }
    }
}
