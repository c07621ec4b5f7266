//! Forms shown again with their messages: validation is not an error page, it is the same
//! form with each field's problem next to it, answered with 422.

use crate::error::{AppError, ErrorDetail};
use crate::i18n::Lang;

/// The messages of a submitted form, by field, in the page's language.
#[derive(Clone, Debug, Default)]
pub struct FormErrors {
    fields: Vec<(String, String)>,
    general: Vec<String>,
}

impl FormErrors {
    pub fn none() -> Self {
        Self::default()
    }

    /// One message for the form as a whole.
    pub fn general(message: String) -> Self {
        Self {
            fields: Vec::new(),
            general: vec![message],
        }
    }

    /// Turns an error the user can fix (invalid input, a conflict) into messages for the
    /// form; any other error is passed on.
    pub fn from_error(error: AppError, lang: Lang) -> Result<Self, AppError> {
        match error {
            AppError::Invalid { details, msg, .. } => {
                let mut errors = Self::from_details(&details, lang);
                if details.is_empty() {
                    errors.general.push(msg.render(lang));
                }
                Ok(errors)
            }
            AppError::Conflict { msg, .. } | AppError::BadRequest(msg) => {
                Ok(Self::general(msg.render(lang)))
            }
            other => Err(other),
        }
    }

    fn from_details(details: &[ErrorDetail], lang: Lang) -> Self {
        let mut errors = Self::default();
        for d in details {
            match &d.field {
                Some(field) => errors.fields.push((field.clone(), d.msg.render(lang))),
                None => errors.general.push(d.msg.render(lang)),
            }
        }
        errors
    }

    /// The same messages with every field name prefixed (for a second form on a page).
    pub fn prefixed(self, prefix: &str) -> Self {
        Self {
            fields: self
                .fields
                .into_iter()
                .map(|(f, m)| (format!("{prefix}{f}"), m))
                .collect(),
            general: self.general,
        }
    }

    /// The first message about `field`.
    pub fn get(&self, field: impl std::fmt::Display) -> Option<&str> {
        let field = field.to_string();
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: impl std::fmt::Display) -> bool {
        self.get(field).is_some()
    }

    /// Messages not tied to a field shown on the form.
    pub fn general_messages(&self) -> &[String] {
        &self.general
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn field_messages_are_found_by_name_and_others_pass_through() {
        let e = AppError::invalid(vec![ErrorDetail::field("email", Msg::new("form-required"))]);
        let errors = FormErrors::from_error(e, Lang::En).unwrap();
        assert!(errors.has("email"));
        assert!(!errors.has("name"));
        assert!(FormErrors::from_error(AppError::NotFound, Lang::En).is_err());
    }
}
