//! The decision: which candidate lists are signatory lists, and in what role.
//!
//! A short ordered list of named rules ([`Rule`]) reads a candidate's
//! [`Evidence`] and the document's kind; the first rule that applies decides.
//! An adopted resolution prints no sponsors, whatever else it says; a UN
//! sponsor block (": draft resolution") is the list whatever is around it.
//! Then come the rejections ("including" makes examples, "observers",
//! footnotes), the cue phrases, and last the shape of the text
//! (names filling lines of their own). Every threshold is a field of [`ListRules`] with its reason; every
//! rule can be switched off, which is how each one's test shows that it
//! matters.

use super::cues::CueKind;
use super::evidence::Evidence;
use serde::Serialize;

/// The rules of the list finder, in the order the decision applies them
/// (those that build candidates or gather evidence last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// An adopted resolution names States in its body, footnotes and
    /// tables, but prints no sponsors: nothing in it is a signatory list.
    AdoptedResolution,
    /// A report tells who sponsored, introduced or voted for what ("the
    /// representative of Canada, also on behalf of Australia and New
    /// Zealand, introduced the draft resolution"), but nobody signs it.
    Report,
    /// "Denmark, on behalf of the European Union: draft resolution": the
    /// names after "on behalf of" are the group, not a sponsor.
    GroupNotSponsor,
    /// "A, B and C: draft resolution": the sponsors of a UN draft. Nothing
    /// else in a document is written that way.
    SponsorTail,
    /// "including", "such as" right before the names: they are examples.
    ExampleLead,
    /// The sentence leading in speaks of observers or attendees.
    ObserverLead,
    /// A UN draft's sponsor block is its list: other lists in it (body,
    /// footnotes) are not, unless they say they joined later.
    OutrankedBySponsorBlock,
    /// A UN draft without a sponsor block was submitted by an officer (the
    /// Chair, a Vice-Chair, the President): the States its body lists are
    /// not sponsors.
    DraftWithoutSponsorBlock,
    /// Lists in footnotes are references ("¹ Argentina, Brazil..."), unless
    /// a strong cue says otherwise.
    InFootnote,
    /// "The following States subsequently aligned themselves": signatories
    /// that joined after the first publication.
    JoinedLater,
    /// "The following States", "Signatories:", "Joint statement by".
    StrongCue,
    /// "delivered by X on behalf of A, B": X signs too.
    Deliverer,
    /// "signed by", "on behalf of": enough for two names or a list on lines
    /// of its own, not for one name in prose.
    WeakCue,
    /// "For the Government of X" opening a signature-table cell that X fills.
    LineStartCue,
    /// Names filling lines of their own: enough of them
    /// ([`ListRules::min_list_names`]), or two on separate lines.
    ListShape,
    /// A list that goes on after a footnote, a page break or a heading,
    /// close below an accepted one ([`ListRules::follow_window_lines`]).
    FollowsBlock,
    /// (OCR text) A run of at least [`ListRules::long_list_names_ocr`]
    /// names in one stretch of text is a list of signatories even when no
    /// cue was read: OCR misreads cue phrases past recognition ("is-delivered
    /// an behalf of", "on behaloff"), and no statement names that many
    /// States in one run of its body.
    LongOcrList,
    /// No rule accepted it.
    NoEvidence,
    /// (Candidates) A title line ending in a name does not run into the
    /// list on the next line over a bare line break.
    TitleLineBreak,
    /// (Evidence) A weak cue ending in a colon is a heading.
    ColonMakesHeading,
    /// (Evidence) A sentence on the line above runs into the names.
    SentenceRunsIn,
    /// (Evidence) A sentence goes on in lower case on the line below.
    SentenceGoesOn,
    /// (Evidence) A small-type line opening with a marker starts the
    /// footnotes, where no separator line is printed.
    SmallMarkedLineOpensFootnotes,
    /// (Evidence) A line in body type without a marker after the footnotes
    /// is the body again.
    BodyTypeEndsFootnotes,
}

