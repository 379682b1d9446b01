//! The world map of who signed, as SVG: every State of the gazetteer drawn
//! in the colour of its class (signed, a member of the chosen group that
//! did not sign, not a member; or joined, left, both; or how many of a
//! batch's documents it signed), with dots for States too small to see, a
//! legend with counts, the statement's title and date, and the data's
//! credit. [`Colouring`] says which State is in which class; [`svg`] draws
//! it. Neither reads files.
//!
//! ```
//! use whosigned::picture::map::{svg, Colouring};
//! use whosigned::record::{Record, Source, Status};
//!
//! let record = Record::empty(Source::default(), Status::NoSignatories);
//! let un = whosigned::gazetteer::groups::by_id("un").unwrap();
//! let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 14).unwrap();
//! let map = svg(&Colouring::signed(&record, un, day));
//! assert!(map.contains(r#"data-iso3="FRA" class="c-not-signed""#));
//! ```

use super::{escape, world};
use crate::gazetteer::groups::Group;
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::record::{AsOfSource, Changes, Record, Status};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A State whose projected area is below this many square map units gets a
/// dot over its shape. The map is 2000 units wide, so one square unit is
/// about 325 km², and 50 is about 16,000 km²: drawn 1,000 px wide, that is a
/// shape of under 3.5 px a side, which no reader finds or tells the colour
/// of (Luxembourg, Cyprus, Qatar, Jamaica, the island States of the
/// Caribbean and the Pacific); Kuwait and larger are seen as they are.
pub const DOT_BELOW_AREA: f64 = 50.0;

/// Radius of a small State's dot, map units (2.5 px at 1,000 px wide).
pub const DOT_RADIUS: f64 = 5.0;

/// Height of the band above the map for the title and the date, map units.
const TITLE_BAND: f64 = 110.0;
/// Height of a row of the legend under the map, map units.
const LEGEND_ROW: f64 = 40.0;

/// Colours, from Okabe and Ito's palette for readers with colour-blindness
/// (blue, orange, bluish green, vermillion), greys for "not concerned", and
/// a sequential blue scale (ColorBrewer "Blues") for counts.
mod colour {
    pub const BLUE: &str = "#0072b2";
    pub const ORANGE: &str = "#e69f00";
    pub const GREEN: &str = "#009e73";
    pub const VERMILLION: &str = "#d55e00";
    pub const GREY: &str = "#c8c8c8";
    pub const PALE: &str = "#ececec";
    pub const SEA: &str = "#f4f8fb";
    pub const BLUES: [&str; 3] = ["#9ecae1", "#4292c6", "#08519c"];
}

/// One class of the legend: who is in it, how it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// The CSS class that its States carry (`c-signed`): stable, for
    /// styles and tests.
    pub css: &'static str,
    /// What the legend says ("Signed").
    pub label: String,
    /// Fill colour.
    pub colour: &'static str,
}

/// Which State is in which class, and the words around the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Colouring {
    /// The title over the map (the statement's title, or its path).
    pub title: String,
    /// The line under it: the date(s), the group.
    pub subtitle: String,
    /// The sentence with the counts ("94 of 124 States Parties to the Rome
    /// Statute of the International Criminal Court signed").
    pub summary: String,
    /// The classes, in the legend's order.
    pub classes: Vec<Class>,
    /// The class of every drawn entity, by code.
    pub class_of: BTreeMap<String, usize>,
    /// Signatories that have no shape (the European Union), by name.
    pub unmapped: Vec<String>,
}

/// Every entity that the map draws (all but organisations), by code.
fn drawn_entities() -> impl Iterator<Item = &'static crate::gazetteer::Entity> {
    Gazetteer::get()
        .entities()
        .iter()
        .filter(|e| e.kind != EntityKind::Organization)
}

/// The canonical name of a code, or the code itself when unknown.
fn name_of(code: &str) -> String {
    Gazetteer::get()
        .by_iso3(code)
        .map_or_else(|| code.to_string(), |e| e.name.clone())
}

/// A record's title: its PDF's title, else its path.
pub fn title_of(r: &Record) -> String {
    r.metadata
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(&r.source.path)
        .to_string()
}

/// A record's printed date, or "no date".
pub fn date_of(r: &Record) -> &str {
    r.date.as_ref().map_or("no date", |d| d.value.as_str())
}

/// The day a record's group counts are taken on when none is given: the
/// statement's date, else the day its record was counted on (`groups[].
/// as_of`), so that the same record always gives the same map.
pub fn default_as_of(r: &Record) -> Option<NaiveDate> {
    r.date
        .as_ref()
        .map(|d| d.value.as_str())
        .or_else(|| r.groups.first().map(|g| g.as_of.as_str()))
        .and_then(|s| s.parse().ok())
}

