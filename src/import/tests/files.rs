//! Hand-written actuals files: formats, layouts, and every kind of row error.

use rust_decimal_macros::dec;

use super::*;
use crate::i18n::Lang;

const ENGLISH: &str = "date,uv,buyers,orders,sales,refunds,pv\n\
                       2026-04-01,2043,72,73,9469.44,520.82,6086\n\
                       2026-04-02,3072,101,,\"13,157.27\",,10244\n";

#[test]
fn an_english_utf8_file_without_bom_reads_with_optional_blanks() {
    let (rows, summary) = read_actuals(ENGLISH.as_bytes(), today()).expect("valid");
    assert_eq!(rows.len(), 2);
    let second = &rows[1];
    assert_eq!((second.line, second.uv, second.buyers), (3, 3072, 101));
    assert_eq!((second.orders, second.refunds), (None, None));
    assert_eq!(second.sales, dec!(13157.27));
    assert_eq!((summary.orders, summary.refunds), (73, dec!(520.82)));
}

#[test]
fn optional_columns_may_be_absent_and_headers_any_case() {
    let file = " Date ,UV,Buyers,SALES,支付转化率\n2026-04-01,10,1,5.00,10.00%\n";
    let (rows, _) = read_actuals(file.as_bytes(), today()).expect("valid");
    assert_eq!(
        (rows[0].orders, rows[0].refunds, rows[0].pv),
        (None, None, None)
    );
}

#[test]
fn every_date_format_is_accepted() {
    let dates = [
        "2027-01-05",
        "2027/1/6",
        "2027/01/07",
        "20270108",
        "2027年1月9日",
    ];
    let mut file = String::from("日期,访客数,支付买家数,销售额\n");
    for day in dates {
        file.push_str(&format!("{day},100,2,30.00\n"));
    }
    let (rows, summary) = read_actuals(file.as_bytes(), date(2027, 2, 1)).expect("valid");
    let read: Vec<NaiveDate> = rows.iter().map(|r| r.date).collect();
    assert_eq!(read, (5..=9).map(|d| date(2027, 1, d)).collect::<Vec<_>>());
    assert_eq!(summary.dates, read);
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_column_and_nothing_is_valid() {
    let file = "统计时间：2026-04\n\
                统计日期,访客数,支付买家数,支付金额,支付子订单数\n\
                2026-04-01,100,2,30.00,2\n\
                2026-04-02,abc,2,30.00,2\n\
                2026/04/03,100,-2,30.00,2.5\n\
                04/04/2026,100,2,,2\n\
                2026-04-05,100,2,30.00,2\n";
    let errors = row_errors(file.as_bytes());
    assert_eq!(
        brief(&errors),
        vec![
            (4, Some("访客数"), "import-not-a-number"),
            (5, Some("支付买家数"), "import-negative"),
            (5, Some("支付子订单数"), "import-not-whole"),
            (6, Some("统计日期"), "import-not-a-date"),
            (6, Some("支付金额"), "import-value-missing"),
        ]
    );
    assert_eq!(arg(&errors[0].msg, "value"), "abc");
    assert_eq!(
        errors[3].msg.render(Lang::En),
        "“04/04/2026” is not a date. Write dates as 2027-01-05, 2027/1/5 or 20270105."
    );
    assert_eq!(errors[4].msg.render(Lang::ZhCn), "支付金额为空，必须填写。");
}

#[test]
fn a_streaming_caller_gets_the_valid_rows_and_then_every_error() {
    let file = "date,uv,buyers,sales\n2026-04-01,1,1,1\n2026-04-02,x,1,1\n2026-04-03,1,1,1\n";
    let mut reader = ActualsReader::new(file.as_bytes(), today()).expect("header");
    assert_eq!(reader.header_line(), 1);
    let lines: Vec<u64> = reader.by_ref().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 4]);
    let report = reader.finish().expect("report");
    assert!(!report.is_valid());
    assert_eq!((report.summary.rows, report.summary.valid_rows), (3, 2));
    assert_eq!(report.summary.uv, 2);
    assert_eq!(report.errors.details()[0].line, Some(3));
    assert_eq!(report.errors.details()[0].column.as_deref(), Some("uv"));
}

