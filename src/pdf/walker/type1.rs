//! The built-in encoding of an embedded Type 1 font program (`/FontFile`).
//!
//! pdflatex embeds Computer Modern and other Type 1 fonts without `/Encoding`
//! or `/ToUnicode`: the codes mean what the font program's own
//! `/Encoding` array says (`dup 65 /A put`). That array lives in the clear-text
//! part before `eexec`, so no decryption is needed.

use super::lexer::{Lexer, Token};

/// What a font program says about its encoding.
#[derive(Debug, Clone, PartialEq)]
pub enum BuiltinEncoding {
    /// `/Encoding StandardEncoding def`.
    Standard,
    /// Glyph names by code.
    Names(Box<[Option<Vec<u8>>; 256]>),
}

/// Reads the encoding from the clear-text part of a Type 1 font program.
pub fn builtin_encoding(program: &[u8]) -> Option<BuiltinEncoding> {
    let clear_end = find(program, b"eexec").unwrap_or(program.len());
    let clear = &program[..clear_end];
    let start = find(clear, b"/Encoding")?;
    let mut lexer = Lexer::new(&clear[start + b"/Encoding".len()..]);
    let mut names: Box<[Option<Vec<u8>>; 256]> = Box::new(std::array::from_fn(|_| None));
    let mut any = false;
    // The last few tokens: `dup <code> /<name> put`.
    let mut code: Option<usize> = None;
    let mut name: Option<Vec<u8>> = None;
    let mut first = true;
    while let Some(token) = lexer.next_token() {
        match token {
            Token::Keyword(b"StandardEncoding") if first => return Some(BuiltinEncoding::Standard),
            Token::Keyword(b"dup") => {
                code = None;
                name = None;
            }
            Token::Number(n) => {
                code = ((0.0..256.0).contains(&n) && n.fract() == 0.0).then_some(n as usize);
            }
            Token::Name(n) if n.as_ref() != b".notdef" => name = Some(n.into_owned()),
            Token::Keyword(b"put") => {
                if let (Some(c), Some(n)) = (code.take(), name.take()) {
                    if let Some(slot) = names.get_mut(c) {
                        *slot = Some(n);
                        any = true;
                    }
                }
            }
            Token::Keyword(b"def") | Token::Keyword(b"readonly") if any => break,
            _ => {}
        }
        first = false;
    }
    any.then_some(BuiltinEncoding::Names(names))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dup_put_lines() {
        let program = b"%!PS-AdobeFont-1.0: CMR10 003.002\n/FontName /CMR10 def\n\
            /Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
            dup 11 /ff put\ndup 12 /fi put\ndup 65 /A put\ndup 244 /ocircumflex put\nreadonly def\n\
            currentdict end\ncurrentfile eexec\n\x8f\x12binary dup 66 /B put";
        let Some(BuiltinEncoding::Names(names)) = builtin_encoding(program) else {
            panic!("no encoding")
        };
        assert_eq!(names[11].as_deref(), Some(&b"ff"[..]));
        assert_eq!(names[12].as_deref(), Some(&b"fi"[..]));
        assert_eq!(names[65].as_deref(), Some(&b"A"[..]));
        assert_eq!(names[244].as_deref(), Some(&b"ocircumflex"[..]));
        assert_eq!(names[66], None);
        assert_eq!(names[0], None);
    }

    #[test]
    fn standard_encoding_keyword() {
        let program = b"/FontName /Foo def /Encoding StandardEncoding def currentfile eexec";
        assert_eq!(builtin_encoding(program), Some(BuiltinEncoding::Standard));
    }

    #[test]
    fn no_encoding() {
        assert_eq!(
            builtin_encoding(b"/FontName /Foo def currentfile eexec"),
            None
        );
    }
}
