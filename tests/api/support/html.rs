//! Assertions on HTML through CSS selectors.

use scraper::{ElementRef, Html, Selector};

/// A form as its page would send it.
pub struct Form {
    /// `get` or `post`.
    pub method: String,
    pub action: String,
    pub fields: Vec<(String, String)>,
}

/// A parsed page.
pub struct Page {
    html: Html,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    pub fn parse(text: &str) -> Page {
        Page {
            html: Html::parse_document(text),
        }
    }

    /// The text of every element matching `css`, whitespace collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.html.select(&selector(css)).map(text_of).collect()
    }

    /// The text of the one element matching `css`; panics unless exactly one matches.
    #[track_caller]
    pub fn text(&self, css: &str) -> String {
        let all = self.texts(css);
        assert_eq!(
            all.len(),
            1,
            "expected one match for {css}, found {}: {all:?}",
            all.len()
        );
        all.into_iter().next().unwrap()
    }

    pub fn count(&self, css: &str) -> usize {
        self.html.select(&selector(css)).count()
    }

    pub fn exists(&self, css: &str) -> bool {
        self.count(css) > 0
    }

    /// The attribute of every element matching `css` that has it.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.html
            .select(&selector(css))
            .filter_map(|el| el.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// The attribute of the one element matching `css`.
    #[track_caller]
    pub fn attr(&self, css: &str, attr: &str) -> String {
        let all = self.attrs(css, attr);
        assert_eq!(all.len(), 1, "expected one {attr} for {css}, found {all:?}");
        all.into_iter().next().unwrap()
    }

    /// The form matching `css` as its page would send it: its method, action and each named field
    /// with its value, `typed` filled into the fields it names. Panics when `typed` names a
    /// field the form does not have, so a test cannot post a field the page lacks.
    #[track_caller]
    pub fn form(&self, css: &str, typed: &[(&str, &str)]) -> Form {
        let form = self
            .html
            .select(&selector(css))
            .next()
            .unwrap_or_else(|| panic!("no form {css}"));
        let action = form.value().attr("action").unwrap_or("").to_string();
        let method = form
            .value()
            .attr("method")
            .unwrap_or("get")
            .to_ascii_lowercase();
        let mut fields: Vec<(String, String)> = form
            .select(&selector("input[name], textarea[name], select[name]"))
            .filter(|el| {
                let kind = el.value().attr("type").unwrap_or("");
                !matches!(kind, "checkbox" | "radio") || el.value().attr("checked").is_some()
            })
            .map(|el| {
                let name = el.value().attr("name").unwrap().to_string();
                let value = match el.value().name() {
                    "select" => el
                        .select(&selector("option[selected]"))
                        .chain(el.select(&selector("option")))
                        .next()
                        .and_then(|o| o.value().attr("value"))
                        .unwrap_or(""),
                    "textarea" => "",
                    _ => el.value().attr("value").unwrap_or(""),
                };
                (name, value.to_string())
            })
            .collect();
        for (name, value) in typed {
            let field = fields
                .iter_mut()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("the form {css} has no field {name}"));
            field.1 = value.to_string();
        }
        Form {
            method,
            action,
            fields,
        }
    }

    /// The `<html lang>` of the page.
    pub fn lang(&self) -> String {
        self.attr("html", "lang")
    }
}
