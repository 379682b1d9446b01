//! Segment stage: which State names in the text are the signatories.
//!
//! It works like a small classifier. Every run of State names joined only by
//! list material is a *candidate* ([`candidates`]); named pieces of
//! *evidence* describe it ([`evidence`]: the cue phrase that leads into it,
//! the ": draft resolution" that follows a UN sponsor block, whether it fills
//! lines of its own, whether it sits in footnotes or after "including"); the document's kind and symbol come from its head
//! ([`document`]); a *decision* ([`decision`]) keeps the candidates whose
//! evidence is strong enough and gives each a role (signatory, sponsor,
//! joined later). A sponsor acting on behalf of a group has the group beside
//! it ([`behalf`]). Cue phrases and word lists are data (`data/cues.tsv`,
//! `data/list_words.tsv`, loaded by [`cues`]). Every name outside the
//! accepted lists is a mention. [`explain`] prints each candidate with its
//! evidence and the rule that decided (`whosigned text --explain`). This
//! stage does not read PDFs or lay out pages.

pub mod behalf;
pub mod candidates;
pub mod cues;
pub mod date;
pub mod decision;
pub mod document;
pub mod evidence;
pub mod misread;

use crate::gazetteer::{Gazetteer, NameMatch, Target};
use crate::text::Text;
use behalf::OnBehalf;
use decision::{Decision, DocumentContext, ListRules, Role, Rule};
use document::{Document, DocumentKind};
use evidence::Evidence;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Why a list item is in `unmatched`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnmatchedReason {
    /// Could be several States ("Korea").
    Ambiguous(usize),
    /// A place or body that is not a State ("Puerto Rico").
    NotAState(usize),
    /// A place's name that is also used for one State ("Macedonia").
    PlaceOrState(usize),
    /// Looks like a name in the list but is in no table.
    Unknown,
}

/// A list item that is not a signatory entity: byte range and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    /// Byte offset in [`Text::content`] where the item starts.
    pub start: usize,
    /// Byte offset in [`Text::content`] just past the item's end.
    pub end: usize,
    /// Why the item is not a signatory.
    pub reason: UnmatchedReason,
}

/// One signatory: where its name is, its role, the group it acts for.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The name as matched: its byte range in [`Text::content`] and the
    /// entity it names.
    pub name: NameMatch,
    /// Signatory, sponsor or joined later: what the State does in the
    /// document.
    pub role: Role,
    /// The group the State acts for ("on behalf of the Group of 77 and
    /// China"), when the document says so.
    pub on_behalf: Option<OnBehalf>,
}

/// One candidate list with its evidence and the decision on it.
#[derive(Debug, Clone)]
pub struct Explained {
    /// Byte range from its first name to its last.
    pub start: usize,
    /// Byte offset just past the end of its last name.
    pub end: usize,
    /// What describes the list: the cue before it, what follows it, its
    /// shape and where it sits.
    pub evidence: Evidence,
    /// Whether the list was kept, the rule that said so, and its role.
    pub decision: Decision,
}

/// The outcome: byte ranges into [`Text::content`].
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// The document's kind and symbol.
    pub document: Document,
    /// Signatory blocks, as (start, end) of their first and last name.
    pub blocks: Vec<(usize, usize)>,
    /// One per entity, in reading order.
    pub signatories: Vec<Found>,
    /// Items of the accepted lists that are not a signatory entity, in
    /// reading order.
    pub unmatched: Vec<Unmatched>,
    /// One match per entity named outside the blocks that is not a signatory.
    pub mentions: Vec<NameMatch>,
    /// Every candidate, accepted or not, in reading order.
    pub candidates: Vec<Explained>,
}

/// A footnote mark that is not a number: the stars and daggers that UN
/// documents print after a sponsor's name and at the start of its note.
pub(crate) fn is_note_mark(c: char) -> bool {
    matches!(c, '*' | '†' | '‡')
}

/// At most `max` bytes of `content` from `pos`, cut back to a character
/// boundary.
pub(crate) fn window(content: &str, pos: usize, max: usize) -> &str {
    let mut end = content.len().min(pos + max);
    while !content.is_char_boundary(end) {
        end -= 1;
    }
    &content[pos..end]
}

