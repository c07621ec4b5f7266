use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::*;

fn text(s: &str) -> Cell<'_> {
    Cell::Text(s.as_bytes())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

#[test]
fn dates_are_read_in_every_accepted_form() {
    for text in [
        "2027-01-05",
        "2027/1/5",
        "2027/01/05",
        "2027-1-5",
        "2027.01.05",
        "20270105",
        " 2027-01-05 ",
        "2027年1月5日",
        "2027-01-05 00:00:00",
        "2027-01-05T00:00:00",
    ] {
        assert_eq!(parse_date(text), Some(d(2027, 1, 5)), "{text}");
    }
}

#[test]
fn the_iso_fast_path_checks_the_calendar() {
    assert_eq!(date(text("2027-01-05")), Ok(Some(d(2027, 1, 5))));
    assert_eq!(date(text("2027-02-30")), Err(Bad::NotDate));
    assert_eq!(date(text("2027-0a-05")), Err(Bad::NotDate));
}

#[test]
fn what_is_not_a_date_is_refused() {
    for text in [
        "",
        "01/05/2027",
        "2027-13-01",
        "2027-02-29",
        "2027/01-05",
        "27-1-5",
        "2027-001-05",
        "202701055",
        "合计",
        "2027-01-05 上午",
        "2027-01-05-01",
        "46388",
    ] {
        assert_eq!(parse_date(text), None, "{text}");
    }
}

#[test]
fn workbook_numbers_in_a_date_column_are_serials_or_yyyymmdd() {
    assert_eq!(date(Cell::Number(46388.0)), Ok(Some(d(2027, 1, 1))));
    assert_eq!(date(Cell::Number(20270105.0)), Ok(Some(d(2027, 1, 5))));
    assert_eq!(date(Cell::Number(46388.5)), Err(Bad::NotDate));
    assert_eq!(date(Cell::Number(-1.0)), Err(Bad::NotDate));
    assert_eq!(date(Cell::Empty), Ok(None));
}

#[test]
fn counts_are_whole_with_or_without_separators() {
    assert_eq!(count(text("2043")), Ok(Some(2043)));
    assert_eq!(count(text("2,043")), Ok(Some(2043)));
    assert_eq!(count(text("\"2,043\"")), Err(Bad::NotNumber));
    assert_eq!(count(text("2043.0")), Ok(Some(2043)));
    assert_eq!(count(Cell::Number(2043.0)), Ok(Some(2043)));
    assert_eq!(count(text("  ")), Ok(None));
    assert_eq!(count(text("20.5")), Err(Bad::NotWhole));
    assert_eq!(count(text("-3")), Err(Bad::Negative));
    assert_eq!(count(text("-0")), Ok(Some(0)));
    assert_eq!(count(text("3.05%")), Err(Bad::NotNumber));
    assert_eq!(count(text("99999999999")), Err(Bad::TooLarge));
    assert_eq!(count(Cell::Number(f64::NAN)), Err(Bad::NotNumber));
    assert_eq!(count(Cell::Number(1e300)), Err(Bad::NotNumber));
}

#[test]
fn money_keeps_its_cents_and_reads_excel_floats_as_excel_shows_them() {
    assert_eq!(money(text("9,469.44")), Ok(Some(dec!(9469.44))));
    assert_eq!(money(text("520.82")), Ok(Some(dec!(520.82))));
    assert_eq!(money(text("¥1,000")), Ok(Some(dec!(1000))));
    assert_eq!(
        money(Cell::Number(9469.44_f64.next_up())),
        Ok(Some(dec!(9469.44)))
    );
    assert_eq!(
        money(Cell::Number(8931.8_f64.next_down())),
        Ok(Some(dec!(8931.8)))
    );
    assert_eq!(money(Cell::Number(0.1 + 0.2)), Ok(Some(dec!(0.3))));
    assert_eq!(money(text("-1")), Err(Bad::Negative));
    assert_eq!(money(text("(5.00)")), Err(Bad::Negative));
    assert_eq!(money(text("1e5")), Err(Bad::NotNumber));
    assert_eq!(money(text("10000000000000000")), Err(Bad::TooLarge));
    assert_eq!(money(text("9999999999999999.99")), Ok(Some(MAX_MONEY)));
    assert_eq!(money(Cell::Empty), Ok(None));
}

#[test]
fn long_values_are_cut_in_messages() {
    let long = "字".repeat(100);
    let shown = shown(text(&long));
    assert_eq!(shown.chars().count(), 41);
    assert!(shown.ends_with('…'));
    assert_eq!(super::shown(Cell::Number(2.5)), "2.5");
}

proptest! {
    #[test]
    fn the_fast_path_agrees_with_parse_decimal(text in "[0-9,]{0,20}(\\.[0-9,]{0,8})?|[0-9.,]{0,12}") {
        if let Some((fast, _)) = plain_decimal(text.as_bytes()) {
            prop_assert_eq!(Some(fast), parse_decimal(&text));
        }
        if let Some(fast) = plain_integer(text.as_bytes()) {
            prop_assert_eq!(Some(Decimal::from(fast)), parse_decimal(&text));
        }
    }

    #[test]
    fn reading_a_cell_never_panics(s in "\\PC{0,30}", n in any::<f64>()) {
        let _ = (date(text(&s)), count(text(&s)), money(text(&s)));
        let _ = (date(Cell::Number(n)), count(Cell::Number(n)), money(Cell::Number(n)));
    }
}