/// "1 State" / "2 States".
fn states(n: usize) -> String {
    format!("{n} State{}", if n == 1 { "" } else { "s" })
}

/// Names of shapeless signatories (organisations, unknown codes).
fn unmapped(signed: impl Iterator<Item = String>) -> Vec<String> {
    let drawn: std::collections::HashSet<&str> =
        drawn_entities().map(|e| e.iso3.as_str()).collect();
    let mut v: Vec<String> = signed
        .filter(|c| !drawn.contains(c.as_str()))
        .map(|c| name_of(&c))
        .collect();
    v.sort();
    v.dedup();
    v
}

impl Colouring {
    /// One statement against a group on `as_of`: signed, a member that did
    /// not sign, not a member (and did not sign).
    pub fn signed(r: &Record, group: &Group, as_of: NaiveDate) -> Colouring {
        let count =
            crate::pipeline::group_count(group, &r.signatories, as_of, AsOfSource::CommandLine);
        let signed: std::collections::BTreeSet<&str> =
            r.signatories.iter().map(|s| s.iso3.as_str()).collect();
        let members: std::collections::BTreeSet<&str> =
            group.members_on(as_of).into_iter().collect();
        let mut class_of = BTreeMap::new();
        for e in drawn_entities() {
            let c = if signed.contains(e.iso3.as_str()) {
                0
            } else if members.contains(e.iso3.as_str()) {
                1
            } else {
                2
            };
            class_of.insert(e.iso3.clone(), c);
        }
        let unreadable = matches!(r.status, Status::Error | Status::NeedsOcr);
        let summary = if unreadable {
            format!(
                "{}: the document could not be read ({}); no list",
                r.source.path,
                crate::record::wire_name(&r.status)
            )
        } else {
            let extra = if count.signed_non_members.is_empty() {
                String::new()
            } else {
                let n = count.signed_non_members.len();
                format!(", and {n} non-member{}", if n == 1 { "" } else { "s" })
            };
            format!(
                "{} of {} {} signed{extra}",
                count.signed, count.members, group.name
            )
        };
        Colouring {
            title: title_of(r),
            subtitle: format!("{} · membership on {as_of}", date_of(r)),
            summary,
            classes: vec![
                Class {
                    css: "c-signed",
                    label: "Signed".into(),
                    colour: colour::BLUE,
                },
                Class {
                    css: "c-not-signed",
                    label: "Member, did not sign".into(),
                    colour: colour::ORANGE,
                },
                Class {
                    css: "c-not-member",
                    label: "Not a member".into(),
                    colour: colour::GREY,
                },
            ],
            class_of,
            unmapped: unmapped(r.signatories.iter().map(|s| s.iso3.clone())),
        }
    }

    /// Two statements, `a` the earlier: joined (in `b` only), left (in `a`
    /// only), both, neither — `whosigned compare`'s categories.
    pub fn compare(a: &Record, b: &Record) -> Colouring {
        let ch = Changes::between(a, b);
        let mut class_of = BTreeMap::new();
        for e in drawn_entities() {
            let has = |v: &[String]| v.binary_search(&e.iso3).is_ok();
            let c = if has(&ch.joined) {
                0
            } else if has(&ch.left) {
                1
            } else if has(&ch.both) {
                2
            } else {
                3
            };
            class_of.insert(e.iso3.clone(), c);
        }
        Colouring {
            title: format!("{} → {}", title_of(a), title_of(b)),
            subtitle: format!("{} → {}", date_of(a), date_of(b)),
            summary: format!(
                "{} joined, {} left, {} in both",
                ch.joined.len(),
                ch.left.len(),
                ch.both.len()
            ),
            classes: vec![
                Class {
                    css: "c-joined",
                    label: "Joined".into(),
                    colour: colour::GREEN,
                },
                Class {
                    css: "c-left",
                    label: "Left".into(),
                    colour: colour::VERMILLION,
                },
                Class {
                    css: "c-both",
                    label: "In both".into(),
                    colour: colour::BLUE,
                },
                Class {
                    css: "c-neither",
                    label: "In neither".into(),
                    colour: colour::GREY,
                },
            ],
            class_of,
            unmapped: unmapped(ch.joined.iter().chain(&ch.left).chain(&ch.both).cloned()),
        }
    }

