//! The model file format: a fixed header, then the model encoded with postcard.
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `SITREP\0M` |
//! | 4 | format version, little-endian u32 |
//! | 8 | payload length, little-endian u64 |
//! | 4 | CRC-32 (IEEE) of the format version's 4 bytes and the payload (of the payload alone in version 2) |
//! | n | payload: the [`Model`] in postcard encoding |
//!
//! Files are written to a temporary file beside the target and renamed into place, so a
//! crash never leaves a half-written model under the final name. Loading checks magic,
//! version, length, checksum, decoding and the model's internal consistency, in that order,
//! and says which one failed.

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::Model;

pub const MAGIC: &[u8; 8] = b"SITREP\0M";
/// 2: the model gained the scope gate and the feature configuration gained `magnitudes`
/// (postcard is not self-describing, so a version-1 file cannot be read as version 2).
/// 3: the feature configuration gained `spelling_variants`. 4: it gained `analysis`, so that
/// later changes to how text is read need no new format. 5: a classifier's link can be an
/// ensemble's mean (`Link::Mean`); the encoding is version 4's, so version-4 files decode as
/// they are, and a sitrep that reads up to 4 refuses an ensemble with a clear message
/// instead of failing to decode it. Versions 2 and 3 are still read
/// ([`legacy`](super::legacy)).
pub const FORMAT_VERSION: u32 = 5;
/// The oldest format this sitrep still reads.
pub const OLDEST_VERSION: u32 = 2;
const HEADER_LEN: usize = 8 + 4 + 8 + 4;

/// The checksum a file of `version` stores for `payload`. From version 3 it covers the
/// version too, so a damaged version field cannot send a payload to the wrong decoder.
pub fn checksum(version: u32, payload: &[u8]) -> u32 {
    match version {
        2 => crc32(payload),
        _ => crc32_continue(crc32(&version.to_le_bytes()), payload),
    }
}

#[derive(Debug, Error)]
pub enum ModelFileError {
    #[error("cannot read model file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write model file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot write model file {path}: it exists and is not a regular file; expected a file path to replace")]
    NotAFile { path: PathBuf },
    #[error("cannot write model file {path}: {}; give a path in a folder that exists", if *.exists { format!("{} is a file, not a folder", .folder.display()) } else { format!("there is no folder {} (create it first)", .folder.display()) })]
    NoFolder {
        path: PathBuf,
        folder: PathBuf,
        /// Whether something else (a file) has the folder's name.
        exists: bool,
    },
    #[error("{path} is not a sitrep model file (it does not start with the sitrep signature)")]
    NotAModel { path: PathBuf },
    #[error("{path} is a sitrep model of format version {found}, but this sitrep reads versions {OLDEST_VERSION} to {expected}; {hint}")]
    Version {
        path: PathBuf,
        found: u32,
        expected: u32,
        hint: &'static str,
    },
    #[error(
        "{path} is truncated: the header announces {expected} bytes of model data but {found} are present"
    )]
    Truncated {
        path: PathBuf,
        expected: u64,
        found: u64,
    },
    #[error("{path} is truncated: it ends after {found} bytes, inside the {HEADER_LEN}-byte header of a sitrep model file")]
    TruncatedHeader { path: PathBuf, found: u64 },
    #[error("{path} is corrupt: it holds {found} bytes of model data where its header announces {expected} (was something appended to it?)")]
    TrailingBytes {
        path: PathBuf,
        expected: u64,
        found: u64,
    },
    #[error("{path} is corrupt: its checksum does not match its contents (stored {stored:08x}, computed {computed:08x})")]
    Checksum {
        path: PathBuf,
        stored: u32,
        computed: u32,
    },
    #[error("{path} is corrupt: the model data cannot be decoded ({reason})")]
    Decode { path: PathBuf, reason: String },
    #[error("{path} is corrupt: {reason}")]
    Inconsistent { path: PathBuf, reason: String },
    #[error("cannot encode the model: {0}")]
    Encode(String),
}

/// CRC-32 (IEEE 802.3, as in zip and PNG), table-driven.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32_continue(0, bytes)
}

