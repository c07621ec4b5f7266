//! Reading an organization-wide CSV as it arrives, without holding the file: the bytes are
//! cut into pieces of a few megabytes at line breaks outside quotes, and every piece after the
//! first is read behind the file's own lines up to its header row, so each reads like a file
//! of its own; line numbers are shifted back to the file's, and the checks (repeated days
//! included) go on from piece to piece.
//!
//! Only delimited text is cut: a workbook (a zip or OLE file) or UTF-16 text is kept whole, as
//! its reader needs it all. A line break never falls inside a UTF-8 or GBK/GB18030 character,
//! nor is `"` ever part of one, so cutting the raw bytes is safe before decoding.

use std::hash::Hash;

use chrono::NaiveDate;

use super::bulk::{BulkActualsReader, BulkRow, BulkState, BulkSummary};
use super::{FileError, Report};

/// Pieces are cut once at least this many bytes are waiting.
pub const PIECE_BYTES: usize = 4 << 20;

/// Cuts a stream of bytes at line breaks outside quoted fields.
#[derive(Debug)]
struct Cutter {
    /// Bytes waiting before a piece is cut.
    min: usize,
    buf: Vec<u8>,
    /// How far `buf` has been scanned, whether that point is inside quotes, and the end of
    /// the last line that ended outside quotes before it.
    scanned: usize,
    quoted: bool,
    last_break: Option<usize>,
    /// Kept whole: a workbook or UTF-16 text.
    whole: Option<bool>,
}

impl Cutter {
    fn new(min: usize) -> Self {
        Self {
            min,
            buf: Vec::new(),
            scanned: 0,
            quoted: false,
            last_break: None,
            whole: None,
        }
    }

    fn push(&mut self, chunk: &[u8]) {
        self.buf.extend_from_slice(chunk);
        if self.whole.is_none() && self.buf.len() >= 4 {
            let magic = &self.buf[..4];
            let unsafe_to_cut = magic.starts_with(b"PK\x03\x04")
                || magic.starts_with(b"\xD0\xCF\x11\xE0")
                || magic.starts_with(b"\xFF\xFE")
                || magic.starts_with(b"\xFE\xFF");
            self.whole = Some(unsafe_to_cut);
        }
    }

    /// The next piece, when enough bytes wait and one of their lines ends outside quotes.
    fn piece(&mut self) -> Option<Vec<u8>> {
        if self.whole != Some(false) || self.buf.len() < self.min {
            return None;
        }
        for (i, &b) in self.buf[self.scanned..].iter().enumerate() {
            match b {
                b'"' => self.quoted = !self.quoted,
                b'\n' if !self.quoted => self.last_break = Some(self.scanned + i + 1),
                _ => {}
            }
        }
        self.scanned = self.buf.len();
        let cut = self.last_break.take()?;
        let rest = self.buf.split_off(cut);
        self.scanned -= cut;
        Some(std::mem::replace(&mut self.buf, rest))
    }
}

/// The reading of a file piece by piece.
pub struct BulkStream<S, F> {
    cutter: Cutter,
    today: NaiveDate,
    /// Before the first piece: the shop resolver; after it, what the next piece goes on from.
    resolve: Option<F>,
    state: Option<BulkState<S, F>>,
    /// The file's bytes up to and including its header row, put before each later piece.
    head: Vec<u8>,
    /// Lines of `head`, and lines of the file before the next piece.
    head_lines: u64,
    lines_before: u64,
}

impl<S, F> BulkStream<S, F>
where
    S: Clone + Eq + Hash,
    F: Fn(&str) -> Option<S>,
{
    pub fn new(today: NaiveDate, resolve: F) -> Self {
        Self::with_pieces(today, resolve, PIECE_BYTES)
    }

    /// Cuts pieces of at least `piece_bytes` (small ones in tests).
    pub(crate) fn with_pieces(today: NaiveDate, resolve: F, piece_bytes: usize) -> Self {
        Self {
            cutter: Cutter::new(piece_bytes),
            today,
            resolve: Some(resolve),
            state: None,
            head: Vec::new(),
            head_lines: 0,
            lines_before: 0,
        }
    }

    /// Takes the next bytes of the file and reads every piece that is complete, handing each
    /// valid row to `each` with whether the file is still free of errors (once it is not,
    /// nothing will be stored and the rows need not be sent on).
    pub fn push(
        &mut self,
        chunk: &[u8],
        each: &mut impl FnMut(BulkRow<S>, bool),
    ) -> Result<(), FileError> {
        self.cutter.push(chunk);
        while let Some(piece) = self.cutter.piece() {
            self.read(&piece, each, false)?;
            self.lines_before += newlines(&piece);
        }
        Ok(())
    }

    /// Reads the rest of the file and returns every error and the summary.
    pub fn finish(
        mut self,
        each: &mut impl FnMut(BulkRow<S>, bool),
    ) -> Result<Report<BulkSummary<S>>, FileError> {
        let rest = std::mem::take(&mut self.cutter.buf);
        self.read(&rest, each, true)?.ok_or(FileError::Empty)
    }

    /// Reads one piece: the first as it is, the others behind the file's header lines.
    fn read(
        &mut self,
        piece: &[u8],
        each: &mut impl FnMut(BulkRow<S>, bool),
        last: bool,
    ) -> Result<Option<Report<BulkSummary<S>>>, FileError> {
        match self.state.take() {
            None => {
                let resolve = self.resolve.take().ok_or(FileError::Empty)?;
                let reader = BulkActualsReader::new(piece, self.today, resolve)?;
                self.head_lines = reader.header_line();
                self.head = head(piece, self.head_lines);
                self.drain(reader, each, last)
            }
            Some(state) => {
                let mut bytes = Vec::with_capacity(self.head.len() + piece.len());
                bytes.extend_from_slice(&self.head);
                bytes.extend_from_slice(piece);
                let offset = self.lines_before.saturating_sub(self.head_lines);
                let reader = BulkActualsReader::resume(&bytes, state, offset)?;
                self.drain(reader, each, last)
            }
        }
    }

    fn drain(
        &mut self,
        mut reader: BulkActualsReader<'_, S, F>,
        each: &mut impl FnMut(BulkRow<S>, bool),
        last: bool,
    ) -> Result<Option<Report<BulkSummary<S>>>, FileError> {
        while let Some(row) = reader.next() {
            let valid = reader.errors().is_empty();
            each(row, valid);
        }
        if last {
            return reader.finish().map(Some);
        }
        self.state = Some(reader.pause());
        Ok(None)
    }
}