    /// A batch: how many of its readable documents each State signed
    /// (all, more than half, some, none). Documents that could not be read
    /// (`error`, `needs_ocr`) are left out of the count.
    pub fn share(records: &[Record]) -> Colouring {
        let read: Vec<&Record> = records
            .iter()
            .filter(|r| matches!(r.status, Status::Ok | Status::NoSignatories))
            .collect();
        let n = read.len();
        let mut signed: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &read {
            let mut codes: Vec<&str> = r.signatories.iter().map(|s| s.iso3.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            for c in codes {
                *signed.entry(c).or_default() += 1;
            }
        }
        let mut class_of = BTreeMap::new();
        for e in drawn_entities() {
            let k = signed.get(e.iso3.as_str()).copied().unwrap_or(0);
            let c = if k == 0 {
                3
            } else if k == n {
                0
            } else if 2 * k > n {
                1
            } else {
                2
            };
            class_of.insert(e.iso3.clone(), c);
        }
        let dates: Vec<&str> = read
            .iter()
            .filter_map(|r| r.date.as_ref())
            .map(|d| d.value.as_str())
            .collect();
        let span = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
            (Some(a), _) => a.to_string(),
            _ => "no dates".to_string(),
        };
        let unread = records.len() - n;
        Colouring {
            title: format!("{} documents", records.len()),
            subtitle: span,
            summary: format!(
                "{} signed at least one of {n} documents{}",
                states(signed.len()),
                if unread > 0 {
                    format!(" ({unread} more could not be read)")
                } else {
                    String::new()
                }
            ),
            classes: vec![
                Class {
                    css: "c-all",
                    label: format!("Signed all {n}"),
                    colour: colour::BLUES[2],
                },
                Class {
                    css: "c-most",
                    label: "Signed more than half".into(),
                    colour: colour::BLUES[1],
                },
                Class {
                    css: "c-some",
                    label: "Signed half or fewer".into(),
                    colour: colour::BLUES[0],
                },
                Class {
                    css: "c-none",
                    label: "Signed none".into(),
                    colour: colour::GREY,
                },
            ],
            class_of,
            unmapped: unmapped(signed.keys().map(|c| c.to_string())),
        }
    }

    /// How many drawn States each class holds, in the classes' order.
    pub fn counts(&self) -> Vec<usize> {
        let mut v = vec![0; self.classes.len()];
        for &c in self.class_of.values() {
            v[c] += 1;
        }
        v
    }

    /// The map said in words, for readers who cannot see it (the SVG's
    /// `<desc>`, the report's text alternative): each class with its
    /// States.
    pub fn text_alternative(&self) -> String {
        let g = Gazetteer::get();
        let mut out = format!("{}. {}.", self.summary, self.subtitle);
        for (i, class) in self.classes.iter().enumerate() {
            let mut names: Vec<&str> = self
                .class_of
                .iter()
                .filter(|(_, &c)| c == i)
                .map(|(code, _)| g.by_iso3(code).map_or(code.as_str(), |e| e.name.as_str()))
                .collect();
            if names.is_empty() {
                continue;
            }
            names.sort_by_cached_key(|n| crate::gazetteer::fold::fold(n));
            let _ = write!(
                out,
                " {} ({}): {}.",
                class.label,
                names.len(),
                names.join(", ")
            );
        }
        if !self.unmapped.is_empty() {
            let _ = write!(out, " Also: {}.", self.unmapped.join(", "));
        }
        out
    }
}

/// A number as SVG writes it: one decimal at most, no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").unwrap_or(&s).to_string()
}

