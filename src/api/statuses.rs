//! The answers every operation can give besides its own: the errors the shared layers and
//! extractors produce (a query or body that cannot be read, no credential, a body too large
//! or of another type, the database away or the server busy), written into each operation of
//! the document so that a client knows every status it may see.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// One error status and when it happens.
struct Status {
    code: &'static str,
    description: &'static str,
    applies: fn(&str, &Operation) -> bool,
}

const STATUSES: &[Status] = &[
    Status {
        code: "400",
        description: "bad_request: a query string or body that cannot be read as the operation \
                      takes it (repeated or malformed parameters, invalid JSON)",
        applies: |_, _| true,
    },
    Status {
        code: "401",
        description: "unauthenticated: no valid API token (or it was revoked or expired)",
        applies: |_, op| op.security.as_ref().is_some_and(|s| !s.is_empty()),
    },
    Status {
        code: "413",
        description: "payload_too_large: the body is over the upload limit",
        applies: |_, op| op.request_body.is_some(),
    },
    Status {
        code: "415",
        description: "unsupported_media_type: the body is not of a content type the operation \
                      takes",
        applies: |_, op| op.request_body.is_some(),
    },
    Status {
        code: "422",
        description: "validation_failed (or another code): the content is readable but not \
                      valid; `details` names each field, line or column to fix",
        applies: |_, op| op.request_body.is_some() || op.parameters.is_some(),
    },
    Status {
        code: "429",
        description: "too_many_requests: sign-in, sign-up or invitation limits; try again after \
                      Retry-After",
        applies: |path, _| {
            ["/api/v1/tokens", "/api/v1/signup", "/api/v1/invitations"].contains(&path)
                || path.ends_with("/accept")
        },
    },
    Status {
        code: "503",
        description: "database_unavailable, or busy: too many files being read or passwords \
                      checked at once; try again after Retry-After",
        applies: |_, _| true,
    },
];

/// Adds the shared error answers to every operation that lacks them, with the contract's
/// error body.
pub fn document(openapi: &mut OpenApi) {
    add_error_schema(openapi);
    for (path, item) in openapi.paths.paths.iter_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
        ]
        .into_iter()
        .flatten()
        {
            let applying: Vec<&Status> = STATUSES
                .iter()
                .filter(|s| (s.applies)(path, operation))
                .collect();
            for status in applying {
                operation
                    .responses
                    .responses
                    .entry(status.code.to_string())
                    .or_insert_with(|| error_response(status.description));
            }
        }
    }
}

fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Error")))
                    .build(),
            )
            .build(),
    )
}

/// `{"error": {"code", "message", "details"}}`.
fn add_error_schema(openapi: &mut OpenApi) {
    let schema = serde_json::json!({
        "type": "object",
        "required": ["error"],
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "array", "items": {"type": "object", "properties": {
                    "field": {"type": "string"}, "line": {"type": "integer"},
                    "column": {"type": "string"}, "message": {"type": "string"}}}}
            }
        }}
    });
    if let Ok(schema) = serde_json::from_value(schema) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .entry("Error".to_string())
            .or_insert(schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_lists_the_shared_answers_it_can_give() {
        let mut openapi = <crate::api::ApiDoc as utoipa::OpenApi>::openapi();
        let (_, routed) = utoipa_axum::router::OpenApiRouter::<crate::app::AppState>::with_openapi(
            openapi.clone(),
        )
        .nest("/api/v1", crate::api::router())
        .split_for_parts();
        openapi.merge(routed);
        document(&mut openapi);
        let signup = openapi.paths.paths["/api/v1/signup"].post.as_ref().unwrap();
        for code in ["400", "413", "415", "422", "503"] {
            assert!(signup.responses.responses.contains_key(code), "{code}");
        }
        assert!(!signup.responses.responses.contains_key("401"));
        let shops = openapi.paths.paths["/api/v1/shops"].get.as_ref().unwrap();
        for code in ["200", "400", "401", "503"] {
            assert!(shops.responses.responses.contains_key(code), "{code}");
        }
    }
}
