//! The report: one self-contained HTML page about a batch of records (no
//! script, style or font from elsewhere; it works offline and prints).
//! It holds the map (inline SVG, with its text alternative); for a batch,
//! the State × document matrix with sorting and a search box; then, per
//! document, a link to the PDF, its signatories as printed with pages and
//! roles, its group counts with who did not sign, and the names left for
//! review (unmatched, ambiguous). It does not read files: the caller gives
//! the records, the map's colouring and each PDF's link.

use super::escape;
use super::map::{self, Colouring};
use crate::gazetteer::{groups, Gazetteer};
use crate::record::{wire_name, Record, Status};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The page's style: system fonts only, colours from the map's palette,
/// and a print layout without the search box.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI','DejaVu Sans',Helvetica,Arial,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1a1a1a;line-height:1.4}\
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem}\
figure{margin:0}figure svg{width:100%;height:auto;display:block}\
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.15rem .4rem;text-align:left;vertical-align:top}\
thead th{background:#f0f0f0;position:sticky;top:0}caption{text-align:left;font-weight:bold;padding:.3rem 0}\
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer}\
.matrix{overflow:auto;max-height:40rem}.matrix td{text-align:center}.y{background:#0072b2;color:#fff}.u{background:#eee;color:#666}\
dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}dt{font-weight:bold}dd{margin:0}\
.names{font-size:.85rem}.muted{color:#555}.doc{break-inside:avoid-page}\
@media print{.search,nav{display:none}.matrix{max-height:none;overflow:visible}thead th{position:static}body{max-width:none}}";

/// The matrix's search and sorting: a few lines, inline, no library.
const SCRIPT: &str = "\
(function(){var t=document.getElementById('matrix');if(!t)return;var b=t.tBodies[0];\
var fold=function(s){return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase()};\
var q=document.getElementById('search');q.addEventListener('input',function(){var v=fold(q.value);\
for(var r of b.rows){r.hidden=v!==''&&fold(r.cells[0].textContent+' '+r.cells[1].textContent).indexOf(v)<0}});\
t.tHead.querySelectorAll('button').forEach(function(btn,i){btn.addEventListener('click',function(){\
var th=btn.parentNode,up=th.getAttribute('aria-sort')!=='ascending';\
t.tHead.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});th.setAttribute('aria-sort',up?'ascending':'descending');\
var key=function(r){var s=r.cells[i].textContent;var n=parseFloat(s);return isNaN(n)?s:n};\
var rows=Array.from(b.rows).sort(function(x,y){var a=key(x),c=key(y);\
var d=(typeof a==='number'&&typeof c==='number')?a-c:String(a).localeCompare(String(c));return up?d:-d});\
rows.forEach(function(r){b.appendChild(r)})})})})();";

/// A cell of the matrix: what a State is in a document.
fn cell(role: Option<&crate::segment::decision::Role>) -> &'static str {
    use crate::segment::decision::Role;
    match role {
        None => "",
        Some(Role::Signatory) => "✓",
        Some(Role::Sponsor) => "S",
        Some(Role::JoinedLater) => "J",
    }
}

/// A group's members that did not sign are named when at least this share
/// of its members signed: then they are the news ("who among the States
/// Parties did not sign"). Below it they are most of the group, the
/// signatories are the shorter list, and naming them made a batch's report
/// two thirds group tables (6.5 of 10 MB for 1,000 records, BENCHMARKS.md).
pub const NAME_NON_SIGNERS_FROM_SHARE: f64 = 0.5;

fn lists_non_signers(signed: usize, members: usize) -> bool {
    members > 0 && signed as f64 >= NAME_NON_SIGNERS_FROM_SHARE * members as f64
}

fn readable(r: &Record) -> bool {
    matches!(r.status, Status::Ok | Status::NoSignatories)
}

/// Names of codes, sorted as the gazetteer folds them, joined by commas.
fn names(codes: &[String]) -> String {
    let g = Gazetteer::get();
    let mut v: Vec<&str> = codes
        .iter()
        .map(|c| g.by_iso3(c).map_or(c.as_str(), |e| e.name.as_str()))
        .collect();
    v.sort_by_cached_key(|n| crate::gazetteer::fold::fold(n));
    v.join(", ")
}