/// The map as a standalone SVG document (UTF-8, byte-identical for the
/// same colouring).
pub fn svg(c: &Colouring) -> String {
    let w = world::get();
    let g = Gazetteer::get();
    let counts = c.counts();
    let legend_rows = c.classes.len().div_ceil(2) as f64;
    let legend_top = TITLE_BAND + w.height + 20.0;
    let height = legend_top + legend_rows * LEGEND_ROW + 100.0;
    let mut s = String::with_capacity(120_000);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-labelledby="map-title map-desc" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"#,
        num(w.width),
        num(height),
        num(w.width / 2.0),
        num(height / 2.0)
    );
    let _ = write!(
        s,
        "\n<title id=\"map-title\">{}</title>\n<desc id=\"map-desc\">{}</desc>\n<style>path{{stroke:#fff;stroke-width:0.6;stroke-linejoin:round;fill-rule:evenodd}}circle{{stroke:#fff;stroke-width:1.5}}.sea{{fill:{};stroke:#9fb3c8;stroke-width:1}}.other{{fill:{}}}",
        escape(&c.title),
        escape(&c.text_alternative()),
        colour::SEA,
        colour::PALE
    );
    for class in &c.classes {
        let _ = write!(s, ".{}{{fill:{}}}", class.css, class.colour);
    }
    s.push_str("</style>\n");
    let _ = writeln!(
        s,
        "<rect width=\"{}\" height=\"{}\" fill=\"#fff\"/>\n<text x=\"20\" y=\"48\" font-size=\"36\" font-weight=\"bold\">{}</text>\n<text x=\"20\" y=\"90\" font-size=\"24\" fill=\"#444\">{}</text>",
        num(w.width),
        num(height),
        escape(&truncate(&c.title, 90)),
        escape(&c.subtitle)
    );
    let _ = writeln!(s, "<g transform=\"translate(0 {})\">", num(TITLE_BAND));
    let _ = writeln!(s, "<path class=\"sea\" d=\"{}\"/>", w.sphere);
    s.push_str("<g class=\"other\">");
    for shape in w.shapes.iter().filter(|x| x.iso3.is_none()) {
        let _ = write!(s, "<path d=\"{}\"/>", shape.path);
    }
    s.push_str("</g>\n");
    let mut dots = String::new();
    for shape in &w.shapes {
        let Some(code) = &shape.iso3 else { continue };
        let Some(&ci) = c.class_of.get(code) else {
            continue;
        };
        let class = &c.classes[ci];
        let name = g.by_iso3(code).map_or(code.as_str(), |e| e.name.as_str());
        let _ = writeln!(
            s,
            "<g data-iso3=\"{code}\" class=\"{}\"><title>{}: {}</title><path d=\"{}\"/></g>",
            class.css,
            escape(name),
            escape(&class.label),
            shape.path
        );
        if shape.area < DOT_BELOW_AREA {
            let _ = writeln!(
                dots,
                "<circle data-iso3=\"{code}\" class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}: {}</title></circle>",
                class.css,
                num(shape.label.0),
                num(shape.label.1),
                num(DOT_RADIUS),
                escape(name),
                escape(&class.label)
            );
        }
    }
    // Dots last, over every shape.
    s.push_str(&dots);
    s.push_str("</g>\n");
    // The legend: two columns of swatches with counts.
    for (i, class) in c.classes.iter().enumerate() {
        let x = 20.0 + (i % 2) as f64 * 700.0;
        let y = legend_top + (i / 2) as f64 * LEGEND_ROW;
        let _ = writeln!(
            s,
            "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"28\" height=\"28\" stroke=\"#666\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" font-size=\"24\">{} ({})</text>",
            class.css,
            num(x),
            num(y),
            num(x + 40.0),
            num(y + 23.0),
            escape(&class.label),
            counts[i]
        );
    }
    let below = legend_top + legend_rows * LEGEND_ROW + 20.0;
    let _ = writeln!(
        s,
        "<text x=\"20\" y=\"{}\" font-size=\"24\">{}</text>",
        num(below),
        escape(&truncate(&c.summary, 150))
    );
    if !c.unmapped.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"20\" y=\"{}\" font-size=\"22\" fill=\"#444\">Also signed, not on the map: {}</text>",
            num(below + 34.0),
            escape(&truncate(&c.unmapped.join(", "), 120))
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"18\" fill=\"#666\" text-anchor=\"end\">Map: Natural Earth via world-atlas (public domain), Equal Earth projection · whosigned</text>",
        num(w.width - 20.0),
        num(height - 14.0)
    );
    s.push_str("</svg>\n");
    s
}