/// Every threshold of the list finder, with its reason, and the rules that
/// are switched on.
#[derive(Debug, Clone)]
pub struct ListRules {
    /// At most this many words (cue-tail words) between a cue and its list:
    /// "The following Member States of the United Nations have endorsed this
    /// statement" is 12; more is a sentence about something else.
    pub max_cue_gap_words: usize,
    /// A list that fills its lines and starts within this many lines after
    /// an accepted one continues it (after a page break, a footnote or a
    /// heading between columns).
    pub follow_window_lines: usize,
    /// Uncued names filling lines of their own are a list from this many
    /// names on: two names on one line are as often a heading ("France and
    /// Germany") as a list.
    pub min_list_names: usize,
    /// A line of at least this many words that does not end a sentence,
    /// right above the names, runs into them (a shorter one is a heading).
    pub run_on_min_words: usize,
    /// Lines closer than this, in line heights, belong to one paragraph.
    pub paragraph_gap: f32,
    /// At most this many unknown name-like pieces in one gap of a list (a
    /// typo, a name in no table); more is a paragraph of other words.
    pub max_unknown_per_gap: usize,
    /// The same in OCR text: a smudged stretch of a typed list loses
    /// several names in a row ("Rolorussian S3R", "Dasocratic Republic of
    /// Yast Timer", "Deminieonf Canada"). Four, twice the clean figure: on
    /// 40 fresh generated scans it raised recall from 0.61 to 0.63 with no
    /// false State.
    pub max_unknown_per_gap_ocr: usize,
    /// In OCR text, a line indented under the line above by at least this
    /// many ems (of the line above) and at most
    /// [`wrap_indent_max`](Self::wrap_indent_max) goes on with that line's
    /// item: names wrapped in a table cell or a narrow column hang their
    /// second line ("República Argelina" / "  Democrática y" / "  Popular"),
    /// and capitalised, as Spanish and English formal names are, the lines
    /// read as three unknown items. OCR jitters a left edge by a tenth of
    /// an em; a hanging indent is one to three characters.
    pub wrap_indent_min: f32,
    /// See [`wrap_indent_min`](Self::wrap_indent_min): further in, the line
    /// is not hanging under the one above but centred, or in another column.
    pub wrap_indent_max: f32,
    /// A name-like piece has at most this many words ("Republic of the
    /// Union of Myanmar" is 6).
    pub max_name_words: usize,
    /// Footnote markers, commas and spaces between a sponsor block's last
    /// name and its colon take at most this many bytes ("Iraq:* , **").
    pub max_tail_gap: usize,
    /// The sentence leading into a list is read back at most this far
    /// (bytes) for "including" and "observers".
    pub max_lead_bytes: usize,
    /// A line in type smaller than this fraction of the body's, opening with
    /// a marker, is a footnote.
    pub footnote_size: f32,
    /// In OCR text, type sizes are guessed from word boxes and vary by a
    /// third from line to line of one list, so a numbered item ("3
    /// Lituania") looks as small as a footnote. There a line opening with
    /// a marker opens the footnotes when it stands at least this many of
    /// its ems below the line above it: notes sit at the foot of the
    /// page, apart from the body; the items of a list are one line apart.
    pub footnote_gap_ocr: f32,
    /// An inline group between a sponsor and its colon, "(on behalf of the
    /// Group of African States)", is at most this long (bytes); the longest
    /// group names are about 170.
    pub max_behalf_aside: usize,
    /// How many lines from the top are read for the document's kind and
    /// symbol (the head of a UN document, a letter's heading).
    pub head_lines: usize,
    /// In OCR text, an uncued list of at least this many names is a list of
    /// signatories ([`Rule::LongOcrList`]). Twenty: the mentions in a
    /// statement's body run to a few States, a list of signatories to
    /// dozens; the generated scans' body mentions are at most five.
    pub long_list_names_ocr: usize,
    /// Rules switched off (all are on by default).
    pub disabled: Vec<Rule>,
}

impl Default for ListRules {
    fn default() -> Self {
        ListRules {
            max_cue_gap_words: 14,
            follow_window_lines: 4,
            min_list_names: 3,
            run_on_min_words: 6,
            paragraph_gap: 2.0,
            max_unknown_per_gap: 2,
            max_unknown_per_gap_ocr: 4,
            wrap_indent_min: 0.4,
            wrap_indent_max: 4.0,
            max_name_words: 6,
            max_tail_gap: 24,
            max_lead_bytes: 300,
            footnote_size: 0.92,
            footnote_gap_ocr: 3.0,
            max_behalf_aside: 240,
            head_lines: 40,
            long_list_names_ocr: 20,
            disabled: Vec::new(),
        }
    }
}

impl ListRules {
    /// Whether `rule` is switched on.
    pub fn on(&self, rule: Rule) -> bool {
        !self.disabled.contains(&rule)
    }

