//! Pictures of records: the world map of who signed ([`map`], SVG; PNG with
//! the `png` feature, [`png`]) and the one-page HTML report of a batch
//! ([`report`]). They are drawn from records only — this module reads no
//! PDF and no file; the shapes ([`world`]) are compiled in. Output is
//! byte-identical for the same records (no dates of the run, no absolute
//! paths but those the records hold).

pub mod map;
#[cfg(feature = "png")]
pub mod png;
pub mod report;
pub mod world;

/// Text made safe inside XML and HTML, in content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A record of `path` that found `codes`, for the tests of this module.
#[cfg(test)]
pub(crate) fn test_record(path: &str, codes: &[&str]) -> crate::record::Record {
    use crate::record::{Record, Signatory, Source, Status};
    let g = crate::gazetteer::Gazetteer::get();
    let mut r = Record::empty(
        Source {
            path: path.into(),
            ..Default::default()
        },
        Status::Ok,
    );
    r.signatories = codes
        .iter()
        .map(|c| {
            let e = g.by_iso3(c).unwrap();
            Signatory {
                iso3: c.to_string(),
                iso2: e.iso2.clone(),
                name: e.name.clone(),
                as_printed: format!("{} (printed)", e.name),
                page: 2,
                kind: e.kind,
                former_name: false,
                role: crate::segment::decision::Role::Signatory,
                on_behalf_of: None,
                ocr_confidence: None,
            }
        })
        .collect();
    r
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            super::escape("a<b>&\"c'\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&#39;\u{fffd}"
        );
    }
}
