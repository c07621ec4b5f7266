//! The sample exports in tests/fixtures (copies of shared/samples) read as they are.

use rust_decimal_macros::dec;

use super::*;
use crate::i18n::Lang;

const SYCM_GBK: &[u8] = include_bytes!("../../../tests/fixtures/sycm-daily-2026Q2.gbk.csv");
const SYCM_XLSX: &[u8] = include_bytes!("../../../tests/fixtures/sycm-daily-2026Q2.xlsx");
const SYCM_XLS: &[u8] = include_bytes!("../../../tests/fixtures/sycm-daily-sample.xls");
const ZTC: &[u8] = include_bytes!("../../../tests/fixtures/ztc-report-2026Q2.csv");

fn first_sycm_row(line: u64) -> ActualRow {
    ActualRow {
        line,
        date: date(2026, 4, 1),
        uv: 2043,
        buyers: 72,
        orders: Some(73),
        sales: dec!(9469.44),
        refunds: Some(dec!(520.82)),
        pv: Some(6086),
    }
}

fn assert_sycm_quarter(rows: &[ActualRow], summary: &ActualsSummary) {
    assert_eq!(rows.len(), 91);
    assert_eq!(
        rows[0],
        first_sycm_row(5),
        "title lines count in line numbers"
    );
    let last = &rows[90];
    assert_eq!(
        (last.line, last.date, last.sales),
        (95, date(2026, 6, 30), dec!(7467.90))
    );
    assert_eq!((summary.rows, summary.valid_rows), (91, 91));
    assert_eq!(summary.first_date, Some(date(2026, 4, 1)));
    assert_eq!(summary.last_date, Some(date(2026, 6, 30)));
    assert_eq!(summary.dates.len(), 91);
    assert_eq!((summary.uv, summary.buyers), (267_105, 7_816));
    assert_eq!((summary.orders, summary.pv), (8_304, 884_875));
    assert_eq!(
        (summary.sales, summary.refunds),
        (dec!(947899.98), dec!(33326.04))
    );
}

#[test]
fn the_gbk_business_advisor_export_reads_as_it_is() {
    let (rows, summary) = read_actuals(SYCM_GBK, today()).expect("valid");
    assert_sycm_quarter(&rows, &summary);
}

#[test]
fn the_xlsx_export_has_the_same_figures_on_the_same_rows() {
    let (rows, summary) = read_actuals(SYCM_XLSX, today()).expect("valid");
    assert_sycm_quarter(&rows, &summary);
    let (csv_rows, _) = read_actuals(SYCM_GBK, today()).expect("valid");
    assert_eq!(rows, csv_rows);
}

#[test]
fn a_legacy_xls_with_date_cells_reads_too() {
    let (rows, summary) = read_actuals(SYCM_XLS, today()).expect("valid");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], first_sycm_row(5));
    assert_eq!(rows[2].sales, dec!(8931.8));
    assert_eq!(summary.last_date, Some(date(2026, 4, 3)));
}

#[test]
fn the_paid_search_report_reads_with_the_upload_category() {
    let resolve = |_: &str| -> Option<&'static str> { None };
    let (rows, summary) = read_spend(ZTC, today(), Some("ztc"), resolve).expect("valid");
    assert_eq!(rows.len(), 91);
    let first = &rows[0];
    assert_eq!(
        (first.line, first.date, first.category),
        (2, date(2026, 4, 1), "ztc")
    );
    assert_eq!(first.amount, dec!(349.75));
    assert_eq!(first.attributed_sales, Some(dec!(1359.26)));
    assert_eq!(summary.amount, dec!(34484.58));
    assert_eq!(summary.attributed_sales, dec!(128761.25));
    assert_eq!(summary.categories, vec!["ztc"]);
    assert_eq!(summary.last_date, Some(date(2026, 6, 30)));
}

#[test]
fn the_paid_search_report_without_a_category_is_refused_as_a_whole() {
    let resolve = |_: &str| -> Option<&'static str> { None };
    let error = read_spend(ZTC, today(), None, resolve).expect_err("no category");
    assert_eq!(error, Rejection::File(FileError::NoCategory));
    let text = FileError::NoCategory.msg().render(Lang::ZhCn);
    assert!(text.contains("类别"), "{text}");
}

#[test]
fn the_export_of_a_quarter_is_refused_before_it_happened() {
    let errors = match read_actuals(SYCM_GBK, date(2026, 6, 29)) {
        Err(Rejection::Rows(errors)) => errors.errors,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        brief(&errors),
        vec![(95, Some("统计日期"), "import-date-in-future")]
    );
    let text = errors[0].msg.render(Lang::En);
    assert_eq!(text, "2026-06-30 is in the future (today is 2026-06-29).");
}

#[test]
fn the_shop_a_file_names_is_read_from_its_title_line_or_its_shop_column() {
    let (_, summary) = read_actuals(SYCM_GBK, today()).expect("valid");
    assert_eq!(summary.named_shops, ["婚庆用品旗舰店"]);
    let (_, summary) = read_actuals(SYCM_XLSX, today()).expect("valid");
    assert_eq!(summary.named_shops, ["婚庆用品旗舰店"]);
    // The 自助取数 template: a 店铺名称 column, no title line.
    let template = "统计日期,店铺名称,访客数,支付金额,支付买家数\n\
                    2026-04-02,山野茶旗舰店,100,\"1,000.00\",10\n\
                    2026-04-01,山野茶旗舰店,90,900.00,9\n";
    let (rows, summary) = read_actuals(template.as_bytes(), today()).expect("valid");
    assert_eq!(rows.len(), 2);
    assert_eq!(summary.named_shops, ["山野茶旗舰店"]);
    // A file that names nothing names nothing.
    let plain = "date,uv,buyers,sales\n2026-04-01,1,1,1.00\n";
    let (_, summary) = read_actuals(plain.as_bytes(), today()).expect("valid");
    assert!(summary.named_shops.is_empty());
}