    /// These rules with `rule` switched off.
    pub fn without(mut self, rule: Rule) -> Self {
        self.disabled.push(rule);
        self
    }
}

/// What a State does in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Signed a statement, a letter, a declaration.
    Signatory,
    /// Sponsors a UN draft resolution, decision or amendment.
    Sponsor,
    /// Joined after the first publication.
    JoinedLater,
}

/// The outcome for one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Whether the candidate is a list of signatories (or sponsors) and its
    /// names go to the record's `signatories`.
    pub accept: bool,
    /// The rule that decided.
    pub rule: Rule,
    /// What the list's States do in the document, when it is accepted.
    pub role: Role,
}

/// What the decision knows of the document as a whole.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentContext {
    /// Its head says it is an adopted resolution.
    pub adopted_resolution: bool,
    /// Its head says it is a report.
    pub report: bool,
    /// It is a UN draft (its head or its sponsor block says so).
    pub draft: bool,
    /// Some candidate has a sponsor tail.
    pub has_sponsor_block: bool,
    /// Its text was read by OCR (`Text::noisy`).
    pub ocr: bool,
}

/// Decides one candidate. `lines_after_accepted` is how many lines below the
/// last accepted list it starts, if one was accepted before it.
pub fn decide(
    ev: &Evidence,
    doc: &DocumentContext,
    lines_after_accepted: Option<usize>,
    rules: &ListRules,
) -> Decision {
    let plain = if doc.draft {
        Role::Sponsor
    } else {
        Role::Signatory
    };
    let yes = |rule, role| Decision {
        accept: true,
        rule,
        role,
    };
    let no = |rule| Decision {
        accept: false,
        rule,
        role: plain,
    };
    let on = |r| rules.on(r);
    let cue = ev.cue;
    if on(Rule::AdoptedResolution) && doc.adopted_resolution {
        return no(Rule::AdoptedResolution);
    }
    if on(Rule::Report) && doc.report {
        return no(Rule::Report);
    }
    if on(Rule::GroupNotSponsor) && ev.sponsor_tail.is_some() && ev.behalf_object {
        return no(Rule::GroupNotSponsor);
    }
    if on(Rule::SponsorTail) && ev.sponsor_tail.is_some() {
        return yes(Rule::SponsorTail, Role::Sponsor);
    }
    if on(Rule::ExampleLead) && ev.example_lead {
        return no(Rule::ExampleLead);
    }
    if on(Rule::ObserverLead) && ev.observer_lead {
        return no(Rule::ObserverLead);
    }
    if on(Rule::OutrankedBySponsorBlock)
        && doc.has_sponsor_block
        && cue != Some(CueKind::JoinedLater)
    {
        return no(Rule::OutrankedBySponsorBlock);
    }
    if on(Rule::DraftWithoutSponsorBlock)
        && doc.draft
        && !doc.has_sponsor_block
        && cue != Some(CueKind::JoinedLater)
    {
        return no(Rule::DraftWithoutSponsorBlock);
    }
    if on(Rule::InFootnote)
        && ev.in_footnote
        && !matches!(cue, Some(CueKind::Strong | CueKind::JoinedLater))
    {
        return no(Rule::InFootnote);
    }
    if on(Rule::JoinedLater) && cue == Some(CueKind::JoinedLater) {
        return yes(Rule::JoinedLater, Role::JoinedLater);
    }
    if on(Rule::StrongCue) && cue == Some(CueKind::Strong) {
        return yes(Rule::StrongCue, plain);
    }
    if on(Rule::Deliverer) && cue == Some(CueKind::Deliverer) && ev.on_behalf_follows {
        return yes(Rule::Deliverer, plain);
    }
    if on(Rule::WeakCue)
        && matches!(cue, Some(CueKind::Weak | CueKind::Deliverer))
        && (ev.names >= 2 || ev.fills_lines)
    {
        return yes(Rule::WeakCue, plain);
    }
    if on(Rule::LineStartCue) && cue == Some(CueKind::LineStart) && ev.fills_lines {
        return yes(Rule::LineStartCue, plain);
    }
    if on(Rule::ListShape)
        && ev.fills_lines
        && (ev.names >= rules.min_list_names || (ev.names >= 2 && ev.lines >= 2))
    {
        return yes(Rule::ListShape, plain);
    }
    if on(Rule::FollowsBlock)
        && ev.fills_lines
        && lines_after_accepted.is_some_and(|n| n <= rules.follow_window_lines)
    {
        return yes(Rule::FollowsBlock, plain);
    }
    if on(Rule::LongOcrList) && doc.ocr && ev.names >= rules.long_list_names_ocr {
        return yes(Rule::LongOcrList, plain);
    }
    no(Rule::NoEvidence)
}

