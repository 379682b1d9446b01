//! Reading the reference tables in `data/` strictly.
//!
//! The tables are tab-separated text with `#` comment lines and a header
//! line, compiled into the binary. A row that cannot be what its table says
//! (an unknown code, an unknown kind, a bad date, a second row for the same
//! name) is not skipped or defaulted: it is a [`TableError`] naming the file
//! and the line, and the loaders return every such error at once. `cargo
//! test` loads the bundled tables this way, so bad data fails the tests.
//! This module reads rows; what a row must hold is checked by the loader of
//! each table ([`super::Gazetteer::from_tables`], [`super::groups::load`]).
//!
//! ```
//! use whosigned::gazetteer::table::{Problem, Table};
//! let mut errors = Vec::new();
//! let t = Table::new("data/x.tsv", "# a comment\nname\tnote\nKorea\tsee ambiguous\nTimor\n");
//! let rows = t.rows(&["name", "note"], &mut errors);
//! assert_eq!(rows.len(), 1);
//! assert_eq!(errors[0].line, 4);
//! assert_eq!(errors[0].problem, Problem::Columns { found: 1, expected: 2 });
//! assert_eq!(errors[0].to_string(), "data/x.tsv:4: 1 columns, expected 2");
//! ```

use std::collections::HashMap;
use std::fmt;

/// One bad row (or file) of a table: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct TableError {
    /// The table's path in the repository (`data/aliases.tsv`).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong there.
    pub problem: Problem,
}