/// At most `max` bytes of `content` before `pos`, cut forward to a
/// character boundary.
pub(crate) fn window_before(content: &str, pos: usize, max: usize) -> &str {
    let mut start = pos.saturating_sub(max);
    while !content.is_char_boundary(start) {
        start += 1;
    }
    &content[start..pos]
}

/// Finds the signatories in `text` with the default rules.
pub fn segment(text: &Text, gazetteer: &Gazetteer) -> Segmentation {
    segment_with(text, gazetteer, &ListRules::default())
}

/// Finds the signatories in `text`.
pub fn segment_with(text: &Text, gazetteer: &Gazetteer, rules: &ListRules) -> Segmentation {
    let content = text.content.as_str();
    let cues = evidence::cue_ends(text);
    let cue_ends: Vec<usize> = cues.iter().map(|(e, _)| *e).collect();
    let footnotes = evidence::footnote_lines(text, rules);
    // OCR text is read tolerantly; a clean text layer exactly.
    let names = if text.noisy {
        let names =
            misread::join_broken_names(content, gazetteer, gazetteer.find_tolerant(content));
        misread::read_cue_cells(text, gazetteer, &cues, names)
    } else {
        gazetteer.find(content)
    };
    let cands = candidates::candidates(text, names, &cue_ends, &footnotes, rules);
    let evs: Vec<Evidence> = cands
        .iter()
        .map(|c| evidence::evidence(text, c, &cues, &footnotes, rules))
        .collect();

    let head = document::head_kind(text, rules);
    let tail_kind = evs
        .iter()
        .filter(|e| e.names > 0 && rules.on(Rule::SponsorTail))
        .find_map(|e| e.sponsor_tail);
    let kind = tail_kind.or(head).unwrap_or_default();
    let ctx = DocumentContext {
        adopted_resolution: head == Some(DocumentKind::Resolution) && tail_kind.is_none(),
        report: head == Some(DocumentKind::Report) && tail_kind.is_none(),
        draft: kind.is_draft(),
        has_sponsor_block: tail_kind.is_some(),
        ocr: text.noisy,
    };

    let mut seg = Segmentation {
        document: Document {
            kind,
            symbol: document::symbol(text, rules),
        },
        ..Segmentation::default()
    };
    let mut last_line: Option<usize> = None;
    let mut decisions = Vec::with_capacity(cands.len());
    for (c, ev) in cands.iter().zip(&evs) {
        let d = if c.names() == 0 {
            Decision {
                accept: false,
                rule: Rule::NoEvidence,
                role: Role::Signatory,
            }
        } else {
            let after = last_line.map(|l| text.line_at(c.start()).saturating_sub(l));
            decision::decide(ev, &ctx, after, rules)
        };
        if d.accept {
            last_line = Some(text.line_at(c.end().saturating_sub(1)));
        }
        decisions.push(d);
        seg.candidates.push(Explained {
            start: c.start(),
            end: c.end(),
            evidence: ev.clone(),
            decision: d,
        });
    }

    let mut signed: HashSet<usize> = HashSet::new();
    for (c, d) in cands.iter().zip(&decisions).filter(|(_, d)| d.accept) {
        seg.blocks.push((c.start(), c.end()));
        let (matches, unknown) = if text.noisy {
            misread::read(text, gazetteer, c)
        } else {
            let items = c.unmatched.iter().map(|&(start, end)| {
                (
                    start,
                    start + candidates::strip_trailing_filler(&content[start..end]).len(),
                )
            });
            (c.matches.clone(), items.collect())
        };
        let mut items: Vec<Unmatched> = unknown
            .into_iter()
            .map(|(start, end)| Unmatched {
                start,
                end,
                reason: UnmatchedReason::Unknown,
            })
            .collect();
        for m in &matches {
            match m.target {
                Target::Entity(e) => {
                    if signed.insert(e) {
                        seg.signatories.push(Found {
                            name: *m,
                            role: d.role,
                            on_behalf: behalf::on_behalf(text, m.end),
                        });
                    }
                }
                Target::Ambiguous(a) => items.push(Unmatched {
                    start: m.start,
                    end: m.end,
                    reason: UnmatchedReason::Ambiguous(a),
                }),
                Target::NonState(n) => items.push(Unmatched {
                    start: m.start,
                    end: m.end,
                    reason: UnmatchedReason::NotAState(n),
                }),
                Target::PlaceOrState(p) => items.push(Unmatched {
                    start: m.start,
                    end: m.end,
                    reason: UnmatchedReason::PlaceOrState(p),
                }),
            }
        }
        items.sort_by_key(|u| u.start);
        seg.unmatched.extend(items);
    }
    let mut mentioned: HashSet<usize> = HashSet::new();
    for (c, _) in cands.iter().zip(&decisions).filter(|(_, d)| !d.accept) {
        for m in &c.matches {
            if let Target::Entity(e) = m.target {
                if !signed.contains(&e) && mentioned.insert(e) {
                    seg.mentions.push(*m);
                }
            }
        }
    }
    seg.mentions.sort_by_key(|m| m.start);
    seg
}

