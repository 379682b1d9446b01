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

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
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

    fn skip_whitespace_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_whitespace_and_comments();
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
                    while self.peek().is_some_and(is_regular) {
                        self.pos += 1;
                    }
                    let word = &self.data[start..self.pos];
                    return Some(match parse_number(word) {
                        Some(n) => Token::Number(n),
                        None => Token::Keyword(word),
                    });
                }
                _ if is_regular(b) => {
                    let start = self.pos;
                    while self.peek().is_some_and(is_regular) {
                        self.pos += 1;
                    }
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
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
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
        self.hex_string_into(&mut out);
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
        let (pos, items_before, bytes_before) = (self.pos, items.len(), bytes.len());
        loop {
            self.skip_whitespace_and_comments();
            let Some(b) = self.peek() else { break };
            match b {
                b']' => {
                    self.pos += 1;
                    return true;
                }
                b'<' if self.data.get(self.pos + 1) != Some(&b'<') => {
                    self.pos += 1;
                    let start = bytes.len();
                    self.hex_string_into(bytes);
                    items.push(ArrayItem::Str(start, bytes.len()));
                }
                b'(' => {
                    self.pos += 1;
                    let start = bytes.len();
                    match self.literal_string() {
                        Cow::Borrowed(text) => bytes.extend_from_slice(text),
                        Cow::Owned(buffer) => {
                            bytes.extend_from_slice(&buffer);
                            self.recycle(buffer);
                        }
                    }
                    items.push(ArrayItem::Str(start, bytes.len()));
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let start = self.pos;
                    while self.peek().is_some_and(is_regular) {
                        self.pos += 1;
                    }
                    match parse_number(&self.data[start..self.pos]) {
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
        self.pos = pos;
        items.truncate(items_before);
        bytes.truncate(bytes_before);
        false
    }

    /// After the opening '<': decodes the string into `out`.
    fn hex_string_into(&mut self, out: &mut Vec<u8>) {
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
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

/// Parses a PDF number leniently (`4.`, `.5`, `-.002`, and readers' tolerance
/// of doubled signs such as `--5`). `None` when the word is not a number.
pub fn parse_number(word: &[u8]) -> Option<f32> {
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
    // Trailing junk ("12.5.3", "4-") is tolerated as readers do: the prefix counts.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