/// What is wrong with a row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The file starts with a byte-order mark, which would become part of
    /// its first cell.
    #[error("starts with a byte-order mark")]
    ByteOrderMark,
    /// A line ends in a carriage return (CRLF line endings); the tables use
    /// LF.
    #[error("contains carriage returns (use LF line endings)")]
    CarriageReturn,
    /// Every line is blank or a comment: there is no column line.
    #[error("no header line")]
    NoHeader,
    /// The first line that is neither blank nor a comment is not the
    /// table's column line.
    #[error("header is {found:?}, expected {expected:?}")]
    Header {
        /// The line as written.
        found: String,
        /// The column names the table must have, tab-separated.
        expected: String,
    },
    /// A row has more or fewer tab-separated cells than the column line.
    #[error("{found} columns, expected {expected}")]
    Columns {
        /// Cells in the row.
        found: usize,
        /// Columns in the column line.
        expected: usize,
    },
    /// A cell starts or ends with white space.
    #[error("{column}: leading or trailing blank in {value:?}")]
    Blank {
        /// The cell's column.
        column: String,
        /// The cell as written, blanks included.
        value: String,
    },
    /// A cell that must hold a value is empty.
    #[error("{column} is empty")]
    Empty {
        /// The empty cell's column.
        column: String,
    },
    /// A code does not have the form its column requires (`iso3`: three
    /// capital letters; `m49`: empty or three digits; `candidates`: codes
    /// separated by single spaces).
    #[error("{column} {value:?} is not {shape}")]
    Shape {
        /// The cell's column.
        column: String,
        /// The cell as written.
        value: String,
        /// The form the column requires, in words ("three capital letters").
        shape: &'static str,
    },
    /// An ISO 3166-1 alpha-3 code that is not in `data/entities.tsv`: the
    /// code as written.
    #[error("unknown code {0:?} (not in data/entities.tsv)")]
    UnknownCode(String),
    /// A column with a closed set of values (`kind`, `lang`, `type`,
    /// `certainty`) holds a value outside it.
    #[error("unknown {column} {value:?} (one of: {allowed})")]
    UnknownValue {
        /// The cell's column.
        column: String,
        /// The cell as written.
        value: String,
        /// The values the column allows, comma-separated.
        allowed: String,
    },
    /// A name in `data/entities.tsv` has a curly apostrophe (U+2019); the
    /// tables write the straight `'`.
    #[error("{column}: curly apostrophe (write ')")]
    CurlyApostrophe {
        /// The column of the name.
        column: String,
    },
    /// Something a table may give only once (a code, a name, a group id, a
    /// printed name) is given again.
    #[error("{what} also at line {first}")]
    Duplicate {
        /// What is given twice, in words (`iso3 AUT`, `"Korea"`).
        what: String,
        /// The 1-based line where it was first given.
        first: usize,
    },
    /// An ambiguous name (`data/ambiguous.tsv`) has fewer than two
    /// candidates: how many it has. With one it would not be ambiguous.
    #[error("{0} candidate(s): an ambiguous name has two or more")]
    TooFewCandidates(usize),
    /// An ambiguous name lists the same candidate twice: the code.
    #[error("candidate {0} twice")]
    CandidateTwice(String),
    /// An alias of type `abbrev` has no capital letter, and abbreviations
    /// are matched only as printed: the alias.
    #[error("abbreviation {0:?} has no capital letter to match on")]
    NoCapital(String),
    /// An alias folds like another alias of the same entity, so it matches
    /// nothing more.
    #[error("{alias:?} folds like {other:?}, another alias of the same entity (redundant)")]
    Redundant {
        /// The alias of this row.
        alias: String,
        /// The earlier alias it repeats.
        other: String,
    },
    /// A spelling folds to the same matcher key as a spelling that names
    /// something else; the matcher could keep only one of them.
    #[error(
        "spelling {spelling:?} names {target}, but {other} gives the same key to {other_target}"
    )]
    KeyClash {
        /// The spelling of this row (the name, or a form derived from it).
        spelling: String,
        /// What this row names: an ISO 3166-1 alpha-3 code, `ambiguous
        /// (...)`, `not a State` or `place or State (...)`.
        target: String,
        /// The other spelling, quoted, with its file and line.
        other: String,
        /// What the other spelling names, in the same words as `target`.
        other_target: String,
    },
    /// A spelling folds like an upper-case abbreviation of the same entity
    /// and would take away its exact-case check (the pronoun "us" would be
    /// the United States).
    #[error("spelling {spelling:?} is also an exact-case abbreviation ({other}), which would lose its case check")]
    LosesCase {
        /// The spelling that is not an abbreviation.
        spelling: String,
        /// The abbreviation, quoted, with its file and line.
        other: String,
    },
    /// A date in a group table that is not `YYYY-MM-DD`: as written.
    #[error("bad date {0:?} (want YYYY-MM-DD)")]
    BadDate(String),
    /// A membership interval whose `until` is not after its `from`.
    #[error("from {from} is not before until {until}")]
    DateOrder {
        /// The interval's first day.
        from: String,
        /// Its `until` as written.
        until: String,
    },
    /// A membership row marked `unsure` has no note saying what is unsure.
    #[error("an 'unsure' row needs a note saying what is unsure")]
    UnsureWithoutNote,
    /// Two membership intervals of one State in a group table overlap.
    #[error("{iso3}: interval overlaps the one at line {other}")]
    Overlap {
        /// The State's ISO 3166-1 alpha-3 code.
        iso3: String,
        /// The 1-based line of the interval it overlaps.
        other: usize,
    },
    /// An entity of `data/entities.tsv` has no row in
    /// `data/entities_ar_zh_ru.tsv`: every entity has its UN names in all six
    /// languages.
    #[error("no Arabic, Chinese and Russian names (add a row to data/entities_ar_zh_ru.tsv)")]
    NoUnNames,
    /// A group table lacks a required `# key:` line (`id`, `name`,
    /// `printed`, `source`, `note`): the key.
    #[error("missing '# {0}:' line")]
    MissingMeta(&'static str),
    /// A group table has the same `# key:` line twice: the key.
    #[error("'# {0}:' twice")]
    MetaTwice(String),
    /// A comment after a group table's column line, where only rows may be.
    #[error("comment after the column line")]
    LateComment,
    /// A `# counted:` line that does not start with `yes` or `no`: its
    /// value.
    #[error("'# counted:' must start with yes or no, not {0:?}")]
    Counted(String),
    /// A group's `# id:` does not match its file name (the id with `:` as
    /// `-`, then `.tsv`).
    #[error("id {id:?} does not match the file name (expected {expected})")]
    IdNotFileName {
        /// The id as written.
        id: String,
        /// The file name the id requires.
        expected: String,
    },
    /// A name of a `# printed:` line is empty or has no letters or digits:
    /// the name as written.
    #[error("printed name {0:?} is empty or has no letters or digits")]
    EmptyPrintedName(String),
    /// A group's printed name folds like another group's, so a footnote
    /// naming it could not be told apart.
    #[error("printed name {name:?} folds like {other:?} of group {group}")]
    PrintedNameClash {
        /// The printed name of this table's group.
        name: String,
        /// The other group's printed name it folds like.
        other: String,
        /// The other group's id.
        group: String,
    },
    /// A printed name that is one word and also an entity's code ("NAM" is
    /// Namibia's): it would match inside names such as "Viet Nam".
    #[error("printed name {0:?} is one word that is also an entity's code (it would match inside names such as 'Viet Nam')")]
    PrintedNameIsCode(String),
}

/// Every error of a load, in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableErrors(pub Vec<TableError>);

impl fmt::Display for TableErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        write!(f, "{} error(s) in the tables", self.0.len())
    }
}

impl std::error::Error for TableErrors {}

/// A table's text with its path, for error messages.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    /// The path its errors are reported under (`data/aliases.tsv`, or a
    /// user's file).
    pub file: &'a str,
    /// The table's whole text.
    pub text: &'a str,
}

/// One row: its 1-based line number and its cells.
pub type Row<'a> = (usize, Vec<&'a str>);

/// The keys a table has given so far, each with its line, so that a
/// second row for the same key is refused with both lines named.
#[derive(Debug, Default)]
pub struct Keys(HashMap<String, usize>);