#[test]
fn a_repeated_day_names_both_lines() {
    let mut file = String::from("date,uv,buyers,sales\n");
    for day in 1..=10 {
        file.push_str(&format!("2026-04-{day:02},10,1,5\n"));
    }
    file.push_str("2026-04-03,10,1,5\n");
    let errors = row_errors(file.as_bytes());
    assert_eq!(
        brief(&errors),
        vec![(12, Some("date"), "import-duplicate-date")]
    );
    assert_eq!(
        errors[0].msg.render(Lang::En),
        "2026-04-03 appears on lines 4 and 12; keep one row per day."
    );
}

#[test]
fn days_in_the_future_or_before_2000_are_refused() {
    let file = "date,uv,buyers,sales\n2026-11-23,1,1,1\n2026-11-24,1,1,1\n1999-12-31,1,1,1\n";
    let errors = row_errors(file.as_bytes());
    assert_eq!(
        brief(&errors),
        vec![
            (3, Some("date"), "import-date-in-future"),
            (4, Some("date"), "import-date-too-early"),
        ]
    );
    assert_eq!(arg(&errors[0].msg, "today"), "2026-11-23");
}

#[test]
fn the_funnel_must_hold_on_every_day() {
    let file = "访客数,支付买家数,支付金额,日期\n\
                10,11,100,2026-04-01\n\
                10,0,100,2026-04-02\n\
                10,2,0,2026-04-03\n\
                0,0,0,2026-04-04\n";
    let errors = row_errors(file.as_bytes());
    assert_eq!(
        brief(&errors),
        vec![
            (2, Some("支付买家数"), "import-buyers-exceed-uv"),
            (3, Some("支付买家数"), "import-sales-without-buyers"),
            (4, Some("支付金额"), "import-buyers-without-sales"),
        ]
    );
    assert_eq!(
        errors[0].msg.render(Lang::ZhCn),
        "支付买家数（11）大于访客数（10）：支付买家数不可能超过访客数。"
    );
}

#[test]
fn empty_and_headerless_files_are_refused_as_a_whole() {
    assert_eq!(file_error(b""), FileError::Empty);
    assert_eq!(file_error(b"\xEF\xBB\xBF\r\n"), FileError::Empty);
    let error = file_error(b"2026-04-01,10,1,5\n2026-04-02,10,1,5\n");
    let FileError::NoHeader { expected } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(expected[1], "访客数 / uv");
    let text = error.msg().render(Lang::En);
    assert!(
        text.contains("first 20 rows") && text.contains("日期 / 统计日期 / date"),
        "{text}"
    );
}

#[test]
fn a_header_lacking_required_columns_says_which_and_what_was_found() {
    let error =
        file_error("标题\n统计日期,访客数,浏览量,支付转化率\n2026-04-01,1,2,3%\n".as_bytes());
    let expected = FileError::MissingColumns {
        line: 2,
        missing: vec![
            "支付买家数 / buyers".into(),
            "支付金额 / 销售额 / sales".into(),
        ],
        found: ["统计日期", "访客数", "浏览量", "支付转化率"]
            .map(String::from)
            .to_vec(),
    };
    assert_eq!(error, expected);
    let text = error.msg().render(Lang::ZhCn);
    assert!(
        text.starts_with("表头行（第 2 行）缺少必需的列：支付买家数 / buyers"),
        "{text}"
    );
}

#[test]
fn the_header_must_be_within_the_first_rows() {
    let mut file = "说明\n".repeat(HEADER_SEARCH_ROWS);
    file.push_str("date,uv,buyers,sales\n2026-04-01,1,1,1\n");
    assert!(matches!(
        file_error(file.as_bytes()),
        FileError::NoHeader { .. }
    ));
}

#[test]
fn a_header_without_rows_is_refused() {
    assert_eq!(
        file_error(b"title\ndate,uv,buyers,sales\n,,,\n"),
        FileError::NoRows { header_line: 2 }
    );
}

#[test]
fn tab_separated_text_reads_with_commas_in_numbers() {
    let file = "日期\t访客数\t支付买家数\t支付金额\r\n2026-04-01\t2,043\t72\t9,469.44\r\n";
    let (rows, _) = read_actuals(file.as_bytes(), today()).expect("valid");
    assert_eq!((rows[0].uv, rows[0].sales), (2043, dec!(9469.44)));
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let text = "date\tuv\tbuyers\tsales\r\n2026-04-01\t10\t1\t5\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (rows, _) = read_actuals(&bytes, today()).expect("valid");
    assert_eq!(rows[0].line, 2);
}

