//! The columns each kind of file has, the header names accepted for them (contract.md,
//! "Actual data"), and finding the header row below any title lines.

use super::FileError;
use super::table::Row;

/// How many rows from the top may hold the header; exports put a few title lines above it.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// A column the importer understands.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    /// The English header, also the name used in messages about a missing column.
    pub name: &'static str,
    /// Accepted headers, lower-case, best first: the English name, then the Chinese ones.
    pub aliases: &'static [&'static str],
    /// Whether the header row must have it for the row to count as the header.
    pub required: bool,
}

/// The header row found in a file, and where each field's values are.
#[derive(Debug)]
pub(crate) struct Header {
    /// Line (or spreadsheet row) number of the header row, 1-based.
    pub line: u64,
    /// Per field, the index of its column, if the file has it.
    pub columns: Vec<Option<usize>>,
    /// Per field, its header as written in the file (the English name when absent).
    pub names: Vec<String>,
    /// The title lines above the header row, each as its non-empty cells joined by spaces
    /// (生意参谋 names the shop in the first).
    pub titles: Vec<String>,
}

impl Header {
    /// The header text of a field, as the person wrote it.
    pub fn name(&self, field: usize) -> &str {
        self.names.get(field).map_or("", String::as_str)
    }
}

/// Normalises a header cell for matching: trimmed (also of BOMs and full-width spaces),
/// ASCII lower case, spaces and hyphens as underscores, and a trailing unit such as
/// `(元)` dropped, since exports often write `花费(元)`.
pub(crate) fn normalize(text: &str) -> String {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let without_unit = match trimmed.rfind(['(', '（']) {
        Some(open) if open > 0 && trimmed.ends_with([')', '）']) => trimmed[..open].trim_end(),
        _ => trimmed,
    };
    without_unit
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Matches one row against the fields: per field, the column of its best-ranked alias
/// (the first such column when an alias repeats), and that rank.
fn match_row(texts: &[String], fields: &[Field]) -> Vec<Option<(usize, usize)>> {
    let mut found: Vec<Option<(usize, usize)>> = vec![None; fields.len()];
    for (column, text) in texts.iter().enumerate() {
        let key = normalize(text);
        for (field, slot) in fields.iter().zip(found.iter_mut()) {
            let Some(rank) = field.aliases.iter().position(|a| *a == key) else {
                continue;
            };
            if slot.is_none_or(|(_, best)| rank < best) {
                *slot = Some((column, rank));
            }
        }
    }
    found
}

/// The best header candidate seen so far, kept to explain a missing column.
#[derive(Debug, Default)]
pub(crate) struct HeaderSearch {
    best: Option<(usize, u64, Vec<String>)>,
    titles: Vec<String>,
}

impl HeaderSearch {
    /// Checks one row from the top of the file; returns the header if all required fields
    /// are there.
    pub fn offer(&mut self, line: u64, row: &Row<'_>, fields: &[Field]) -> Option<Header> {
        let texts = row.texts();
        let found = match_row(&texts, fields);
        let complete = fields
            .iter()
            .zip(&found)
            .all(|(field, slot)| !field.required || slot.is_some());
        if complete {
            let mut header = header(line, &texts, &found, fields);
            header.titles = std::mem::take(&mut self.titles);
            return Some(header);
        }
        let title: Vec<&str> = texts
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if !title.is_empty() {
            self.titles.push(title.join(" "));
        }
        let recognised = found.iter().flatten().count();
        if recognised > 0 && self.best.as_ref().is_none_or(|(n, ..)| recognised > *n) {
            self.best = Some((recognised, line, texts));
        }
        None
    }

    /// Whether any row looked like a header at all.
    pub fn found_any(&self) -> bool {
        self.best.is_some()
    }

    /// The file-level error when no row had every required column.
    pub fn into_error(self, fields: &[Field]) -> FileError {
        let Some((_, line, texts)) = self.best else {
            return FileError::NoHeader {
                expected: fields.iter().filter(|f| f.required).map(describe).collect(),
            };
        };
        let found = match_row(&texts, fields);
        let missing = fields
            .iter()
            .zip(&found)
            .filter(|(field, slot)| field.required && slot.is_none())
            .map(|(field, _)| describe(field))
            .collect();
        let found = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
        FileError::MissingColumns {
            line,
            missing,
            found,
        }
    }
}

/// A field as a person can look for it: its accepted headers, Chinese first.
pub(crate) fn describe(field: &Field) -> String {
    let mut names: Vec<&str> = field.aliases[1..].to_vec();
    names.push(field.name);
    names.join(" / ")
}

fn header(
    line: u64,
    texts: &[String],
    found: &[Option<(usize, usize)>],
    fields: &[Field],
) -> Header {
    let columns: Vec<Option<usize>> = found.iter().map(|f| f.map(|(c, _)| c)).collect();
    let names = columns
        .iter()
        .zip(fields)
        .map(|(column, field)| match column.and_then(|c| texts.get(c)) {
            Some(text) => text.trim().to_string(),
            None => field.name.to_string(),
        })
        .collect();
    Header {
        line,
        columns,
        names,
        titles: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_trimmed_case_insensitively_and_without_units() {
        assert_eq!(normalize(" UV "), "uv");
        assert_eq!(normalize("\u{feff}Date"), "date");
        assert_eq!(normalize("Attributed Sales"), "attributed_sales");
        assert_eq!(normalize("花费(元)"), "花费");
        assert_eq!(normalize("花费（元）"), "花费");
        assert_eq!(normalize("(元)"), "(元)");
    }

    #[test]
    fn the_best_ranked_alias_wins_when_a_file_has_two() {
        const FIELDS: &[Field] = &[Field {
            name: "orders",
            aliases: &["orders", "支付子订单数", "支付订单数"],
            required: true,
        }];
        let texts: Vec<String> = ["支付订单数", "支付子订单数"].map(String::from).to_vec();
        assert_eq!(match_row(&texts, FIELDS), vec![Some((1, 1))]);
        assert_eq!(describe(&FIELDS[0]), "支付子订单数 / 支付订单数 / orders");
    }
}
