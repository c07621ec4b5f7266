//! The compound file (OLE2) around an XLS workbook, walked the way the workbook reader walks
//! it, but refusing what would make that reader loop or grow without end: a sector chain that
//! comes back on itself, a sector past the end of the file. What it returns is the
//! `Workbook` stream exactly as the reader will see it.

use super::unreadable;
use crate::import::FileError;

const SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: usize = 4096;

struct Entry {
    name: String,
    start: u32,
    len: usize,
}

/// The sectors of the file, after its header.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
}

impl<'a> Sectors<'a> {
    /// Sector `id`; the last one may be short, as the reader allows.
    fn get(&self, id: u32) -> Result<&'a [u8], FileError> {
        let start = id as usize * self.size;
        if start >= self.data.len() {
            return Err(damaged("a sector past the end of the file"));
        }
        Ok(&self.data[start..self.data.len().min(start + self.size)])
    }

    fn maxid(&self) -> usize {
        // The reader counts the header as a sector when it bounds the ids.
        (self.data.len() + self.size) / self.size
    }
}

/// Follows a chain from `start` until `ENDOFCHAIN` or until `len` bytes are read, as the
/// reader does; a chain that visits a sector twice is refused.
fn chain<'s>(
    start: u32,
    fats: &[u32],
    len: usize,
    sector: impl Fn(u32) -> Result<&'s [u8], FileError>,
) -> Result<Vec<u8>, FileError> {
    let mut out = Vec::new();
    let mut seen = vec![false; fats.len()];
    let mut id = start;
    while id != ENDOFCHAIN {
        let bytes = sector(id)?;
        out.extend_from_slice(&bytes[..bytes.len().min(len - out.len())]);
        if out.len() >= len {
            break;
        }
        let index = id as usize;
        match seen.get_mut(index) {
            Some(true) => return Err(damaged("a sector chain that loops")),
            Some(visited) => *visited = true,
            None => return Err(damaged("a sector chain leaving the allocation table")),
        }
        id = fats[index];
    }
    Ok(out)
}

fn damaged(what: &str) -> FileError {
    unreadable(&format!("compound file: {what}"))
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| u32_at(c, 0))
}

/// The workbook stream (`Workbook`, else `Book`) of an XLS file.
pub(super) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, FileError> {
    if bytes.len() < 512 || !bytes.starts_with(SIGNATURE) {
        return Err(damaged("no compound file header"));
    }
    let version = u16_at(bytes, 26);
    let size = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return Err(damaged("an unknown sector size")),
    };
    if bytes.len() < size {
        return Err(damaged("a header shorter than its sector"));
    }
    let sectors = Sectors {
        data: &bytes[size..],
        size,
    };
    let fats = allocation_table(bytes, &sectors)?;
    let entries = directory(bytes, &sectors, &fats, size)?;
    if entries.is_empty() || (version != 3 && entries[0].start == ENDOFCHAIN) {
        return Err(damaged("an empty root directory"));
    }
    let mini_fat_len = u32_at(bytes, 64) as usize;
    let (mini_fats, mini_stream) = if mini_fat_len > 0 {
        let root = &entries[0];
        let stream = chain(root.start, &fats, root.len, |id| sectors.get(id))?;
        let table = chain(u32_at(bytes, 60), &fats, mini_fat_len * size, |id| {
            sectors.get(id)
        })?;
        (u32s(&table).collect(), stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let find = |name: &str| {
        entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    let entry = find("Workbook")
        .or_else(|| find("Book"))
        .ok_or_else(|| damaged("no workbook stream"))?;
    if entry.len < MINI_CUTOFF {
        chain(entry.start, &mini_fats, entry.len, |id| {
            let start = id as usize * MINI_SECTOR;
            mini_stream
                .get(start..(start + MINI_SECTOR).min(mini_stream.len()))
                .filter(|s| !s.is_empty())
                .ok_or_else(|| damaged("a mini sector past the mini stream"))
        })
    } else {
        chain(entry.start, &fats, entry.len, |id| sectors.get(id))
    }
}

/// The sector allocation table, from the header's list and the DIFAT sectors after it.
fn allocation_table(header: &[u8], sectors: &Sectors) -> Result<Vec<u32>, FileError> {
    let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
    let mut id = u32_at(header, 68);
    let mut steps = 0;
    while id < RESERVED_SECTORS {
        steps += 1;
        if steps > sectors.maxid() + 1 {
            return Err(damaged("a DIFAT chain longer than the file"));
        }
        difat.extend(u32s(sectors.get(id)?));
        id = difat
            .pop()
            .ok_or_else(|| damaged("an empty DIFAT sector"))?;
    }
    let mut fats = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fats.extend(u32s(sectors.get(id)?));
    }
    Ok(fats)
}

fn directory(
    header: &[u8],
    sectors: &Sectors,
    fats: &[u32],
    size: usize,
) -> Result<Vec<Entry>, FileError> {
    let raw = chain(u32_at(header, 48), fats, usize::MAX, |id| sectors.get(id))?;
    raw.chunks_exact(128)
        .map(|e| {
            let units: Vec<u16> = e[..64].chunks_exact(2).map(|c| u16_at(c, 0)).collect();
            // The reader decodes names sniffing a byte order mark; a name that starts with
            // one would be read under another name there than here.
            if matches!(units.first(), Some(0xFEFF | 0xFFFE)) {
                return Err(damaged("a directory name with a byte order mark"));
            }
            let mut name = String::from_utf16_lossy(&units);
            if let Some(end) = name.find('\0') {
                name.truncate(end);
            }
            let len = if size == 512 {
                u32_at(e, 120) as usize
            } else {
                u64::from_le_bytes(e[120..128].try_into().unwrap_or_default()) as usize
            };
            Ok(Entry {
                name,
                start: u32_at(e, 116),
                len,
            })
        })
        .collect()
}