/// At most `max` characters, an ellipsis for the rest (long titles would
/// run off the picture, which has no text wrapping).
fn truncate(t: &str, max: usize) -> String {
    if t.chars().count() <= max {
        return t.to_string();
    }
    let mut s: String = t.chars().take(max - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::groups;
    use crate::record::Source;

    fn record(codes: &[&str]) -> Record {
        crate::picture::test_record("a.pdf", codes)
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn class_of<'a>(svg: &'a str, code: &str) -> &'a str {
        let at = svg
            .find(&format!("<g data-iso3=\"{code}\" class=\""))
            .unwrap();
        let rest = &svg[at..];
        let start = rest.find("class=\"").unwrap() + 7;
        let end = start + rest[start..].find('"').unwrap();
        &rest[start..end]
    }

    #[test]
    fn a_signatory_a_silent_member_and_a_non_member_get_their_classes() {
        let rome = groups::by_id("rome-statute").unwrap();
        let s = svg(&Colouring::signed(
            &record(&["FRA", "UKR"]),
            rome,
            day("2024-06-14"),
        ));
        assert_eq!(class_of(&s, "FRA"), "c-signed");
        assert_eq!(class_of(&s, "DEU"), "c-not-signed");
        assert_eq!(class_of(&s, "USA"), "c-not-member");
        // Ukraine signed without being a party yet (it joined in 2025).
        assert_eq!(class_of(&s, "UKR"), "c-signed");
    }

    #[test]
    fn the_summary_counts_members_who_signed() {
        let rome = groups::by_id("rome-statute").unwrap();
        let c = Colouring::signed(&record(&["FRA", "DEU", "USA"]), rome, day("2024-06-14"));
        assert_eq!(
            c.summary,
            "2 of 124 States Parties to the Rome Statute of the International Criminal Court signed, and 1 non-member"
        );
        assert_eq!(c.counts()[0], 3);
        assert_eq!(c.counts()[1], 122);
    }

    #[test]
    fn every_drawn_entity_is_one_group_with_one_path() {
        let un = groups::by_id("un").unwrap();
        let s = svg(&Colouring::signed(&record(&["FRA"]), un, day("2024-06-14")));
        let n = drawn_entities().count();
        assert_eq!(s.matches("<g data-iso3=").count(), n);
        for e in drawn_entities() {
            let tag = format!("<g data-iso3=\"{}\" ", e.iso3);
            assert_eq!(s.matches(&tag).count(), 1, "{}", e.iso3);
            let at = s.find(&tag).unwrap();
            let group = &s[at..at + s[at..].find("</g>").unwrap()];
            assert_eq!(group.matches("<path ").count(), 1, "{}", e.iso3);
        }
    }

    #[test]
    fn small_states_get_a_dot_and_large_ones_do_not() {
        let un = groups::by_id("un").unwrap();
        let s = svg(&Colouring::signed(&record(&["LUX"]), un, day("2024-06-14")));
        assert!(s.contains("<circle data-iso3=\"LUX\" class=\"c-signed\""));
        assert!(s.contains("<circle data-iso3=\"TUV\""));
        assert!(!s.contains("<circle data-iso3=\"FRA\""));
        assert!(!s.contains("<circle data-iso3=\"KWT\""));
    }

    #[test]
    fn compare_colours_joined_left_both_and_neither() {
        let a = record(&["FRA", "DEU"]);
        let b = record(&["FRA", "ITA"]);
        let c = Colouring::compare(&a, &b);
        let s = svg(&c);
        assert_eq!(class_of(&s, "ITA"), "c-joined");
        assert_eq!(class_of(&s, "DEU"), "c-left");
        assert_eq!(class_of(&s, "FRA"), "c-both");
        assert_eq!(class_of(&s, "ESP"), "c-neither");
        assert_eq!(c.summary, "1 joined, 1 left, 1 in both");
    }

    #[test]
    fn share_bins_all_most_some_none_and_skips_unread_documents() {
        let rs = vec![
            record(&["FRA", "DEU", "ITA"]),
            record(&["FRA", "DEU"]),
            record(&["FRA"]),
            Record::empty(Source::default(), Status::NeedsOcr),
        ];
        let s = svg(&Colouring::share(&rs));
        assert_eq!(class_of(&s, "FRA"), "c-all");
        assert_eq!(class_of(&s, "DEU"), "c-most");
        assert_eq!(class_of(&s, "ITA"), "c-some");
        assert_eq!(class_of(&s, "ESP"), "c-none");
    }

    #[test]
    fn an_organisation_is_named_under_the_map_not_drawn() {
        let un = groups::by_id("un").unwrap();
        let c = Colouring::signed(&record(&["EUU", "FRA"]), un, day("2024-06-14"));
        assert_eq!(c.unmapped, ["European Union"]);
        assert!(svg(&c).contains("Also signed, not on the map: European Union"));
    }

    #[test]
    fn text_is_escaped() {
        let un = groups::by_id("un").unwrap();
        let mut r = record(&["FRA"]);
        r.metadata.title = Some("A & B <script>".into());
        let s = svg(&Colouring::signed(&r, un, day("2024-06-14")));
        assert!(s.contains("A &amp; B &lt;script&gt;"));
        assert!(!s.contains("<script>"));
    }

    #[test]
    fn the_same_colouring_gives_the_same_bytes() {
        let un = groups::by_id("un").unwrap();
        let c = Colouring::signed(&record(&["FRA"]), un, day("2024-06-14"));
        assert_eq!(svg(&c), svg(&c.clone()));
    }
}
