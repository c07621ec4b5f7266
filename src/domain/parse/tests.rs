use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn money(text: &str) -> Decimal {
    parse_money(text).unwrap().value()
}

#[test]
fn money_reads_what_operators_type() {
    assert_eq!(money("1,234.5"), dec!(1234.5));
    assert_eq!(money("¥1,234"), dec!(1234));
    assert_eq!(money("￥ 1234.56 "), dec!(1234.56));
    assert_eq!(money("20万"), dec!(200000));
    assert_eq!(money("20 万元"), dec!(200000));
    assert_eq!(money("20W"), dec!(200000));
    assert_eq!(money("20w"), dec!(200000));
    assert_eq!(money("1.5亿"), dec!(150000000));
    assert_eq!(money("3k"), dec!(3000));
    assert_eq!(money("3千"), dec!(3000));
    assert_eq!(money("１２，３４５．６"), dec!(12345.6));
    assert_eq!(money("0.125"), dec!(0.125));
}

#[test]
fn money_refusals_say_what_to_type() {
    for bad in ["", "万", "abc", "20万万", "1e5", "3%", "20 thousand"] {
        let msg = parse_money(bad).unwrap_err();
        assert_eq!(msg.key, "domain-money-invalid", "{bad}");
    }
    assert_eq!(parse_money("-5").unwrap_err().key, "domain-money-negative");
    assert_eq!(
        parse_money("1亿亿").unwrap_err().key,
        "domain-money-invalid"
    );
    let msg = parse_money("100000000亿").unwrap_err();
    assert_eq!(msg.key, "domain-money-too-large");
    assert_eq!(msg.args, vec![("input", "100000000亿".to_string())]);
}

#[test]
fn rates_read_percent_per_mille_and_fractions() {
    let rate = |text: &str| parse_rate(text).unwrap().value();
    assert_eq!(rate("3%"), dec!(0.03));
    assert_eq!(rate("3.05 %"), dec!(0.0305));
    assert_eq!(rate("３％"), dec!(0.03));
    assert_eq!(rate("0.03"), dec!(0.03));
    assert_eq!(rate("5‰"), dec!(0.005));
    assert_eq!(rate("100%"), dec!(1));
    assert_eq!(rate("1"), dec!(1));
    assert_eq!(rate("0"), dec!(0));
}

#[test]
fn rates_refuse_the_ambiguous_and_the_impossible() {
    assert_eq!(parse_rate("3").unwrap_err().key, "domain-rate-ambiguous");
    assert_eq!(
        parse_rate("120%").unwrap_err().key,
        "domain-rate-out-of-range"
    );
    assert_eq!(
        parse_rate("-1%").unwrap_err().key,
        "domain-rate-out-of-range"
    );
    for bad in ["", "%", "three", "3%%", "0.03.1"] {
        assert_eq!(
            parse_rate(bad).unwrap_err().key,
            "domain-rate-invalid",
            "{bad}"
        );
    }
}

#[test]
fn roi_reads_both_colons_and_the_bare_ratio() {
    let roi = |text: &str| parse_roi(text).unwrap().value();
    assert_eq!(roi("1:3"), dec!(3));
    assert_eq!(roi("1：3"), dec!(3));
    assert_eq!(roi("1 : 4.5"), dec!(4.5));
    assert_eq!(roi("1比5"), dec!(5));
    assert_eq!(roi("2:7"), dec!(3.5));
    assert_eq!(roi("3"), dec!(3));
    assert_eq!(roi("3.5"), dec!(3.5));
    assert_eq!(parse_roi("0:3").unwrap_err().key, "domain-roi-not-positive");
    assert_eq!(parse_roi("0").unwrap_err().key, "domain-roi-not-positive");
    assert_eq!(parse_roi("1:3:5").unwrap_err().key, "domain-roi-invalid");
    assert_eq!(parse_roi("1:3-1:5").unwrap_err().key, "domain-roi-invalid");
    let overflow = "0.0000000000001:99999999999999999999999999";
    assert_eq!(parse_roi(overflow).unwrap_err().key, "domain-roi-invalid");
}