/// The bytes of the first `lines` lines.
fn head(bytes: &[u8], lines: u64) -> Vec<u8> {
    let mut seen = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            seen += 1;
            if seen == lines {
                return bytes[..=i].to_vec();
            }
        }
    }
    bytes.to_vec()
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use encoding_rs::GB18030;

    use super::*;
    use crate::import::RowError;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    fn resolve(text: &str) -> Option<u32> {
        text.strip_prefix("店")
            .and_then(|n| n.parse().ok())
            .filter(|n| (1..=3).contains(n))
    }

    /// A file of three shops over 200 days, with title lines, a quoted note with a line break
    /// inside, and errors scattered through it (a repeated shop day far from its first).
    fn file() -> String {
        let mut text = String::from(
            "店铺日报\r\n导出时间：2026-11-01\r\n店铺,统计日期,访客数,支付买家数,支付金额,备注\r\n",
        );
        for shop in 1..=3 {
            for day in 0..200 {
                let date = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date")
                    + chrono::TimeDelta::days(day);
                let buyers = if day % 97 == 13 { 500 } else { 3 };
                let note = if day % 50 == 7 {
                    "\"两行\r\n备注\""
                } else {
                    ""
                };
                text.push_str(&format!(
                    "店{shop},{date},100,{buyers},\"1,234.50\",{note}\r\n"
                ));
            }
        }
        text.push_str("店2,2025-01-05,1,0,0,\r\n店9,2025-01-06,1,0,0,\r\n");
        text
    }

    fn whole(bytes: &[u8]) -> (Vec<(u32, u64)>, Report<BulkSummary<u32>>) {
        let mut reader = BulkActualsReader::new(bytes, today(), resolve).expect("header");
        let rows = reader.by_ref().map(|r| (r.shop, r.row.line)).collect();
        (rows, reader.finish().expect("report"))
    }

    fn pieces(
        bytes: &[u8],
        piece: usize,
        chunk: usize,
    ) -> (Vec<(u32, u64)>, Report<BulkSummary<u32>>) {
        let mut stream = BulkStream::with_pieces(today(), resolve, piece);
        let mut rows = Vec::new();
        let mut each = |row: BulkRow<u32>, _valid: bool| rows.push((row.shop, row.row.line));
        for part in bytes.chunks(chunk) {
            stream.push(part, &mut each).expect("piece");
        }
        let report = stream.finish(&mut each).expect("report");
        (rows, report)
    }

    fn lines(errors: &[RowError]) -> Vec<(u64, Option<&str>)> {
        errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect()
    }

    #[test]
    fn a_file_read_in_pieces_reads_as_the_whole_file_does() {
        let utf8 = file();
        let gbk = GB18030.encode(&utf8).0.into_owned();
        for bytes in [utf8.as_bytes(), &gbk] {
            let (rows, report) = whole(bytes);
            assert!(
                report.errors.total() >= 8,
                "{:?}",
                lines(&report.errors.errors)
            );
            for (piece, chunk) in [(1000, 333), (4096, 7), (50_000, 65_536)] {
                let (piece_rows, piece_report) = pieces(bytes, piece, chunk);
                assert_eq!(piece_rows, rows, "piece {piece}");
                assert_eq!(
                    lines(&piece_report.errors.errors),
                    lines(&report.errors.errors),
                    "piece {piece}"
                );
                assert_eq!(piece_report.summary, report.summary, "piece {piece}");
            }
        }
    }

    #[test]
    fn a_repeated_shop_day_in_a_later_piece_names_the_first_line() {
        let (_, report) = pieces(file().as_bytes(), 2000, 512);
        let repeated = report
            .errors
            .errors
            .iter()
            .find(|e| e.msg.key == "import-duplicate-shop-date")
            .expect("the repeated day");
        let first = repeated
            .msg
            .args
            .iter()
            .find(|(n, _)| *n == "first")
            .expect("first");
        assert_eq!(
            first.1, "212",
            "3 head lines, 店1 on 204 lines (four notes take two), 店2's fifth day"
        );
    }
}