/// The State × document matrix (for two records or more).
fn matrix(out: &mut String, records: &[Record]) {
    let g = Gazetteer::get();
    // code -> per document, its role there.
    let mut rows: BTreeMap<&str, Vec<Option<&crate::segment::decision::Role>>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        for s in &r.signatories {
            let row = rows
                .entry(s.iso3.as_str())
                .or_insert_with(|| vec![None; records.len()]);
            row[i].get_or_insert(&s.role);
        }
    }
    let mut order: Vec<(&str, &str)> = rows
        .keys()
        .map(|c| (*c, g.by_iso3(c).map_or(*c, |e| e.name.as_str())))
        .collect();
    order.sort_by_cached_key(|(c, n)| (crate::gazetteer::fold::fold(n), c.to_string()));
    let _ = write!(
        out,
        "<section id=\"states\"><h2>States × documents</h2>\
<p class=\"muted\">✓ signed, S sponsor, J joined later, ? the document could not be read. Click a heading to sort.</p>\
<p class=\"search\"><label for=\"search\">Search States </label><input id=\"search\" type=\"search\" autocomplete=\"off\"></p>\
<div class=\"matrix\"><table id=\"matrix\"><caption>{} States that signed at least one of {} documents</caption><thead><tr>\
<th scope=\"col\"><button type=\"button\">State</button></th><th scope=\"col\"><button type=\"button\">Code</button></th><th scope=\"col\"><button type=\"button\">Documents</button></th>",
        order.len(),
        records.len()
    );
    for (i, r) in records.iter().enumerate() {
        let _ = write!(
            out,
            "<th scope=\"col\" title=\"{}\"><button type=\"button\">D{}</button></th>",
            escape(&r.source.path),
            i + 1
        );
    }
    out.push_str("</tr></thead><tbody>\n");
    for (code, name) in order {
        let row = &rows[code];
        let n = row.iter().filter(|x| x.is_some()).count();
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{code}</td><td>{n}</td>",
            escape(name)
        );
        // End tags of cells are optional in HTML; leaving them out keeps a
        // batch's matrix a third smaller.
        for (i, role) in row.iter().enumerate() {
            if !readable(&records[i]) {
                out.push_str("<td class=\"u\">?");
            } else if role.is_some() {
                let _ = write!(out, "<td class=\"y\">{}", cell(*role));
            } else {
                out.push_str("<td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div></section>\n");
}

/// One document's section.
fn document(out: &mut String, i: usize, r: &Record, href: &str) {
    let _ = write!(
        out,
        "<section class=\"doc\" id=\"doc-{n}\"><h2>D{n}. {}</h2><dl><dt>File</dt><dd><a href=\"{}\">{}</a></dd><dt>Status</dt><dd>{}",
        escape(&map::title_of(r)),
        escape(href),
        escape(&r.source.path),
        wire_name(&r.status),
        n = i + 1
    );
    if let Some(e) = &r.error {
        let _ = write!(out, " ({}: {})", wire_name(&e.kind), escape(&e.message));
    }
    out.push_str("</dd>");
    if let Some(d) = &r.date {
        let _ = write!(
            out,
            "<dt>Date</dt><dd>{} (printed “{}”)</dd>",
            d.value,
            escape(&d.as_printed)
        );
    }
    if let Some(doc) = &r.document {
        let _ = write!(out, "<dt>Kind</dt><dd>{}", wire_name(&doc.kind));
        if let Some(sym) = &doc.symbol {
            let _ = write!(out, ", {}", escape(sym));
        }
        out.push_str("</dd>");
    }
    if let Some(p) = r.source.pages {
        let _ = write!(out, "<dt>Pages</dt><dd>{p}</dd>");
    }
    out.push_str("</dl>\n");

    let _ = write!(out, "<h3>Signatories ({})</h3>", r.signatories.len());
    if !r.signatories.is_empty() {
        out.push_str("<table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">As printed</th><th scope=\"col\">State</th><th scope=\"col\">Code</th><th scope=\"col\">Page</th><th scope=\"col\">Role</th><th scope=\"col\">On behalf of</th></tr></thead><tbody>\n");
        for (k, s) in r.signatories.iter().enumerate() {
            let _ = writeln!(
                out,
                "<tr><td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}</tr>",
                k + 1,
                escape(&s.as_printed),
                escape(&s.name),
                s.iso3,
                s.page,
                wire_name(&s.role).replace('_', " "),
                s.on_behalf_of
                    .as_ref()
                    .map_or(String::new(), |b| escape(&b.as_printed))
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !r.groups.is_empty() {
        out.push_str("<h3>Groups</h3><table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Signed</th><th scope=\"col\">Did not sign</th></tr></thead><tbody>\n");
        for gc in &r.groups {
            let name = groups::by_id(&gc.id).map_or(gc.id.as_str(), |g| g.name.as_str());
            let missing = if lists_non_signers(gc.signed, gc.members) {
                escape(&names(&gc.not_signed))
            } else {
                format!(
                    "<span class=\"muted\">{} of {} (the signatories above are the shorter list)</span>",
                    gc.not_signed.len(),
                    gc.members
                )
            };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{} of {} <span class=\"muted\">on {}</span><td class=\"names\">{}</tr>",
                escape(name),
                gc.signed,
                gc.members,
                gc.as_of,
                missing
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !r.unmatched.is_empty() {
        let _ = writeln!(
            out,
            "<h3>For review: names not matched ({})</h3><table><thead><tr><th scope=\"col\">As printed</th><th scope=\"col\">Page</th><th scope=\"col\">Why</th><th scope=\"col\">Could be</th></tr></thead><tbody>",
            r.unmatched.len()
        );
        for u in &r.unmatched {
            let _ = writeln!(
                out,
                "<tr><td>{}<td>{}<td>{}<td>{}</tr>",
                escape(&u.as_printed),
                u.page,
                wire_name(&u.reason).replace('_', " "),
                escape(&names(&u.candidates))
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// The report page for `records`, with the map drawn from `colouring` and
/// `hrefs[i]` the link to record `i`'s PDF.
pub fn html(records: &[Record], colouring: &Colouring, hrefs: &[String]) -> String {
    let mut out = String::with_capacity(64 * 1024 + records.len() * 8 * 1024);
    let heading = if records.len() == 1 {
        map::title_of(&records[0])
    } else {
        format!("{} documents", records.len())
    };
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>Who signed: {h}</title><style>{STYLE}</style></head><body>\n<header><h1>Who signed: {h}</h1>\
<p class=\"muted\">Made by whosigned {} from {} record{}.</p></header>",
        env!("CARGO_PKG_VERSION"),
        records.len(),
        if records.len() == 1 { "" } else { "s" },
        h = escape(&heading)
    );
    if records.len() > 1 {
        out.push_str("<nav><h2>Contents</h2><ol>");
        for (i, r) in records.iter().enumerate() {
            let _ = write!(
                out,
                "<li><a href=\"#doc-{}\">{}</a> <span class=\"muted\">{}, {} signatories</span></li>",
                i + 1,
                escape(&map::title_of(r)),
                map::date_of(r),
                r.signatories.len()
            );
        }
        out.push_str("</ol></nav>\n");
    }
    let _ = writeln!(
        out,
        "<section id=\"map\"><h2>Map</h2><figure>{}<figcaption><p><strong>{}</strong></p><p class=\"names\">The map in words: {}</p></figcaption></figure></section>",
        map::svg(colouring).trim_end(),
        escape(&colouring.summary),
        escape(&colouring.text_alternative())
    );
    if records.len() > 1 {
        matrix(&mut out, records);
    }
    for (i, r) in records.iter().enumerate() {
        document(&mut out, i, r, hrefs.get(i).map_or(&r.source.path, |h| h));
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script>\n</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Source, Unmatched, UnmatchedKind};

    use crate::picture::test_record as record;

    #[test]
    fn one_document_has_its_list_and_no_matrix() {
        let mut r = record("a.pdf", &["FRA"]);
        r.unmatched.push(Unmatched {
            as_printed: "Korea".into(),
            page: 1,
            reason: UnmatchedKind::Ambiguous,
            candidates: vec!["KOR".into(), "PRK".into()],
        });
        let un = groups::by_id("un").unwrap();
        let c = Colouring::signed(&r, un, "2024-01-01".parse().unwrap());
        let h = html(std::slice::from_ref(&r), &c, &["../a.pdf".into()]);
        assert!(h.contains("<td>France (printed)<td>France<td>FRA<td>2<td>signatory"));
        assert!(h.contains("<a href=\"../a.pdf\">a.pdf</a>"));
        assert!(h.contains("<td>Korea<td>1<td>ambiguous<td>Democratic People"));
        assert!(!h.contains("id=\"matrix\""));
        assert!(h.contains("<svg "));
    }

    #[test]
    fn non_signers_are_named_only_when_at_least_half_the_group_signed() {
        let g = crate::gazetteer::groups::by_id("eu").unwrap();
        let day = "2024-06-14".parse().unwrap();
        let source = crate::record::AsOfSource::Document;
        let eu: Vec<&str> = g.members_on(day);
        // 14 of 27 signed: the 13 others are named.
        let mut r = record("a.pdf", &eu[..14]);
        r.groups = vec![crate::pipeline::group_count(g, &r.signatories, day, source)];
        let un = groups::by_id("un").unwrap();
        let groups_table = |h: &str| {
            let at = h.find("<h3>Groups</h3>").unwrap();
            h[at..at + h[at..].find("</table>").unwrap()].to_string()
        };
        let h = groups_table(&html(
            std::slice::from_ref(&r),
            &Colouring::signed(&r, un, day),
            &[],
        ));
        assert!(
            h.contains(">14 of 27 <span class=\"muted\">on 2024-06-14</span><td class=\"names\">")
        );
        let named = Gazetteer::get().by_iso3(eu[20]).unwrap().name.clone();
        assert!(h.contains(&named), "{named}");
        // 13 of 27: the 14 others are only counted.
        let mut r = record("a.pdf", &eu[..13]);
        r.groups = vec![crate::pipeline::group_count(g, &r.signatories, day, source)];
        let h = groups_table(&html(
            std::slice::from_ref(&r),
            &Colouring::signed(&r, un, day),
            &[],
        ));
        assert!(h.contains("14 of 27 (the signatories above are the shorter list)"));
        assert!(!h.contains(&named), "{named}");
    }

    #[test]
    fn a_batch_has_a_matrix_with_unread_columns_marked() {
        let rs = vec![
            record("a.pdf", &["FRA", "DEU"]),
            record("b.pdf", &["FRA"]),
            Record::empty(Source::default(), Status::NeedsOcr),
        ];
        let h = html(&rs, &Colouring::share(&rs), &[]);
        assert!(h.contains("<tr><th scope=\"row\">France</th><td>FRA</td><td>2</td><td class=\"y\">✓<td class=\"y\">✓<td class=\"u\">?</tr>"));
        assert!(h.contains("<tr><th scope=\"row\">Germany</th><td>DEU</td><td>1</td><td class=\"y\">✓<td><td class=\"u\">?</tr>"));
        assert!(h.contains("2 States that signed at least one of 3 documents"));
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        let rs = vec![record("a.pdf", &["FRA"]), record("b.pdf", &["DEU"])];
        let h = html(&rs, &Colouring::compare(&rs[0], &rs[1]), &[]);
        for outside in ["src=", "<link", "@import", "url(", "http://", "https://"] {
            let hits: Vec<_> = h.match_indices(outside).collect();
            // The SVG's namespace is a name, not a fetch.
            let allowed = if outside == "http://" { 1 } else { 0 };
            assert_eq!(hits.len(), allowed, "{outside}");
        }
    }
}