#[test]
fn counts_read_separators_and_units() {
    assert_eq!(parse_count("24,000"), Ok(24000));
    assert_eq!(parse_count("2.4万"), Ok(24000));
    assert_eq!(parse_count("1.5k"), Ok(1500));
    assert_eq!(parse_count("0"), Ok(0));
    let msg = parse_count("2.44445万").unwrap_err();
    assert_eq!(msg.key, "domain-count-not-whole");
    assert!(msg.args.contains(&("value", "24444.5".to_string())));
    assert_eq!(parse_count("-3").unwrap_err().key, "domain-count-invalid");
    assert_eq!(
        parse_count("2亿亿").unwrap_err().key,
        "domain-count-invalid"
    );
    assert_eq!(
        parse_count("200亿").unwrap_err().key,
        "domain-count-too-large"
    );
}

#[test]
fn long_input_is_quoted_back_cut_short() {
    let msg = parse_money(&"x".repeat(500)).unwrap_err();
    assert_eq!(msg.args[0].1.chars().count(), 41);
}

/// Amounts from 0 to 10¹⁴ yuan with up to 2 decimals.
fn fen_amount() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000_000_000_000).prop_map(|fen| Decimal::new(fen, 2))
}

proptest! {
    #[test]
    fn money_survives_formatting_and_parsing(value in fen_amount()) {
        let money = Money::new(value);
        prop_assert_eq!(parse_money(&money.to_string()), Ok(money));
        prop_assert_eq!(parse_money(&money.grouped()), Ok(money));
        prop_assert_eq!(parse_money(&format!("¥{}", money.grouped())), Ok(money));
    }

    #[test]
    fn money_in_wan_and_yi_multiplies_out(value in fen_amount()) {
        let wan = value / Decimal::from(10_000);
        prop_assert_eq!(parse_money(&format!("{wan}万")), Ok(Money::new(value)));
        prop_assert_eq!(parse_money(&format!("{wan}W")), Ok(Money::new(value)));
        let yi = value / Decimal::from(100_000_000);
        prop_assert_eq!(parse_money(&format!("{yi}亿")), Ok(Money::new(value)));
    }

    #[test]
    fn rates_survive_formatting_and_parsing(basis_points in 0i64..=10_000) {
        let rate = Rate::new(Decimal::new(basis_points, 4));
        prop_assert_eq!(parse_rate(&rate.to_string()), Ok(rate));
        prop_assert_eq!(parse_rate(&rate.percent_text()), Ok(rate));
        let spaced = rate.percent_text().replace('%', " ％");
        prop_assert_eq!(parse_rate(&spaced), Ok(rate));
    }

    #[test]
    fn counts_survive_grouping_and_wan(count in 0u64..=10_000_000_000) {
        let grouped = super::super::fixed::grouped(Decimal::from(count), 0);
        prop_assert_eq!(parse_count(&grouped), Ok(count));
        let wan = Decimal::from(count) / Decimal::from(10_000);
        prop_assert_eq!(parse_count(&format!("{wan}万")), Ok(count));
    }

    #[test]
    fn garbage_never_panics(text in "\\PC{0,24}") {
        let _ = (parse_money(&text), parse_rate(&text), parse_roi(&text), parse_count(&text));
    }

    #[test]
    fn near_misses_never_panic(text in "[-+0-9,.，．%％‰:：比万亿wWkK千元¥（）() ]{0,16}") {
        let _ = (parse_money(&text), parse_rate(&text), parse_roi(&text), parse_count(&text));
    }
}

#[test]
fn every_refusal_reads_well_in_both_languages() {
    use crate::domain::{kinds, month::YearMonth};
    use crate::i18n::Lang;
    let refusals = [
        parse_money("abc").unwrap_err(),
        parse_money("-1").unwrap_err(),
        parse_money("1亿亿亿").unwrap_err(),
        parse_money("9999999999亿").unwrap_err(),
        parse_rate("x").unwrap_err(),
        parse_rate("3").unwrap_err(),
        parse_rate("300%").unwrap_err(),
        parse_roi("x").unwrap_err(),
        parse_roi("0").unwrap_err(),
        parse_count("x").unwrap_err(),
        parse_count("1.5").unwrap_err(),
        parse_count("199亿").unwrap_err(),
        YearMonth::parse("2027-3").unwrap_err(),
        kinds::PhaseKind::parse("x").unwrap_err(),
        kinds::CategoryKind::parse("x").unwrap_err(),
    ];
    for msg in refusals {
        for lang in Lang::ALL {
            let text = msg.render(lang);
            assert!(text != msg.key && !text.contains('{'), "{lang:?}: {text}");
        }
    }
}
