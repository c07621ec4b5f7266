//! The JSON API under `/api/v1`: its routes, collected with their OpenAPI descriptions, and
//! the OpenAPI document itself.

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

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
    )
)]
pub struct ApiDoc;

/// Every endpoint under `/api/v1`, relative to that prefix.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
