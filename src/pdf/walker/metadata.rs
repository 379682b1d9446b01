//! The document information dictionary: title, producer, creator and creation
//! date, decoded from PDF text strings, with dates normalised to RFC 3339;
//! and the catalogue's language (`/Lang`).
//! XMP metadata is not read.

use super::encoding::decode_pdf_doc;
use super::objects;
use crate::pdf::Metadata;
use lopdf::{Document, Object};

pub fn read(doc: &Document) -> Metadata {
    let language = doc
        .catalog()
        .ok()
        .and_then(|c| match objects::get(doc, c, b"Lang")? {
            Object::String(bytes, _) => {
                let l = decode_text_string(bytes).trim().to_string();
                (!l.is_empty()).then_some(l)
            }
            _ => None,
        });
    Metadata {
        language,
        ..info(doc)
    }
}

/// The Info dictionary's fields.
fn info(doc: &Document) -> Metadata {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| objects::as_dict(doc, o))
    else {
        return Metadata::default();
    };
    let field = |key: &[u8]| -> Option<String> {
        let text = match objects::get(doc, info, key)? {
            Object::String(bytes, _) => decode_text_string(bytes),
            Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
            _ => return None,
        };
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        (!text.is_empty()).then(|| text.to_string())
    };
    Metadata {
        title: field(b"Title"),
        producer: field(b"Producer"),
        creator: field(b"Creator"),
        creation_date: field(b"CreationDate").map(|raw| pdf_date_to_rfc3339(&raw).unwrap_or(raw)),
        language: None,
    }
}

/// A PDF text string: UTF-16BE or UTF-8 after a byte-order mark, else
/// PDFDocEncoding. (UTF-16LE with its mark, which some producers write, is
/// read too.)
pub fn decode_text_string(bytes: &[u8]) -> String {
    fn utf16(bytes: &[u8], be: bool) -> String {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| {
                if be {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, false)
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        decode_pdf_doc(bytes)
    }
}

/// `D:YYYYMMDDHHmmSSOHH'mm'` (any tail may be missing) as RFC 3339, or the
/// leading part that is given (`D:2024` → `2024`, `D:202406` → `2024-06`).
/// `None` when the string is no such date.
pub fn pdf_date_to_rfc3339(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, zone) = s.split_at(digits_end);
    if digits.len() < 4 || digits.len() > 14 || digits.len() % 2 != 0 {
        return None;
    }
    let part = |from: usize| -> Option<u32> { digits.get(from..from + 2)?.parse().ok() };
    let year: u32 = digits.get(..4)?.parse().ok()?;
    let month = part(4);
    let day = part(6);
    let hour = part(8);
    let minute = part(10);
    let second = part(12);
    if month.is_some_and(|m| !(1..=12).contains(&m))
        || day.is_some_and(|d| !(1..=31).contains(&d))
        || hour.is_some_and(|h| h > 23)
        || minute.is_some_and(|m| m > 59)
        || second.is_some_and(|s| s > 60)
    {
        return None;
    }
    let mut out = format!("{year:04}");
    let Some(month) = month else {
        return zone_is_empty(zone).then_some(out);
    };
    out.push_str(&format!("-{month:02}"));
    let Some(day) = day else {
        return zone_is_empty(zone).then_some(out);
    };
    out.push_str(&format!("-{day:02}"));
    let Some(hour) = hour else {
        return zone_is_empty(zone).then_some(out);
    };
    out.push_str(&format!(
        "T{hour:02}:{:02}:{:02}",
        minute.unwrap_or(0),
        second.unwrap_or(0)
    ));
    out.push_str(&parse_zone(zone)?);
    Some(out)
}

fn zone_is_empty(zone: &str) -> bool {
    zone.trim().is_empty()
}

/// `Z`, `+HH'mm'`, `-HH'mm`, `+HHmm`, `+HH` as an RFC 3339 offset; "" when absent.
fn parse_zone(zone: &str) -> Option<String> {
    let zone = zone.trim();
    if zone.is_empty() {
        return Some(String::new());
    }
    let mut chars = zone.chars();
    let sign = chars.next()?;
    let rest: String = chars.filter(|c| *c != '\'').collect();
    if sign == 'Z' || sign == 'z' {
        return rest.chars().all(|c| c == '0').then(|| "Z".to_string());
    }
    if sign != '+' && sign != '-' {
        return None;
    }
    if !rest.chars().all(|c| c.is_ascii_digit()) || !(rest.len() == 2 || rest.len() == 4) {
        return None;
    }
    let hours: u32 = rest.get(..2)?.parse().ok()?;
    let minutes: u32 = rest
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(format!("{sign}{hours:02}:{minutes:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates_with_offsets() {
        assert_eq!(
            pdf_date_to_rfc3339("D:20240614120000+02'00'").as_deref(),
            Some("2024-06-14T12:00:00+02:00")
        );
        assert_eq!(
            pdf_date_to_rfc3339("D:20240614120000-05'30").as_deref(),
            Some("2024-06-14T12:00:00-05:30")
        );
        assert_eq!(
            pdf_date_to_rfc3339("D:20240614120000Z").as_deref(),
            Some("2024-06-14T12:00:00Z")
        );
        assert_eq!(
            pdf_date_to_rfc3339("D:20240614120000Z00'00'").as_deref(),
            Some("2024-06-14T12:00:00Z")
        );
        assert_eq!(
            pdf_date_to_rfc3339("20240614120000+0200").as_deref(),
            Some("2024-06-14T12:00:00+02:00")
        );
    }

    #[test]
    fn partial_dates() {
        assert_eq!(pdf_date_to_rfc3339("D:2024").as_deref(), Some("2024"));
        assert_eq!(pdf_date_to_rfc3339("D:202406").as_deref(), Some("2024-06"));
        assert_eq!(
            pdf_date_to_rfc3339("D:20240614").as_deref(),
            Some("2024-06-14")
        );
        assert_eq!(
            pdf_date_to_rfc3339("D:2024061412").as_deref(),
            Some("2024-06-14T12:00:00")
        );
    }

    #[test]
    fn non_dates() {
        assert_eq!(pdf_date_to_rfc3339("Friday"), None);
        assert_eq!(pdf_date_to_rfc3339("D:20241399"), None);
        assert_eq!(pdf_date_to_rfc3339("D:20240614120000+99'00'"), None);
        assert_eq!(pdf_date_to_rfc3339("D:202"), None);
    }

    #[test]
    fn text_strings() {
        assert_eq!(
            decode_text_string(b"\xFE\xFF\x00T\x00\xFC\x00r\x00k\x00i\x00y\x00e"),
            "Türkiye"
        );
        assert_eq!(
            decode_text_string(b"\xEF\xBB\xBFS\xC3\xA3o Tom\xC3\xA9"),
            "São Tomé"
        );
        assert_eq!(decode_text_string(b"C\xF4te d'Ivoire"), "Côte d'Ivoire");
        assert_eq!(decode_text_string(b"\xFF\xFEO\x00k\x00"), "Ok");
    }
}
