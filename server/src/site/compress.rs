//! The brotli and gzip copies written beside each published file, made once
//! so that no request waits for compression, and the atomic writes every
//! published file goes through.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The compressed copies written beside each published file.
pub const COMPRESSED: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

/// A compressed copy's encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    /// The extension added to the file's name.
    pub const fn extension(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gz",
        }
    }

    fn encode(self, data: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(data.len() / 3);
        match self {
            Encoding::Brotli => {
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 11,
                    lgwin: 24,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
            }
            Encoding::Gzip => {
                let mut encoder =
                    flate2::write::GzEncoder::new(&mut out, flate2::Compression::best());
                encoder.write_all(data)?;
                encoder.finish()?;
            }
        }
        Ok(out)
    }
}

/// What [`compress`] does with a compressed copy that exists already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Keep it: the file is content-named, so its copy cannot be stale.
    Keep,
    /// Write it again: the file may have changed under the same name.
    Replace,
}

/// Writes the compressed copies of `files`, and returns how many it wrote.
pub fn compress(files: &[PathBuf], existing: Existing) -> io::Result<usize> {
    let mut written = 0;
    for file in files {
        let mut data = None;
        for encoding in COMPRESSED {
            let target = with_extension_added(file, encoding.extension());
            if existing == Existing::Keep && target.exists() {
                continue;
            }
            if data.is_none() {
                data = Some(std::fs::read(file)?);
            }
            let data = data.as_deref().unwrap_or_default();
            write_atomically(&target, &encoding.encode(data)?)?;
            written += 1;
        }
    }
    Ok(written)
}

/// `path` with `.extension` added to its whole name (`a.wasm` → `a.wasm.br`).
pub fn with_extension_added(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// A new name beside `path` that no other call, in this process or another
/// (even one with the same process id, in another container), is given.
pub fn temporary_beside(path: &Path) -> PathBuf {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    with_extension_added(path, &format!("tmp{}-{call}-{nanos}", std::process::id()))
}

/// Writes to a temporary file beside `path`, then renames it into place.
pub fn write_atomically(path: &Path, data: &[u8]) -> io::Result<()> {
    let temporary = temporary_beside(path);
    let result = std::fs::write(&temporary, data).and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