#[test]
fn line_numbers_count_blank_lines_crlf_and_quoted_line_breaks() {
    let file = "title\r\n\r\ndate,uv,buyers,sales,note\r\n\r\n2026-04-01,1,1,1,\"two\r\nlines\"\r\n\
                ,,,,\r\n2026-04-02,x,1,1,\r\n";
    let errors = row_errors(file.as_bytes());
    assert_eq!(brief(&errors), vec![(8, Some("uv"), "import-not-a-number")]);
    let old_mac = "date,uv,buyers,sales\r2026-04-01,1,1,1\r2026-04-02,x,1,1\r";
    assert_eq!(row_errors(old_mac.as_bytes())[0].line, 3);
}

#[test]
fn errors_past_the_cap_are_counted_not_kept() {
    let mut file = String::from("date,uv,buyers,sales\n");
    for _ in 0..1500 {
        file.push_str("x,1,1,1\n");
    }
    let Err(Rejection::Rows(errors)) = read_actuals(file.as_bytes(), today()) else {
        panic!("rejected");
    };
    assert_eq!(
        (errors.errors.len(), errors.omitted),
        (MAX_REPORTED_ERRORS, 500)
    );
    assert_eq!(errors.total(), 1500);
    let details = errors.details();
    assert_eq!(details.len(), MAX_REPORTED_ERRORS + 1);
    assert_eq!(details[MAX_REPORTED_ERRORS].line, None);
    assert!(
        details[MAX_REPORTED_ERRORS]
            .msg
            .render(Lang::En)
            .starts_with("500 more")
    );
}

#[test]
fn workbook_date_cells_serials_and_float_counts_read() {
    let bytes = workbook(|sheet| {
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 4, 1).expect("date");
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
        sheet.write_with_format(2, 0, &day, &format)?;
        sheet.write(3, 0, 46114)?;
        sheet.write(4, 0, 20260403)?;
        for row in 2..5 {
            sheet.write(row, 1, 2043.0)?;
            sheet.write(row, 2, 72)?;
            // The float Excel stores for 9469.44 typed after a sum: one step above.
            sheet.write(row, 3, 9469.44_f64.next_up())?;
        }
        sheet.write(5, 0, "2026-04-04")?;
        sheet.write(5, 1, 20.5)?;
        sheet.write(5, 2, "-")?;
        sheet.write(5, 3, 1.0)
    });
    let mut reader = ActualsReader::new(&bytes, today()).expect("header");
    let rows: Vec<ActualRow> = reader.by_ref().collect();
    let days: Vec<NaiveDate> = rows.iter().map(|r| r.date).collect();
    assert_eq!(
        days,
        vec![date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 3)]
    );
    assert_eq!(
        (rows[0].line, rows[0].uv, rows[0].sales),
        (3, 2043, dec!(9469.44))
    );
    let report = reader.finish().expect("report");
    assert_eq!(
        brief(&report.errors.errors),
        vec![
            (6, Some("访客数"), "import-not-whole"),
            (6, Some("支付买家数"), "import-not-a-number"),
        ]
    );
    assert_eq!(arg(&report.errors.errors[0].msg, "value"), "20.5");
}

/// An XLSX with a header on row 2 and the rows `fill` writes from row 3.
fn workbook(
    fill: impl FnOnce(
        &mut rust_xlsxwriter::Worksheet,
    ) -> Result<&mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError>,
) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (column, name) in ["日期", "访客数", "支付买家数", "支付金额"]
        .iter()
        .enumerate()
    {
        sheet.write(1, column as u16, *name).expect("header");
    }
    fill(sheet).expect("rows");
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn a_damaged_workbook_is_unreadable_not_a_crash() {
    let error = file_error(b"PK\x03\x04 not really a zip");
    assert!(matches!(error, FileError::Unreadable { .. }), "{error:?}");
    let error = file_error(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 nor an OLE file");
    assert!(matches!(error, FileError::Unreadable { .. }), "{error:?}");
}

#[test]
fn every_message_is_translated_in_both_languages() {
    let file = "date,uv,buyers,sales,orders\n2026-04-01,1,2,0,x\n2030-01-01,-1,1,1,1\n";
    let errors = row_errors(file.as_bytes());
    let file_errors = [
        FileError::Empty,
        FileError::NoCategory,
        FileError::NoRows { header_line: 1 },
    ];
    let msgs = errors
        .iter()
        .map(|e| e.msg.clone())
        .chain(file_errors.iter().map(FileError::msg));
    for msg in msgs {
        for lang in Lang::ALL {
            let text = msg.render(lang);
            assert!(
                !text.starts_with("import-") && !text.contains('{'),
                "{text}"
            );
        }
    }
}
