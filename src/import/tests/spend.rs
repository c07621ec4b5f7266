//! Spend files: categories from a column or from the upload, and their repeats.

use rust_decimal_macros::dec;

use super::*;
use crate::i18n::Lang;

/// An organization's categories: codes and Chinese labels, as the caller would look them up.
fn resolve(text: &str) -> Option<&'static str> {
    let known = [("ztc", "直通车"), ("taoke", "淘宝客"), ("staff", "人员")];
    let text = text.to_ascii_lowercase();
    known
        .iter()
        .find(|(code, label)| *code == text || *label == text)
        .map(|(code, _)| *code)
}

fn spend_errors(file: &str, default: Option<&'static str>) -> Vec<RowError> {
    match read_spend(file.as_bytes(), today(), default, resolve) {
        Err(Rejection::Rows(errors)) => errors.errors,
        other => panic!("expected row errors, got {other:?}"),
    }
}

#[test]
fn categories_are_read_as_codes_or_labels_and_a_day_may_have_several() {
    let file = "日期,类别,花费,成交金额\n\
                2026-04-01,直通车,100.50,300\n\
                2026-04-01,TAOKE,20,\n\
                2026-04-02,ztc,\"1,000.00\",2500\n";
    let (rows, summary) = read_spend(file.as_bytes(), today(), None, resolve).expect("valid");
    let categories: Vec<&str> = rows.iter().map(|r| r.category).collect();
    assert_eq!(categories, vec!["ztc", "taoke", "ztc"]);
    assert_eq!(rows[2].amount, dec!(1000.00));
    assert_eq!(rows[1].attributed_sales, None);
    assert_eq!(summary.categories, vec!["ztc", "taoke"]);
    assert_eq!(
        (summary.amount, summary.attributed_sales),
        (dec!(1120.50), dec!(2800))
    );
    assert_eq!(summary.dates, vec![date(2026, 4, 1), date(2026, 4, 2)]);
}

#[test]
fn a_blank_category_takes_the_upload_default_and_a_cell_overrides_it() {
    let file = "date,category,amount\n2026-04-01,,5\n2026-04-01,人员,7\n";
    let (rows, _) = read_spend(file.as_bytes(), today(), Some("ztc"), resolve).expect("valid");
    assert_eq!((rows[0].category, rows[1].category), ("ztc", "staff"));
}

#[test]
fn unknown_and_missing_categories_are_row_errors() {
    let file = "date,category,amount\n2026-04-01,钻石展位,5\n2026-04-02,,5\n";
    let errors = spend_errors(file, None);
    assert_eq!(
        brief(&errors),
        vec![
            (2, Some("category"), "import-unknown-category"),
            (3, Some("category"), "import-category-missing"),
        ]
    );
    assert!(
        errors[0]
            .msg
            .render(Lang::En)
            .starts_with("“钻石展位” is not one of")
    );
}

#[test]
fn the_same_day_and_category_twice_names_both_lines() {
    let file = "date,渠道,金额\n2026-04-01,ztc,5\n2026-04-02,ztc,5\n2026-04-01,直通车,6\n";
    let errors = spend_errors(file, None);
    assert_eq!(
        brief(&errors),
        vec![(4, Some("date"), "import-duplicate-spend")]
    );
    assert_eq!(
        errors[0].msg.render(Lang::ZhCn),
        "2026-04-01 的直通车同时出现在第 2 行和第 4 行；每天每个类别只能有一行（请把金额合并）。"
    );
    let single = "日期,花费\n2026-04-01,5\n2026-04-01,6\n";
    let errors = spend_errors(single, Some("ztc"));
    assert_eq!(
        brief(&errors),
        vec![(3, Some("日期"), "import-duplicate-date")]
    );
}

#[test]
fn spend_needs_a_date_and_a_non_negative_amount() {
    let file = "日期,花费,成交金额\n2026-04-01,-5,1\n2027-01-01,5,-1\n";
    let errors = spend_errors(file, Some("ztc"));
    assert_eq!(
        brief(&errors),
        vec![
            (2, Some("花费"), "import-negative"),
            (3, Some("日期"), "import-date-in-future"),
            (3, Some("成交金额"), "import-negative"),
        ]
    );
}

#[test]
fn a_spend_file_without_amounts_is_refused_as_a_whole() {
    let error = read_spend(b"date,category\n2026-04-01,ztc\n", today(), None, resolve);
    let Err(Rejection::File(FileError::MissingColumns { missing, .. })) = error else {
        panic!("{error:?}");
    };
    assert_eq!(missing, vec!["花费 / 金额 / amount".to_string()]);
}

#[test]
fn spend_rows_become_copy_lines() {
    let file = "日期,花费,成交金额\n2026/4/1,349.75,1359.26\n2026/4/2,253.08,\n";
    let mut reader =
        SpendReader::new(file.as_bytes(), today(), Some(7_u32), |_: &str| None).expect("header");
    let prefix = CopyPrefix::new(&["tenant", "shop", "import"]);
    let mut buf = Vec::new();
    for row in reader.by_ref() {
        write_spend(&mut buf, &prefix, &row);
    }
    assert!(reader.finish().expect("report").is_valid());
    assert_eq!(
        String::from_utf8_lossy(&buf),
        "tenant\tshop\timport\t2026-04-01\t7\t349.75\t1359.26\n\
         tenant\tshop\timport\t2026-04-02\t7\t253.08\t\\N\n"
    );
}
