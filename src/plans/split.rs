//! The editor's helpers for targets: split a sales total over the plan's months (evenly, by
//! weights such as a ramp 20/40/90/150, or like last year's actual sales), then turn each
//! month's share into the UV it needs at that month's conversion rate and order value.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::domain::funnel::uv_needed;
use crate::domain::parse::{parse_money, parse_rate};
use crate::domain::split::{SplitMethod, split_total};
use crate::domain::{Money, Rate, YearMonth};
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;
use crate::plans::document::{PlanDocument, Target};

/// What to split, and how.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SplitRequest {
    /// The sales total, e.g. `3000000` or `300万`.
    #[schema(value_type = String, example = "300万")]
    pub total: Value,
    /// `even`, `weights` or `last_year`.
    pub method: String,
    /// For `weights`: one per month, e.g. `20/40/90/150` (also commas or spaces).
    pub weights: String,
    /// The conversion rate to use in every month; by default each month's current one.
    #[schema(value_type = Option<String>, example = "3%")]
    pub conversion_rate: Value,
    /// The order value to use in every month; by default each month's current one.
    #[schema(value_type = Option<String>, example = "101")]
    pub aov: Value,
}

/// The proposed targets; nothing is saved.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SplitResult {
    /// Each month's share of the total, to the fen; they add up to the total exactly.
    #[schema(value_type = Vec<String>)]
    pub shares: Vec<Money>,
    /// The targets that reach each share (UV rounded up to whole visitors, so their sales
    /// may exceed the share by less than one visitor's worth).
    pub targets: Vec<Target>,
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_weights(text: &str) -> Result<Vec<rust_decimal::Decimal>, Msg> {
    text.split(['/', ',', '，', ' ', '、'])
        .filter(|w| !w.trim().is_empty())
        .map(|w| {
            crate::domain::number::parse_decimal(w)
                .ok_or_else(|| Msg::new("plan-split-weight-invalid").arg("weight", w.trim()))
        })
        .collect()
}

/// Splits and converts. `last_year` holds the shop's actual sales of the same months a year
/// earlier, in the plan's month order.
pub fn split(
    doc: &PlanDocument,
    req: &SplitRequest,
    last_year: &[Money],
) -> Result<SplitResult, AppError> {
    let months = doc.months();
    let mut errors = Vec::new();
    let mut fail = |field: &str, msg: Msg| errors.push(ErrorDetail::field(field, msg));
    let total = match text(&req.total) {
        None => {
            fail("total", Msg::new("form-required"));
            None
        }
        Some(t) => parse_money(&t).map_err(|m| fail("total", m)).ok(),
    };
    let rate = text(&req.conversion_rate)
        .and_then(|t| parse_rate(&t).map_err(|m| fail("conversion_rate", m)).ok());
    let aov = text(&req.aov).and_then(|t| parse_money(&t).map_err(|m| fail("aov", m)).ok());
    let method = match req.method.as_str() {
        "even" | "" => Some(SplitMethod::Even),
        "weights" => parse_weights(&req.weights)
            .map(SplitMethod::Weights)
            .map_err(|m| fail("weights", m))
            .ok(),
        "last_year" if last_year.iter().all(Money::is_zero) => {
            fail("method", Msg::new("plan-split-no-history"));
            None
        }
        "last_year" => Some(SplitMethod::LikeLastYear(last_year.to_vec())),
        _ => {
            fail("method", Msg::new("plan-split-method-unknown"));
            None
        }
    };
    let (Some(total), Some(method)) = (total, method) else {
        return Err(AppError::invalid(errors));
    };
    let shares = split_total(total, months.len(), &method).map_err(|m| {
        AppError::invalid_field(
            if req.method == "weights" {
                "weights"
            } else {
                "total"
            },
            m,
        )
    })?;
    let mut targets = Vec::new();
    for (month, share) in months.iter().zip(&shares) {
        let current = doc.targets.iter().find(|t| t.month == *month);
        let rate = rate
            .or(current.map(|t| t.conversion_rate))
            .unwrap_or(Rate::ZERO);
        let aov = aov.or(current.map(|t| t.aov)).unwrap_or(Money::ZERO);
        let Some(uv) = uv_needed(*share, rate, aov) else {
            errors.push(ErrorDetail::field(
                "conversion_rate",
                Msg::new("plan-split-needs-funnel").arg("month", month),
            ));
            continue;
        };
        targets.push(Target::derive(*month, uv as i64, rate, aov));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    Ok(SplitResult { shares, targets })
}

/// The shop's actual sales in the months a year before each of the plan's months, from the
/// monthly rollup of its imported days (zero for a month without data).
pub async fn last_year_sales(
    tx: &mut crate::db::TenantTx,
    doc: &PlanDocument,
) -> Result<Vec<Money>, AppError> {
    let earlier: Vec<YearMonth> = doc.months().iter().map(|m| m.plus_months(-12)).collect();
    let (Some(first), Some(last)) = (earlier.first(), earlier.last()) else {
        return Ok(Vec::new());
    };
    let rows =
        crate::db::actuals::list_months(tx, doc.shop_id, first.first_day(), last.first_day())
            .await?;
    Ok(earlier
        .iter()
        .map(|m| {
            rows.iter()
                .find(|r| YearMonth::of(r.month) == *m)
                .map(|r| Money::new(r.sales))
                .unwrap_or(Money::ZERO)
        })
        .collect())
}