/// The CRC-32 of `a` followed by `bytes`, given `crc` = the CRC-32 of `a`.
fn crc32_continue(crc: u32, bytes: &[u8]) -> u32 {
    let mut crc = !crc;
    // eight bytes a step ("slicing by 8"): a table per byte position, no dependency chain
    // through every byte; a model of a few megabytes is checked in about a millisecond
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let at = |i: usize| u32::from(word[i]);
        let low = crc ^ (at(0) | at(1) << 8 | at(2) << 16 | at(3) << 24);
        let t = |table: usize, byte: u32| CRC_TABLES[table][(byte & 0xff) as usize];
        crc = t(7, low)
            ^ t(6, low >> 8)
            ^ t(5, low >> 16)
            ^ t(4, low >> 24)
            ^ t(3, at(4))
            ^ t(2, at(5))
            ^ t(1, at(6))
            ^ t(0, at(7));
    }
    for &b in words.remainder() {
        crc = CRC_TABLES[0][((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

/// `CRC_TABLES[0]` is the usual byte table of CRC-32 (IEEE, reflected); `CRC_TABLES[k]`
/// advances a byte's contribution past `k` more zero bytes.
const CRC_TABLES: [[u32; 256]; 8] = {
    let mut tables = [[0u32; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        tables[0][i] = c;
        i += 1;
    }
    let mut i = 0;
    while i < 256 {
        let mut k = 1;
        while k < 8 {
            let prev = tables[k - 1][i];
            tables[k][i] = tables[0][(prev & 0xff) as usize] ^ (prev >> 8);
            k += 1;
        }
        i += 1;
    }
    tables
};

/// The complete file contents for a model.
pub fn encode(model: &Model) -> Result<Vec<u8>, ModelFileError> {
    let payload = postcard::to_stdvec(model).map_err(|e| ModelFileError::Encode(e.to_string()))?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(FORMAT_VERSION, &payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Decodes file contents; `path` is only used in messages.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Model, ModelFileError> {
    let p = || path.to_path_buf();
    let signed = bytes
        .get(..MAGIC.len())
        .map_or_else(|| MAGIC.starts_with(bytes), |b| b == MAGIC);
    if !signed || bytes.is_empty() {
        return Err(ModelFileError::NotAModel { path: p() });
    }
    if bytes.len() < HEADER_LEN {
        return Err(ModelFileError::TruncatedHeader {
            path: p(),
            found: bytes.len() as u64,
        });
    }
    let word = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = word(8);
    if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&version) {
        let hint = if version > FORMAT_VERSION {
            "upgrade sitrep to read it"
        } else {
            "retrain the model with this sitrep"
        };
        return Err(ModelFileError::Version {
            path: p(),
            found: version,
            expected: FORMAT_VERSION,
            hint,
        });
    }
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&bytes[12..20]);
    let expected = u64::from_le_bytes(len_bytes);
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 > expected {
        return Err(ModelFileError::TrailingBytes {
            path: p(),
            expected,
            found: payload.len() as u64,
        });
    }
    if (payload.len() as u64) < expected {
        return Err(ModelFileError::Truncated {
            path: p(),
            expected,
            found: payload.len() as u64,
        });
    }
    let stored = word(20);
    let computed = checksum(version, payload);
    if stored != computed {
        return Err(ModelFileError::Checksum {
            path: p(),
            stored,
            computed,
        });
    }
    let decoded = match version {
        4 | FORMAT_VERSION => postcard::from_bytes(payload),
        old => super::legacy::decode(old, payload),
    };
    let model: Model = decoded.map_err(|e| ModelFileError::Decode {
        path: p(),
        reason: e.to_string(),
    })?;
    model
        .check_consistent()
        .map_err(|reason| ModelFileError::Inconsistent { path: p(), reason })?;
    Ok(model)
}

pub fn load(path: &Path) -> Result<Model, ModelFileError> {
    let bytes = std::fs::read(path).map_err(|source| ModelFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode(path, &bytes)
}

/// Checks that `path` can be written, before hours of training: it is not a folder or a
/// device (which the final rename would replace), its directory exists and a file can be
/// created there. Leaves no file behind.
pub fn check_writable(path: &Path) -> Result<(), ModelFileError> {
    check_target(path)?;
    let tmp = temp_path(path);
    let result = std::fs::File::create(&tmp).map(drop);
    let _ = std::fs::remove_file(&tmp);
    result.map_err(|source| ModelFileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// A model can be written to `path`: a file or nothing yet, in a folder that exists.
fn check_target(path: &Path) -> Result<(), ModelFileError> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(ModelFileError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    match folder.filter(|f| !f.is_dir()) {
        Some(folder) => Err(ModelFileError::NoFolder {
            path: path.to_path_buf(),
            folder: folder.to_path_buf(),
            exists: folder.exists(),
        }),
        None => Ok(()),
    }
}

/// `.NAME.PID.tmp` beside `path`: hidden, and unique per process.
fn temp_path(path: &Path) -> PathBuf {
    path.with_file_name(format!(".{}.{}.tmp", file_name(path), std::process::id()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes atomically: temp file in the same directory, fsync, rename over the target, fsync
/// of the directory. Killed at any moment, this leaves either the old file or the new one
/// under `path`, never a mix; at worst a temp file stays behind, which a later save removes
/// (see [`remove_stale_temps`]).
pub fn save(model: &Model, path: &Path) -> Result<(), ModelFileError> {
    check_target(path)?;
    let bytes = encode(model)?;
    write_atomically(path, &bytes).map_err(|source| ModelFileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `bytes` to `path` the way [`save`] writes a model (temp file, fsync, rename, fsync
/// of the directory), for any file sitrep writes that must never be seen half-written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    sync_parent(path);
    remove_stale_temps(path);
    Ok(())
}

/// Makes the rename itself durable (a crash of the machine, not only of the process).
/// Best effort: not every platform can open a directory.
fn sync_parent(path: &Path) {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(parent) {
        let _ = dir.sync_all();
    }
}

/// Removes temp files that earlier saves to `path` left behind when they were killed:
/// `.NAME.PID.tmp` whose process no longer runs. Only where `/proc` tells which processes
/// run (Linux); elsewhere they are left alone, as a live writer's file must never be taken.
pub fn remove_stale_temps(path: &Path) -> usize {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return 0;
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let prefix = format!(".{}.", file_name(path));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if let Some(pid) = pid {
            if pid != std::process::id().to_string()
                && !proc.join(pid).exists()
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_crc_continues_across_pieces() {
        let data = b"the quick brown fox jumps over the lazy dog";
        for cut in 0..data.len() {
            let (a, b) = data.split_at(cut);
            assert_eq!(crc32_continue(crc32(a), b), crc32(data), "cut at {cut}");
        }
    }

    #[test]
    fn crc32_agrees_with_the_byte_at_a_time_definition_at_every_length() {
        let bytewise = |bytes: &[u8]| {
            let mut crc = !0u32;
            for &b in bytes {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 != 0 {
                        0xedb8_8320 ^ (crc >> 1)
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        };
        let data: Vec<u8> = (0..100u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        for len in 0..data.len() {
            assert_eq!(crc32(&data[..len]), bytewise(&data[..len]), "length {len}");
        }
    }

    #[test]
    fn header_problems_are_named() {
        let p = Path::new("m.sitrep");
        assert!(matches!(
            decode(p, b"PK\x03\x04 not a model"),
            Err(ModelFileError::NotAModel { .. })
        ));
        let mut future = MAGIC.to_vec();
        future.extend_from_slice(&99u32.to_le_bytes());
        future.extend_from_slice(&[0u8; 12]);
        let e = decode(p, &future).unwrap_err().to_string();
        assert_eq!(e, "m.sitrep is a sitrep model of format version 99, but this sitrep reads versions 2 to 5; upgrade sitrep to read it");
        let mut short = MAGIC.to_vec();
        short.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        short.extend_from_slice(&100u64.to_le_bytes());
        short.extend_from_slice(&0u32.to_le_bytes());
        short.extend_from_slice(&[1, 2, 3]);
        let e = decode(p, &short).unwrap_err().to_string();
        assert!(
            e.contains("truncated: the header announces 100 bytes of model data but 3 are present"),
            "{e}"
        );
    }

    #[test]
    fn a_file_cut_in_its_header_or_grown_past_its_data_is_named_so() {
        let p = Path::new("m.sitrep");
        // a header announcing 3 bytes of data, and those 3 bytes (checksum not reached)
        let mut good = MAGIC.to_vec();
        good.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        good.extend_from_slice(&3u64.to_le_bytes());
        good.extend_from_slice(&0u32.to_le_bytes());
        good.extend_from_slice(&[1, 2, 3]);
        for cut in [3, MAGIC.len(), HEADER_LEN - 1] {
            let e = decode(p, &good[..cut]).unwrap_err().to_string();
            assert_eq!(
                e,
                format!("m.sitrep is truncated: it ends after {cut} bytes, inside the 24-byte header of a sitrep model file")
            );
        }
        let mut grown = good.clone();
        grown.push(0);
        let e = decode(p, &grown).unwrap_err().to_string();
        assert_eq!(
            e,
            "m.sitrep is corrupt: it holds 4 bytes of model data where its header announces 3 (was something appended to it?)"
        );
        assert!(matches!(decode(p, b""), Err(ModelFileError::NotAModel { .. })));
    }
}