/// One test per rule and per threshold: each shows the rule's effect on a
/// text, and that switching it off (or moving the threshold) changes it.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::segment::tests::{doc, doc_sized};
    use crate::segment::{segment_with, Segmentation};
    use crate::text::Text;

    fn run(t: &Text, rules: &ListRules) -> Segmentation {
        segment_with(t, Gazetteer::get(), rules)
    }

    /// The signatories' codes under `rules`.
    fn codes_with(lines: &[&str], rules: &ListRules) -> Vec<String> {
        codes_of(&doc(lines), rules)
    }

    fn codes_of(t: &Text, rules: &ListRules) -> Vec<String> {
        let g = Gazetteer::get();
        run(t, rules)
            .signatories
            .iter()
            .filter_map(|f| Some(g.entity_of(f.name.target)?.iso3.clone()))
            .collect()
    }

    fn codes(lines: &[&str]) -> Vec<String> {
        codes_with(lines, &ListRules::default())
    }

    fn without(rule: Rule) -> ListRules {
        ListRules::default().without(rule)
    }

    /// Asserts that `lines` give `with` under the default rules and
    /// something else with `rule` switched off.
    fn rule_matters(rule: Rule, lines: &[&str], with: &[&str]) {
        assert_eq!(codes(lines), with, "with {rule:?}");
        assert_ne!(codes_with(lines, &without(rule)), with, "without {rule:?}");
    }

    const RESOLUTION: &[&str] = &[
        "Resolution adopted by the General Assembly on 9 December 2025",
        "The General Assembly,",
        "Welcomes the accession of the following States:",
        "Austria, Belgium and Chile",
    ];

    #[test]
    fn an_adopted_resolution_has_no_signatories() {
        rule_matters(Rule::AdoptedResolution, RESOLUTION, &[]);
    }

    #[test]
    fn a_report_has_no_signatories() {
        let lines = [
            "Report of the Third Committee",
            "At its 40th meeting, the representative of Canada, also on behalf of",
            "Australia and New Zealand, introduced the draft resolution.",
        ];
        rule_matters(Rule::Report, &lines, &[]);
    }

    #[test]
    fn head_lines_bounds_where_the_kind_is_read() {
        let r = ListRules {
            head_lines: 0,
            ..ListRules::default()
        };
        assert_eq!(codes_with(RESOLUTION, &r), ["AUT", "BEL", "CHL"]);
    }

    const SPONSORS: &[&str] = &[
        "Question of Palestine",
        "France, Guinea and Ireland: draft decision",
        "The General Assembly,",
        "Recalling the statements of",
        "Italy",
        "Japan",
        "Kenya",
    ];

    #[test]
    fn a_sponsor_block_ends_in_draft_resolution() {
        let lines = [
            "Austria, Belgium and Chile: draft resolution",
            "The General Assembly,",
        ];
        rule_matters(Rule::SponsorTail, &lines, &["AUT", "BEL", "CHL"]);
        let seg = run(&doc(&lines), &ListRules::default());
        assert!(seg.signatories.iter().all(|f| f.role == Role::Sponsor));
    }

    #[test]
    fn the_sponsor_tail_may_follow_markers_and_a_wrapped_colon() {
        assert_eq!(
            codes(&["Iraq:* , ** draft resolution"]),
            ["IRQ"],
            "markers after the colon"
        );
        assert_eq!(
            codes(&["Spain, Sweden and Ukraine:", "draft resolution"]),
            ["ESP", "SWE", "UKR"]
        );
        let far = ["Austria and Chile * ** *** : draft resolution"];
        assert_eq!(codes(&far), ["AUT", "CHL"]);
        let r = ListRules {
            max_tail_gap: 2,
            ..ListRules::default()
        };
        assert_eq!(codes_with(&far, &r), Vec::<String>::new());
    }

    #[test]
    fn a_group_in_parentheses_before_the_colon_is_not_a_sponsor() {
        let lines = ["Denmark, on behalf of the European Union: draft resolution"];
        rule_matters(Rule::GroupNotSponsor, &lines, &["DNK"]);
        let inline = ["Denmark (on behalf of the European Union): draft resolution"];
        assert_eq!(codes(&inline), ["DNK"]);
        let pakistan = [
            "Pakistan* (on behalf of the Organization of Islamic Cooperation):",
            "draft resolution",
        ];
        assert_eq!(codes(&pakistan), ["PAK"]);
        let r = ListRules {
            max_behalf_aside: 10,
            ..ListRules::default()
        };
        assert_eq!(codes_with(&pakistan, &r), Vec::<String>::new());
    }

    #[test]
    fn a_sponsor_block_outranks_other_lists_in_its_draft() {
        rule_matters(
            Rule::OutrankedBySponsorBlock,
            SPONSORS,
            &["FRA", "GIN", "IRL"],
        );
    }

    #[test]
    fn an_officers_draft_has_no_sponsors() {
        let lines = [
            "Draft resolution submitted by the Chair of the Committee",
            "The General Assembly,",
            "Decides to include the following States in the list:",
            "Austria, Belgium and Chile",
        ];
        rule_matters(Rule::DraftWithoutSponsorBlock, &lines, &[]);
    }

    #[test]
    fn a_title_line_does_not_run_into_the_sponsor_block() {
        let lines = [
            "Question of Palestine",
            "France, Guinea and Ireland: draft decision",
        ];
        rule_matters(Rule::TitleLineBreak, &lines, &["FRA", "GIN", "IRL"]);
    }

    #[test]
    fn a_name_wrapped_onto_a_line_does_not_break_the_list_after_it() {
        let lines = [
            "Ont signé :",
            "l’État plurinational de",
            "Bolivie",
            "les États-Unis du Mexique",
            "la Hongrie",
        ];
        assert_eq!(codes(&lines), ["BOL", "MEX", "HUN"]);
        let seg = run(&doc(&lines), &ListRules::default());
        assert_eq!(seg.candidates.len(), 1, "one list, not two");
        assert_eq!(
            run(&doc(&lines), &without(Rule::TitleLineBreak))
                .candidates
                .len(),
            1
        );
    }

    #[test]
    fn names_after_including_are_examples() {
        let lines = [
            "Many States have signed, including",
            "Austria, Belgium and Chile.",
        ];
        rule_matters(Rule::ExampleLead, &lines, &[]);
        let r = ListRules {
            max_lead_bytes: 5,
            ..ListRules::default()
        };
        assert_eq!(codes_with(&lines, &r), ["AUT", "BEL", "CHL"]);
    }

    #[test]
    fn observers_are_not_signatories() {
        let lines = [
            "The following observers attended the meeting:",
            "Austria, Belgium and Chile",
        ];
        rule_matters(Rule::ObserverLead, &lines, &[]);
    }

    const FOOTNOTE: &[&str] = &[
        "Joint statement on oceans",
        "Fiji, Samoa and Tonga",
        "__________",
        "1 Austria, Belgium and Chile",
    ];

    #[test]
    fn a_list_in_a_footnote_is_a_reference() {
        rule_matters(Rule::InFootnote, FOOTNOTE, &["FJI", "WSM", "TON"]);
    }

    #[test]
    fn a_small_marked_line_opens_the_footnotes_without_a_separator() {
        let lines = [
            "Joint statement on oceans",
            "Fiji, Samoa and Tonga",
            "We met in Suva.",
            "We agreed to act.",
            "1 Austria, Belgium and Chile",
        ];
        let t = doc_sized(&lines, |i| if i + 1 == lines.len() { 8.0 } else { 10.0 });
        assert_eq!(codes_of(&t, &ListRules::default()), ["FJI", "WSM", "TON"]);
        let off = without(Rule::SmallMarkedLineOpensFootnotes);
        assert_eq!(codes_of(&t, &off).len(), 6);
        let r = ListRules {
            footnote_size: 0.5,
            ..ListRules::default()
        };
        assert_eq!(
            codes_of(&t, &r).len(),
            6,
            "8 pt is not small against 10 pt at 0.5"
        );
    }

    /// OCR text: sizes guessed from word boxes make numbered items look
    /// like notes; a note is told by standing apart at the page's foot.
    #[test]
    fn in_ocr_text_footnotes_are_told_by_their_place_not_their_size() {
        let lines = [
            "The statement is signed by the following States:",
            "1 Jamaica",
            "2 Namibia",
            "3 Lithuania",
            "4. Egypt",
            "5 Endorsed later by Chile.",
        ];
        let sizes = [11.0, 12.0, 9.0, 9.6, 12.0, 13.0];
        let mut t = doc_sized(&lines, |i| sizes[i]);
        t.noisy = true;
        t.lines[5].gap_above = 12.0;
        let all = ["JAM", "NAM", "LTU", "EGY"];
        assert_eq!(codes_of(&t, &ListRules::default()), all);
        let r = ListRules {
            footnote_gap_ocr: 20.0,
            ..ListRules::default()
        };
        assert_eq!(codes_of(&t, &r), [&all[..], &["CHL"]].concat());
    }

    /// A date line under the title opens with a number, apart from the
    /// title as a note stands apart, but it is no note: in OCR text it had
    /// made the whole page below it footnotes, and its list a reference.
    #[test]
    fn a_date_line_is_not_a_footnote() {
        let lines = [
            "Ministerial Declaration on Global Food Security",
            "28 June 2008",
            "We reaffirm our commitment to global food security.",
            "This joint statement is delivered on behalf of Gambia, Andorra,",
            "Kiribati, Turkmenistan and El Salvador.",
        ];
        let mut t = doc(&lines);
        t.noisy = true;
        t.lines[1].gap_above = 4.0;
        assert_eq!(
            codes_of(&t, &ListRules::default()),
            ["GMB", "AND", "KIR", "TKM", "SLV"]
        );
    }

    #[test]
    fn body_type_after_the_footnotes_is_the_body_again() {
        // Notes under the first column of a two-column list, read before
        // the second column.
        let lines = [
            "This statement is supported by the following States:",
            "Albania *",
            "Colombia",
            "* Endorsed after the date of adoption.",
            "Kyrgyzstan",
            "Malawi",
        ];
        let t = doc_sized(&lines, |i| if i == 3 { 8.0 } else { 10.0 });
        assert_eq!(
            codes_of(&t, &ListRules::default()),
            ["ALB", "COL", "KGZ", "MWI"]
        );
        let off = without(Rule::BodyTypeEndsFootnotes);
        assert_eq!(codes_of(&t, &off), ["ALB", "COL"]);
    }

    #[test]
    fn a_signature_line_is_not_a_footnote_separator() {
        let lines = [
            "For the Government of",
            "Austria",
            "___________________________",
            "For the Government of",
            "Belgium",
        ];
        assert_eq!(codes(&lines), ["AUT", "BEL"]);
    }

    #[test]
    fn a_later_list_has_its_own_role() {
        let lines = [
            "Signatories:",
            "Austria",
            "Belgium",
            "The following States subsequently aligned themselves with the statement:",
            "Chile",
        ];
        let roles = |r: &ListRules| -> Vec<Role> {
            run(&doc(&lines), r)
                .signatories
                .iter()
                .map(|f| f.role)
                .collect()
        };
        assert_eq!(
            roles(&ListRules::default()),
            [Role::Signatory, Role::Signatory, Role::JoinedLater]
        );
        assert_eq!(
            roles(&without(Rule::JoinedLater)),
            [Role::Signatory, Role::Signatory, Role::Signatory]
        );
    }

    #[test]
    fn a_strong_cue_takes_one_name_in_prose() {
        let lines = ["The following States have endorsed this statement: Austria."];
        rule_matters(Rule::StrongCue, &lines, &["AUT"]);
        let r = ListRules {
            max_cue_gap_words: 2,
            ..ListRules::default()
        };
        assert_eq!(codes_with(&lines, &r), Vec::<String>::new());
    }

    #[test]
    fn the_deliverer_of_a_statement_signs_it() {
        let lines = ["Statement delivered by Australia on behalf of Canada and New Zealand"];
        rule_matters(Rule::Deliverer, &lines, &["AUS", "CAN", "NZL"]);
    }

    #[test]
    fn a_weak_cue_takes_two_names_in_prose() {
        let lines = ["The letter was signed by Austria and Belgium in Vienna."];
        rule_matters(Rule::WeakCue, &lines, &["AUT", "BEL"]);
    }

    #[test]
    fn a_weak_cue_ending_in_a_colon_is_a_heading() {
        let lines = ["This statement is signed on behalf of: Austria (as chair)."];
        rule_matters(Rule::ColonMakesHeading, &lines, &["AUT"]);
    }

    #[test]
    fn for_the_government_of_opens_a_signature_cell() {
        rule_matters(
            Rule::LineStartCue,
            &["For the Government of Austria"],
            &["AUT"],
        );
    }

    /// OCR text: a long run of names whose cue OCR misread is a list; in
    /// clean text, or shorter than the threshold, it is not.
    #[test]
    fn a_long_uncued_list_in_ocr_text_is_a_list() {
        let names = "Andorra, Angola, Bahamas, Cuba, Dominica, Gambia, Ghana, Guyana, \
                     Iceland, Kenya, Kiribati, Kuwait, Liberia, Mauritania, Paraguay, \
                     Suriname, Switzerland, Togo, Tonga, Tuvalu";
        let line = format!("This joint statement is-delivered an behalf of {names}.");
        let lines = ["We stand ready to work with all partners.", line.as_str()];
        let mut t = doc(&lines);
        assert!(codes_of(&t, &ListRules::default()).is_empty(), "clean text");
        t.noisy = true;
        assert_eq!(codes_of(&t, &ListRules::default()).len(), 20);
        assert!(codes_of(&t, &without(Rule::LongOcrList)).is_empty());
        let r = ListRules {
            long_list_names_ocr: 21,
            ..ListRules::default()
        };
        assert!(codes_of(&t, &r).is_empty(), "twenty names, one short");
    }

    #[test]
    fn names_filling_their_lines_are_a_list() {
        let lines = ["Joint statement on oceans", "", "Fiji, Samoa and Tonga"];
        rule_matters(Rule::ListShape, &lines, &["FJI", "WSM", "TON"]);
        let r = ListRules {
            min_list_names: 4,
            ..ListRules::default()
        };
        assert_eq!(codes_with(&lines, &r), Vec::<String>::new());
    }

    const CONTINUED: &[&str] = &[
        "Signatories:",
        "Austria, Belgium, Chile",
        "Continued on the next page",
        "Denmark",
    ];

    #[test]
    fn a_list_goes_on_after_an_interruption() {
        rule_matters(Rule::FollowsBlock, CONTINUED, &["AUT", "BEL", "CHL", "DNK"]);
        let r = ListRules {
            follow_window_lines: 1,
            ..ListRules::default()
        };
        assert_eq!(codes_with(CONTINUED, &r), ["AUT", "BEL", "CHL"]);
    }

    const RUN_IN: &[&str] = &[
        "The ministers welcomed the progress made by the delegations of",
        "France, Germany and Italy",
        "The talks go on.",
    ];

    #[test]
    fn a_sentence_that_runs_into_the_names_makes_them_prose() {
        rule_matters(Rule::SentenceRunsIn, RUN_IN, &[]);
        let short = ListRules {
            run_on_min_words: 20,
            ..ListRules::default()
        };
        assert_eq!(codes_with(RUN_IN, &short).len(), 3);
        let apart = ListRules {
            paragraph_gap: 1.0,
            ..ListRules::default()
        };
        assert_eq!(
            codes_with(RUN_IN, &apart).len(),
            3,
            "1.2 lines apart is a new paragraph"
        );
    }

    #[test]
    fn a_sentence_that_goes_on_below_makes_them_prose() {
        let lines = [
            "Joint communiqué",
            "France, Germany and Italy",
            "met in Vienna on 3 May and agreed as follows.",
        ];
        rule_matters(Rule::SentenceGoesOn, &lines, &[]);
    }

    #[test]
    fn unknown_items_in_a_gap_are_bounded() {
        let lines = ["Signatories:", "Albania", "Narnia", "Andorra"];
        let unmatched = |r: &ListRules| run(&doc(&lines), r).unmatched.len();
        assert_eq!(unmatched(&ListRules::default()), 1);
        let none = ListRules {
            max_unknown_per_gap: 0,
            ..ListRules::default()
        };
        assert_eq!(unmatched(&none), 0);
        let short = ListRules {
            max_name_words: 0,
            ..ListRules::default()
        };
        assert_eq!(unmatched(&short), 0);
    }

    #[test]
    fn no_evidence_no_list() {
        assert_eq!(
            codes(&["We discussed the situation in Austria with our partners."]),
            Vec::<String>::new()
        );
        let seg = run(
            &doc(&["We discussed the situation in Austria with our partners."]),
            &ListRules::default(),
        );
        assert_eq!(seg.candidates[0].decision.rule, Rule::NoEvidence);
    }
}
