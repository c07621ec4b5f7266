//! JSON bodies of the import endpoints, read by the same rules as files: the rows are written
//! out as CSV under English headers and read by the file readers; errors are given back as
//! JSON paths (`[3].buyers`) instead of lines and columns.

use serde_json::{Map, Value};

use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;

/// The keys of an actuals row, in CSV column order.
pub const ACTUAL_KEYS: &[&str] = &["date", "uv", "buyers", "orders", "sales", "refunds", "pv"];

/// The keys of a row of an organization-wide file: the shop, then an actuals row.
pub const BULK_KEYS: &[&str] = &[
    "shop", "date", "uv", "buyers", "orders", "sales", "refunds", "pv",
];

/// The keys of a spend row.
pub const SPEND_KEYS: &[&str] = &["date", "category", "amount", "attributed_sales"];

/// The rows of a JSON array as CSV text with a header row of `keys`.
pub fn to_csv(body: &[u8], keys: &[&str]) -> Result<Vec<u8>, AppError> {
    let rows: Vec<Map<String, Value>> = serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(Msg::new("error-malformed-json").arg("detail", e)))?;
    if rows.is_empty() {
        return Err(AppError::Invalid {
            code: "empty_file",
            msg: Msg::new("actuals-json-empty"),
            details: Vec::new(),
        });
    }
    let mut out = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 64));
    let internal = |e: csv::Error| AppError::Internal(e.into());
    out.write_record(keys).map_err(internal)?;
    for row in &rows {
        out.write_record(keys.iter().map(|k| cell(row.get(*k))))
            .map_err(internal)?;
    }
    out.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

/// A value as the text of a cell; line breaks become spaces so that row *n* stays on line
/// *n* + 2.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.replace(['\r', '\n'], " "),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

/// Rewrites line-and-column details of rows read from [`to_csv`] as JSON paths.
pub fn as_paths(error: AppError) -> AppError {
    let AppError::Invalid { code, msg, details } = error else {
        return error;
    };
    let details = details
        .into_iter()
        .map(|d| match (d.line, &d.column) {
            (Some(line), Some(column)) => {
                ErrorDetail::field(format!("[{}].{column}", line.saturating_sub(2)), d.msg)
            }
            _ => d,
        })
        .collect();
    AppError::Invalid { code, msg, details }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_csv_lines_under_the_english_headers() {
        let body = br#"[{"date": "2026-04-01", "uv": 2043, "buyers": 72, "sales": "9469.44",
                         "note": "ignored"}, {"date": "2026-04-02\n", "uv": null, "buyers": true}]"#;
        let csv = String::from_utf8(to_csv(body, ACTUAL_KEYS).unwrap()).unwrap();
        assert_eq!(
            csv,
            "date,uv,buyers,orders,sales,refunds,pv\n2026-04-01,2043,72,,9469.44,,\n\
             2026-04-02 ,,true,,,,\n"
        );
    }

    #[test]
    fn line_details_become_json_paths() {
        let error = AppError::Invalid {
            code: "invalid_rows",
            msg: Msg::new("error-validation"),
            details: vec![ErrorDetail::line(
                4,
                Some("buyers".into()),
                Msg::new("import-negative"),
            )],
        };
        let AppError::Invalid { details, .. } = as_paths(error) else {
            panic!("still invalid");
        };
        assert_eq!(details[0].field.as_deref(), Some("[2].buyers"));
        assert!(to_csv(b"[]", ACTUAL_KEYS).is_err());
        assert!(matches!(
            to_csv(b"{", ACTUAL_KEYS),
            Err(AppError::BadRequest(_))
        ));
    }
}
