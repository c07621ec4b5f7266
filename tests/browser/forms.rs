//! Every `<form>` of every template, by method and action, and whether the journeys submitted
//! it: a form no journey presses is a form nobody has shown to work.

use std::path::Path;

/// A form as its template writes it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TemplateForm {
    pub template: String,
    pub method: String,
    /// The action as written, `{{ … }}` included.
    pub action: String,
}

impl TemplateForm {
    /// Whether a submitted form (method, path) is this one: each `{{ … }}` stands for one
    /// path segment or part of one.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        self.method == method
            && actions(&self.action)
                .iter()
                .any(|pattern| segments_match(pattern, path))
    }
}

/// The forms of every template under `dir`.
pub fn template_forms(dir: &Path) -> Vec<TemplateForm> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.strip_prefix(dir_root(&path)).unwrap_or(&path);
                for tag in text.split("<form").skip(1) {
                    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
                    out.push(TemplateForm {
                        template: name.display().to_string(),
                        method: attribute(tag, "method")
                            .unwrap_or("get")
                            .to_ascii_lowercase(),
                        action: attribute(tag, "action").unwrap_or("").to_string(),
                    });
                }
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.method == b.method && a.action == b.action);
    out
}

fn dir_root(path: &Path) -> &Path {
    let mut root = path;
    while let Some(parent) = root.parent() {
        if parent.file_name().is_some_and(|n| n == "templates") {
            return parent;
        }
        root = parent;
    }
    path
}

/// The value of `name="…"` in a tag, template expressions included (a `"` inside `{{ }}` or
/// `{% %}` does not end it).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &tag[start..];
    let mut depth = 0;
    let bytes = rest.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1).is_some_and(|b| *b == b'{' || *b == b'%') => depth += 1,
            b'}' if i > 0 && (bytes[i - 1] == b'}' || bytes[i - 1] == b'%') => depth -= 1,
            b'"' if depth == 0 => return Some(&rest[..i]),
            _ => {}
        }
    }
    None
}

/// The actions an action template can produce: each branch of an `{% if %}…{% else %}…`.
fn actions(action: &str) -> Vec<String> {
    let action = action.split('#').next().unwrap_or("");
    if !action.contains("{% if") {
        return vec![action.to_string()];
    }
    action
        .split("{%")
        .filter_map(|part| part.split_once("%}").map(|(_, text)| text))
        .filter(|text| !text.is_empty())
        .map(str::to_string)
        .collect()
}

/// Compares path segments; a template segment holding `{{ … }}` matches any non-empty one.
fn segments_match(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    pattern.len() == path.len()
        && pattern.iter().zip(&path).all(|(p, s)| {
            if p.contains("{{") {
                !s.is_empty()
            } else {
                p == s
            }
        })
}

#[test]
fn actions_with_expressions_match_the_paths_they_produce() {
    let form = |action: &str| TemplateForm {
        template: String::new(),
        method: "post".into(),
        action: action.into(),
    };
    assert!(
        form("/plans/{{ doc.id }}/phases/{{ phase.kind.as_str() }}/gate")
            .matches("post", "/plans/0194/phases/launch/gate")
    );
    assert!(!form("/plans/{{ doc.id }}/submit").matches("post", "/plans/0194/approve"));
    assert!(!form("/plans/{{ doc.id }}/submit").matches("get", "/plans/0194/submit"));
    let either = form("{% if let Some(id) = shop_id %}/shops/{{ id }}{% else %}/shops{% endif %}");
    assert!(either.matches("post", "/shops/7"));
    assert!(either.matches("post", "/shops"));
    assert!(form("/plans/{{ doc.id }}/targets#uv-calculator").matches("post", "/plans/1/targets"));
    assert_eq!(
        attribute(
            r#"<form method="post" action="/a/{{ x("b") }}/c" class="f""#,
            "action"
        ),
        Some(r#"/a/{{ x("b") }}/c"#)
    );
}
