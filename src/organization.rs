//! The organization's own settings as admins edit them: name, time zone (the day an as-of
//! date and "today" mean), and the dashboard's status thresholds.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::audit::{self, Entry};
use crate::db::tenants::{self, Settings};
use crate::domain::parse::parse_rate;
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;

/// The settings as typed or sent: thresholds as percentages (`100%`, `90%`) or fractions.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SettingsInput {
    pub name: String,
    /// An IANA time zone such as `Asia/Shanghai`.
    pub time_zone: String,
    pub status_on_track: String,
    pub status_at_risk: String,
}

impl SettingsInput {
    /// The stored settings as a form shows them.
    pub fn of(s: &Settings) -> Self {
        let pct = |d: Decimal| format!("{}%", (d * Decimal::ONE_HUNDRED).normalize());
        Self {
            name: s.name.clone(),
            time_zone: s.time_zone.clone(),
            status_on_track: pct(s.status_on_track),
            status_at_risk: pct(s.status_at_risk),
        }
    }
}

pub async fn get(state: &AppState, user: &CurrentUser) -> Result<Settings, AppError> {
    let mut tx = user.begin(state).await?;
    let settings = tenants::settings(tx.conn(), user.tenant_id).await?;
    tx.commit().await?;
    Ok(settings)
}

/// Saves the settings (admin).
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    input: &SettingsInput,
) -> Result<Settings, AppError> {
    user.require(Permission::ManageOrganization)?;
    let mut errors = Vec::new();
    let name = crate::auth::account::required("name", &input.name, 120, &mut errors);
    let share = |field: &str, text: &str, errors: &mut Vec<ErrorDetail>| match parse_rate(text) {
        Ok(r) if r.value() > Decimal::ZERO => Some(r.value()),
        Ok(_) => {
            errors.push(ErrorDetail::field(
                field,
                Msg::new("org-threshold-positive"),
            ));
            None
        }
        Err(m) => {
            errors.push(ErrorDetail::field(field, m));
            None
        }
    };
    let on_track = share("status_on_track", &input.status_on_track, &mut errors);
    let at_risk = share("status_at_risk", &input.status_at_risk, &mut errors);
    if let (Some(on), Some(risk)) = (on_track, at_risk)
        && risk > on
    {
        errors.push(ErrorDetail::field(
            "status_at_risk",
            Msg::new("org-threshold-order"),
        ));
    }
    let mut tx = user.begin(state).await?;
    let zone = input.time_zone.trim().to_string();
    if !tenants::is_time_zone(tx.conn(), &zone).await? {
        errors.push(ErrorDetail::field(
            "time_zone",
            Msg::new("org-time-zone-unknown"),
        ));
    }
    let (Some(on_track), Some(at_risk)) = (on_track, at_risk) else {
        return Err(AppError::invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let settings = Settings {
        name,
        time_zone: zone,
        status_on_track: on_track,
        status_at_risk: at_risk,
    };
    tenants::update_settings(tx.conn(), user.tenant_id, &settings).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("organization.updated").details(json!({
            "name": settings.name, "time_zone": settings.time_zone,
            "on_track": settings.status_on_track, "at_risk": settings.status_at_risk,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(settings)
}