impl Keys {
    /// True the first time `key` comes (at line `n`); after that an error
    /// saying `what` is given twice, pushed to `errors`, and false.
    pub fn first(
        &mut self,
        table: &Table,
        n: usize,
        key: &str,
        what: impl FnOnce() -> String,
        errors: &mut Vec<TableError>,
    ) -> bool {
        match self.0.get(key) {
            Some(&first) => {
                errors.push(table.error(
                    n,
                    Problem::Duplicate {
                        what: what(),
                        first,
                    },
                ));
                false
            }
            None => {
                self.0.insert(key.to_string(), n);
                true
            }
        }
    }
}

impl<'a> Table<'a> {
    /// The table `text`, its errors reported under `file`.
    pub fn new(file: &'a str, text: &'a str) -> Table<'a> {
        Table { file, text }
    }

    /// An error at `line` of this table.
    pub fn error(&self, line: usize, problem: Problem) -> TableError {
        TableError {
            file: self.file.to_string(),
            line,
            problem,
        }
    }

    /// An error for the first of `columns` (names of `header`) whose cell
    /// in `row` is empty.
    pub fn empty_cell(
        &self,
        (n, cells): &Row<'_>,
        header: &[&str],
        columns: &[&str],
    ) -> Option<TableError> {
        header
            .iter()
            .zip(cells)
            .find(|(h, c)| c.is_empty() && columns.contains(h))
            .map(|(h, _)| {
                self.error(
                    *n,
                    Problem::Empty {
                        column: h.to_string(),
                    },
                )
            })
    }

    /// The data rows under the header `header`, which must be the first
    /// line that is neither blank nor a comment. A row with the wrong
    /// number of cells, or a cell with blanks around it, is an error and
    /// is left out; so is a file with a byte-order mark or carriage
    /// returns (then no rows).
    pub fn rows(&self, header: &[&str], errors: &mut Vec<TableError>) -> Vec<Row<'a>> {
        if self.text.starts_with('\u{FEFF}') {
            errors.push(self.error(1, Problem::ByteOrderMark));
            return Vec::new();
        }
        if let Some(n) = self.text.split('\n').position(|l| l.contains('\r')) {
            errors.push(self.error(n + 1, Problem::CarriageReturn));
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut seen_header = false;
        for (i, line) in self.text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            if !seen_header {
                seen_header = true;
                if cells != header {
                    errors.push(self.error(
                        n,
                        Problem::Header {
                            found: line.to_string(),
                            expected: header.join("\t"),
                        },
                    ));
                    return Vec::new();
                }
                continue;
            }
            if cells.len() != header.len() {
                errors.push(self.error(
                    n,
                    Problem::Columns {
                        found: cells.len(),
                        expected: header.len(),
                    },
                ));
                continue;
            }
            if let Some((column, value)) = header.iter().zip(&cells).find(|(_, c)| c.trim() != **c)
            {
                errors.push(self.error(
                    n,
                    Problem::Blank {
                        column: column.to_string(),
                        value: value.to_string(),
                    },
                ));
                continue;
            }
            out.push((n, cells));
        }
        if !seen_header {
            errors.push(self.error(1, Problem::NoHeader));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> (usize, Vec<(usize, Problem)>) {
        let mut errors = Vec::new();
        let rows = Table::new("t.tsv", text).rows(&["a", "b"], &mut errors);
        (
            rows.len(),
            errors.into_iter().map(|e| (e.line, e.problem)).collect(),
        )
    }

    #[test]
    fn comments_and_blank_lines_are_skipped_and_the_header_checked() {
        assert_eq!(problems("# c\n\na\tb\nx\ty\n"), (1, vec![]));
        let (_, p) = problems("a\tc\nx\ty\n");
        assert_eq!(
            p,
            [(
                1,
                Problem::Header {
                    found: "a\tc".into(),
                    expected: "a\tb".into()
                }
            )]
        );
        assert_eq!(
            problems("# only comments\n"),
            (0, vec![(1, Problem::NoHeader)])
        );
    }

    #[test]
    fn a_row_with_the_wrong_cells_is_an_error_not_a_default() {
        let (n, p) = problems("a\tb\nx\n x\ty\nx\ty\tz\n");
        assert_eq!(n, 0);
        assert_eq!(
            p,
            [
                (
                    2,
                    Problem::Columns {
                        found: 1,
                        expected: 2
                    }
                ),
                (
                    3,
                    Problem::Blank {
                        column: "a".into(),
                        value: " x".into()
                    }
                ),
                (
                    4,
                    Problem::Columns {
                        found: 3,
                        expected: 2
                    }
                ),
            ]
        );
    }

    #[test]
    fn byte_order_marks_and_carriage_returns_are_errors() {
        assert_eq!(
            problems("\u{FEFF}a\tb\n"),
            (0, vec![(1, Problem::ByteOrderMark)])
        );
        assert_eq!(
            problems("a\tb\r\nx\ty\r\n"),
            (0, vec![(1, Problem::CarriageReturn)])
        );
    }
}
