//! The home page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::routing::get;

use crate::app::AppState;
use crate::web::PageContext;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show_home))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: PageContext,
}

async fn show_home(ctx: PageContext) -> HomePage {
    HomePage { ctx }
}
