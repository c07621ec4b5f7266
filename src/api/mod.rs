//! The JSON API under `/api/v1`: its routes, collected with their OpenAPI descriptions, and
//! the OpenAPI document itself.

pub mod accounts;
pub mod actuals;
pub mod dashboards;
pub mod plans;
pub mod shops;
pub mod statuses;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

/// Declares the bearer-token scheme the endpoints refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from POST /api/v1/tokens or the API tokens page",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document's fixed parts; paths are added by the routers that serve them.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ShopPlan API",
        description = "Online-shop operations planning (网店运营计划): shops, phased plans, \
                       monthly targets and budgets, daily actuals and spend, dashboards. \
                       Money and rates are strings with fixed decimals (money 2, rates 4 as \
                       fractions); months are YYYY-MM; errors are {\"error\": {\"code\", \
                       \"message\", \"details\"}}.",
    ),
    tags(
        (name = "operations", description = "Health and readiness"),
        (name = "accounts", description = "Sign-up, tokens, the current member"),
        (name = "members", description = "Members, roles, invitations, audit log"),
        (name = "shops", description = "Shops and the organization's reference data"),
        (name = "plans", description = "Phased plans: targets, budgets, workflow, revisions, gates"),
        (name = "dashboards", description = "Plan against actuals, review notes"),
        (name = "actuals", description = "Daily figures and spend: imports, history, undo, edits"),
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Every endpoint under `/api/v1`, relative to that prefix.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(accounts::router())
        .merge(shops::router())
        .merge(plans::router())
        .merge(dashboards::router())
        .merge(actuals::router())
}

/// The upload endpoints under `/api/v1`, served with the upload limit and timeout.
pub fn upload_router() -> OpenApiRouter<AppState> {
    actuals::upload_router()
}
