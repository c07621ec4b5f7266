//! The interface languages (zh-CN and en), their Fluent translations under `src/i18n/locales`,
//! and language negotiation. Every user-facing sentence is a translation key.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, PoisonError, RwLock};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // Fluent wraps arguments in Unicode isolation marks by default; in HTML they show up
        // as stray characters when copied, and both our languages are left-to-right.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ZH_CN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "zh-CN".parse().expect("valid"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().expect("valid"));

/// The name of the cookie that carries a visitor's chosen language.
pub const LANG_COOKIE: &str = "lang";

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese, the product's first language.
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>`, cookies and the user profile.
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhCn => "中文",
            Lang::En => "English",
        }
    }

    /// Reads a stored or submitted language tag; any Chinese variant means zh-CN.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the best language from an `Accept-Language` header, honouring q-values.
    /// Returns `None` when the header names none of our languages.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (position, item) in accept_language.split(',').enumerate() {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_code) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            // Higher q wins; on a tie the earlier entry wins.
            let better = match best {
                None => true,
                Some((bq, bpos, _)) => q > bq || (q == bq && position < bpos),
            };
            if better {
                best = Some((q, position, lang));
            }
        }
        best.map(|(_, _, lang)| lang)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }

    /// The translation of `key`; a missing key shows as the key itself so it is noticed.
    pub fn t(self, key: &str) -> String {
        self.text(key).to_string()
    }

    /// The translation of `key`, looked up in the bundle once per language and key and kept
    /// for the life of the process (the keys are the code's own, a few hundred at most).
    pub fn text(self, key: &str) -> &'static str {
        type Texts = RwLock<HashMap<Box<str>, &'static str>>;
        static TEXTS: LazyLock<[Texts; 2]> = LazyLock::new(Default::default);
        let texts = &TEXTS[self as usize];
        if let Some(text) = texts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
        {
            return text;
        }
        let looked_up = LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_string());
        let mut texts = texts.write().unwrap_or_else(PoisonError::into_inner);
        texts
            .entry(key.into())
            .or_insert_with(|| Box::leak(looked_up.into_boxed_str()))
    }

    /// The translation of `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.to_string())))
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_string())
    }
}

/// A message to show a person, kept as a key and arguments until the language is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a named argument.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        lang.t_args(self.key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_chinese_variant_means_simplified_chinese() {
        for tag in ["zh", "zh-CN", "zh-TW", "zh-Hans-CN", "zh_HK"] {
            assert_eq!(Lang::from_code(tag), Some(Lang::ZhCn), "{tag}");
        }
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn negotiation_honours_quality_values() {
        assert_eq!(
            Lang::negotiate("fr-FR, en;q=0.8, zh-CN;q=0.9"),
            Some(Lang::ZhCn)
        );
        assert_eq!(Lang::negotiate("en-US,en;q=0.9,zh;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::negotiate("zh-TW;q=0.5, en;q=0"), Some(Lang::ZhCn));
        assert_eq!(Lang::negotiate("de, fr"), None);
        assert_eq!(Lang::negotiate(""), None);
    }

    #[test]
    fn messages_render_with_arguments_and_without_isolation_marks() {
        let text = Msg::new("error-not-found-body").render(Lang::En);
        assert!(!text.is_empty() && text != "error-not-found-body");
        let text = Msg::new("error-malformed-request")
            .arg("detail", "第 3 行")
            .render(Lang::En);
        assert_eq!(text, "The request could not be read: 第 3 行");
        assert!(!text.contains('\u{2068}'));
    }
}
