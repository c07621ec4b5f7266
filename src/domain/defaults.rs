//! The platforms and store types every organization starts with (domain.md, "Shops"); the
//! categories are in `kinds`.

/// A default reference item: code, Chinese name, English name.
pub type DefaultItem = (&'static str, &'static str, &'static str);

pub const DEFAULT_PLATFORMS: [DefaultItem; 10] = [
    ("taobao", "淘宝（C店）", "Taobao"),
    ("tmall", "天猫", "Tmall"),
    ("jd", "京东", "JD"),
    ("pinduoduo", "拼多多", "Pinduoduo"),
    ("douyin", "抖音", "Douyin"),
    ("xiaohongshu", "小红书", "Xiaohongshu"),
    ("wechat", "微信小店", "WeChat"),
    ("kuaishou", "快手", "Kuaishou"),
    ("own_site", "独立站", "Own site"),
    ("other", "其他", "Other"),
];

pub const DEFAULT_STORE_TYPES: [DefaultItem; 5] = [
    ("flagship", "旗舰店", "Flagship"),
    ("franchise", "专卖店", "Franchise"),
    ("specialty", "专营店", "Specialty"),
    ("individual", "C店（个人店）", "Individual (C-store)"),
    ("distribution", "分销", "Distribution"),
];

/// Whether a code is acceptable for a new reference item: lowercase ASCII letters, digits
/// and underscores, starting with a letter, 2 to 32 characters.
pub fn is_valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    (2..=32).contains(&code.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_platform_codes_are_all_there() {
        let codes: Vec<_> = DEFAULT_PLATFORMS.iter().map(|p| p.0).collect();
        assert_eq!(
            codes,
            [
                "taobao",
                "tmall",
                "jd",
                "pinduoduo",
                "douyin",
                "xiaohongshu",
                "wechat",
                "kuaishou",
                "own_site",
                "other"
            ]
        );
        assert!(codes.iter().all(|c| is_valid_code(c)));
    }

    #[test]
    fn codes_are_short_lowercase_identifiers() {
        assert!(is_valid_code("live_douyin2"));
        for bad in ["", "x", "Tmall", "2x", "a-b", "直通车", &"a".repeat(33)] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }
}