/// Every candidate list with its evidence and the rule that decided, one
/// paragraph each (for `whosigned text --explain`).
pub fn explain(text: &Text, seg: &Segmentation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "document: {:?}, symbol {}",
        seg.document.kind,
        seg.document.symbol.as_deref().unwrap_or("none")
    );
    for c in &seg.candidates {
        let e = &c.evidence;
        let (first, last) = (text.line_at(c.start), text.line_at(c.end.saturating_sub(1)));
        let shown: String = text.content[c.start..c.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let shown = if shown.chars().count() > 90 {
            let head: String = shown.chars().take(87).collect();
            format!("{head}...")
        } else {
            shown
        };
        let verdict = if c.decision.accept {
            format!("ACCEPT as {:?}", c.decision.role)
        } else {
            "reject".to_string()
        };
        let _ = writeln!(
            out,
            "\n[{verdict} by {:?}] page {}, lines {}-{}: {shown}",
            c.decision.rule,
            text.lines[first].page,
            first + 1,
            last + 1
        );
        let _ = writeln!(
            out,
            "  names {}, lines {}, cue {:?}, sponsor tail {:?}, fills lines {}, footnote {}, example {}, observer {}, on-behalf follows {}, on-behalf object {}",
            e.names,
            e.lines,
            e.cue,
            e.sponsor_tail,
            e.fills_lines,
            e.in_footnote,
            e.example_lead,
            e.observer_lead,
            e.on_behalf_follows,
            e.behalf_object
        );
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::Line;

    /// A text of body lines, one per string, in one paragraph, in 10 pt.
    pub(crate) fn doc(lines: &[&str]) -> Text {
        doc_sized(lines, |_| 10.0)
    }

    /// As [`doc`], with line `i` in type of size `size(i)`.
    pub(crate) fn doc_sized(lines: &[&str], size: impl Fn(usize) -> f32) -> Text {
        let lines: Vec<Line> = lines
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                page: 1,
                text: t.to_string(),
                x0: 72.0,
                x1: 500.0,
                y: 0.0,
                size: size(i),
                gap_above: 1.2,
                row_cells: 1,
            })
            .collect();
        crate::text::text(&lines)
    }

    fn signatories(lines: &[&str]) -> Vec<String> {
        codes(&doc(lines))
    }

    fn mentions(lines: &[&str]) -> Vec<String> {
        let g = Gazetteer::get();
        let t = doc(lines);
        segment(&t, g)
            .mentions
            .iter()
            .filter_map(|m| Some(g.entity_of(m.target)?.iso3.clone()))
            .collect()
    }

    /// The codes of a text's signatories, in order.
    pub(crate) fn codes(t: &Text) -> Vec<String> {
        let g = Gazetteer::get();
        segment(t, g)
            .signatories
            .iter()
            .map(|f| {
                g.entity_of(f.name.target)
                    .expect("signatories are entities")
                    .iso3
                    .clone()
            })
            .collect()
    }

    #[test]
    fn a_russian_list_after_its_cue_in_the_genitive_without_the_body_mention() {
        let lines = [
            "Совместное заявление о защите журналистов",
            "Мы приветствуем усилия Соединенных Штатов Америки в этой области.",
            "Заявление поддержали следующие государства: Австрия, Бельгия, Российская Федерация и Босния и Герцеговина.",
            "Оно зачитано от имени Австрии, Бельгии и Соединенного Королевства Великобритании и Северной Ирландии.",
        ];
        assert_eq!(signatories(&lines)[..4], ["AUT", "BEL", "RUS", "BIH"]);
        assert!(!signatories(&lines).contains(&"USA".to_string()));
    }

    #[test]
    fn an_arabic_list_with_glued_conjunctions_without_the_body_mention() {
        let lines = [
            "بيان مشترك بشأن حماية الصحفيين",
            "نرحب بالجهود التي تبذلها اليابان في هذا المجال.",
            "الدول الموقعة: فرنسا، ألمانيا، المملكة المتحدة وكوت ديفوار والجمهورية العربية السورية",
        ];
        assert_eq!(signatories(&lines), ["FRA", "DEU", "GBR", "CIV", "SYR"]);
    }

    #[test]
    fn a_chinese_list_without_spaces_without_the_body_mention() {
        let lines = [
            "关于保护记者的联合声明",
            "我们欢迎日本政府在这一领域所作的努力。",
            "以下国家签署了本声明：刚果民主共和国、刚果、巴布亚新几内亚、几内亚比绍、尼日利亚和尼日尔",
        ];
        assert_eq!(
            signatories(&lines),
            ["COD", "COG", "PNG", "GNB", "NGA", "NER"]
        );
    }

    #[test]
    fn noisy_text_is_matched_tolerantly_and_clean_text_exactly() {
        let lines = ["Signatories:", "Luxembo urg", "Be1gium", "Niger", "Nigeria"];
        let mut t = doc(&lines);
        assert_eq!(codes(&t), ["NER", "NGA"]);
        t.noisy = true;
        assert_eq!(codes(&t), ["LUX", "BEL", "NER", "NGA"]);
    }

    #[test]
    fn prose_list_after_a_cue() {
        let s = signatories(&[
            "We condemn the measures adopted by the United States.",
            "The following States have endorsed this statement: Austria, Belgium, Chile",
            "and Papua New Guinea.",
        ]);
        assert_eq!(s, ["AUT", "BEL", "CHL", "PNG"]);
    }

    #[test]
    fn body_mentions_are_not_signatories() {
        let lines = [
            "Joint Statement",
            "The signatories note with concern the measures adopted by the United States and",
            "France, Germany and Italy in the region.",
            "Signatories:",
            "Albania",
            "Andorra",
        ];
        assert_eq!(signatories(&lines), ["ALB", "AND"]);
        assert_eq!(mentions(&lines), ["USA", "FRA", "DEU", "ITA"]);
    }

    #[test]
    fn one_name_per_line_without_a_cue() {
        assert_eq!(
            signatories(&["Joint statement on oceans", "", "Fiji", "Samoa", "Tonga"]),
            ["FJI", "WSM", "TON"]
        );
    }

    #[test]
    fn a_long_name_wrapped_over_two_lines_is_one_state() {
        let s = signatories(&[
            "Signatories:",
            "Ireland",
            "United Kingdom of Great Britain and",
            "Northern Ireland",
            "Uruguay",
        ]);
        assert_eq!(s, ["IRL", "GBR", "URY"]);
    }

    #[test]
    fn french_and_spanish_cues() {
        assert_eq!(
            signatories(&[
                "Cette déclaration est signée par l'Allemagne, la Côte d'Ivoire et le Royaume-Uni."
            ]),
            ["DEU", "CIV", "GBR"]
        );
        assert_eq!(
            signatories(&["Los siguientes Estados han suscrito esta declaración: Países Bajos, Reino Unido y México."]),
            ["NLD", "GBR", "MEX"]
        );
    }

    #[test]
    fn signature_table_cells() {
        let s = signatories(&[
            "For the Government of Austria",
            "(signed)",
            "For the Government of the Kingdom of Belgium",
        ]);
        assert_eq!(s, ["AUT", "BEL"]);
    }

    #[test]
    fn unknown_names_inside_a_list_are_unmatched_and_do_not_break_it() {
        let g = Gazetteer::get();
        let t = doc(&["Signatories:", "Albania", "Narnia", "Andorra", "Korea"]);
        let seg = segment(&t, g);
        assert_eq!(seg.signatories.len(), 2);
        let un: Vec<&str> = seg
            .unmatched
            .iter()
            .map(|u| &t.content[u.start..u.end])
            .collect();
        assert_eq!(un, ["Narnia", "Korea"]);
    }

    #[test]
    fn a_listed_place_or_state_is_unmatched_with_its_reason() {
        let g = Gazetteer::get();
        let t = doc(&["Signatories:", "Albania", "Macedonia", "Serbia"]);
        let seg = segment(&t, g);
        assert_eq!(seg.signatories.len(), 2);
        let un: Vec<(&str, UnmatchedReason)> = seg
            .unmatched
            .iter()
            .map(|u| (&t.content[u.start..u.end], u.reason))
            .collect();
        let [("Macedonia", UnmatchedReason::PlaceOrState(p))] = un.as_slice() else {
            panic!("{un:?}")
        };
        assert_eq!(g.place_or_state(*p).iso3, "MKD");
    }

    #[test]
    fn numbered_list_with_footnote_markers() {
        assert_eq!(
            signatories(&[
                "1. Netherlands*",
                "2. Kingdom of the Netherlands¹",
                "3. the Gambia",
                "4. Niger",
                "5. Nigeria"
            ]),
            ["NLD", "GMB", "NER", "NGA"]
        );
    }

    #[test]
    fn a_sentence_broken_over_lines_is_not_a_list() {
        let s = signatories(&[
            "The ministers welcomed the progress made by the delegations of",
            "France, Germany and Italy",
            "in the negotiations held in Mexico City last year.",
        ]);
        assert!(s.is_empty(), "{s:?}");
    }

    #[test]
    fn typos_in_a_sponsor_block_do_not_break_it() {
        // A missing comma between two names, an empty item, markers.
        assert_eq!(
            signatories(&[
                "Austria, Belgium Chile, , Denmark,* Egypt and Fiji**: draft resolution"
            ]),
            ["AUT", "BEL", "CHL", "DNK", "EGY", "FJI"]
        );
    }

    #[test]
    fn a_sponsor_on_behalf_of_a_group_is_the_state_with_the_group_beside_it() {
        let g = Gazetteer::get();
        let t = doc(&[
            "Iraq:* , ** draft resolution",
            "The General Assembly,",
            "__________________",
            "* On behalf of the States Members of the United Nations that are members of the",
            "Group of 77 and China.",
            "** Any changes to the list of sponsors will be reflected in the official record.",
        ]);
        let seg = segment(&t, g);
        assert_eq!(seg.signatories.len(), 1);
        let f = &seg.signatories[0];
        assert_eq!(f.role, Role::Sponsor);
        let b = f.on_behalf.as_ref().expect("a group");
        assert_eq!(b.as_printed, "Group of 77 and China");
        assert_eq!(b.group.as_deref(), Some("g77"));
        assert_eq!(seg.document.kind, DocumentKind::DraftResolution);
    }

    #[test]
    fn a_statement_by_one_state_on_behalf_of_a_group_names_it_inline() {
        let g = Gazetteer::get();
        let t = doc(&["Statement by Denmark on behalf of the European Union"]);
        let seg = segment(&t, g);
        let codes: Vec<&str> = seg
            .signatories
            .iter()
            .filter_map(|f| Some(g.entity_of(f.name.target)?.iso3.as_str()))
            .collect();
        assert_eq!(codes, ["DNK"], "the group's name is not a second signatory");
        let b = seg.signatories[0].on_behalf.as_ref().expect("a group");
        assert_eq!(
            (b.as_printed.as_str(), b.group.as_deref()),
            ("European Union", Some("eu"))
        );
    }
}
