//! Telling what an upload is from its first bytes: an Excel workbook, or text in UTF-8
//! (with or without BOM), UTF-16 with BOM, or GBK/GB18030, decoded to UTF-8.

use std::borrow::Cow;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::FileError;

/// What the bytes of an upload are.
#[derive(Debug)]
pub(crate) enum Source<'a> {
    /// An Office Open XML workbook (a zip archive).
    Xlsx,
    /// A legacy Excel 97–2003 workbook (an OLE compound file).
    Xls,
    /// Delimited text, decoded to UTF-8; borrowed when the upload already was UTF-8.
    Text(Cow<'a, str>),
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Detects the format and decodes text. An upload with nothing but blanks is `Empty`.
pub(crate) fn detect(bytes: &[u8]) -> Result<Source<'_>, FileError> {
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Source::Xlsx);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Ok(Source::Xls);
    }
    let text = decode_text(bytes);
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    Ok(Source::Text(text))
}

/// Decodes text by its BOM, else as UTF-8 when valid, else as GB18030 (a superset of GBK,
/// which is what Excel on Chinese Windows writes). Undecodable bytes become U+FFFD: they can
/// only matter in a cell we read, and there they are reported like any other bad value.
fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return String::from_utf8_lossy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Cow::Owned(UTF_16LE.decode_without_bom_handling(rest).0.into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Cow::Owned(UTF_16BE.decode_without_bom_handling(rest).0.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => GB18030.decode_without_bom_handling(bytes).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        match detect(bytes) {
            Ok(Source::Text(text)) => text.into_owned(),
            other => panic!("not text: {other:?}"),
        }
    }

    #[test]
    fn workbooks_are_told_by_their_magic_bytes() {
        assert!(matches!(detect(b"PK\x03\x04rest"), Ok(Source::Xlsx)));
        assert!(matches!(
            detect(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            Ok(Source::Xls)
        ));
    }

    #[test]
    fn text_is_decoded_by_bom_then_validity() {
        assert_eq!(text("日期,uv".as_bytes()), "日期,uv");
        assert_eq!(text(b"\xEF\xBB\xBFdate"), "date");
        let (gbk, _, _) = GB18030.encode("统计日期,访客数");
        assert_eq!(text(&gbk), "统计日期,访客数");
        assert_eq!(text(b"\xFF\xFEd\0a\0"), "da");
        assert_eq!(text(b"\xFE\xFF\0d\0a"), "da");
    }

    #[test]
    fn blank_uploads_are_empty() {
        for blank in [
            &b""[..],
            b"  \r\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBF\r\n\r\n",
        ] {
            assert!(matches!(detect(blank), Err(FileError::Empty)), "{blank:?}");
        }
    }
}
