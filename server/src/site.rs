//! The browser bundle as the server hands it out: under names made of its
//! content, which a browser may keep for a year, and with brotli and gzip
//! copies made once, so that no request waits for compression.
//!
//! A build leaves `pkg/firstline.js`, `pkg/firstline.wasm` (or
//! `firstline_bg.wasm`) and `pkg/firstline.css` in the site root. For each,
//! [`publish`] writes a copy named `firstline.<hash>.<ext>`, where the hash is
//! the first 16 hex digits of the file's SHA-256, and removes the copies of
//! earlier builds. [`compress`] writes `<copy>.br` and `<copy>.gz` beside each
//! copy. Because a copy's name is its content, a copy or a compressed copy
//! that exists is never stale, and every file is written to a temporary name
//! first and renamed into place, so a crash never leaves half a file under a
//! real name.
//!
//! `firstline site prepare` does both after a build (the run and test scripts
//! call it). The server publishes again when it starts, which costs one hash
//! per file when nothing changed, and compresses in the background whatever
//! a build left uncompressed. Until then the response layer compresses those
//! files on the fly.

use firstline_app::ui::bundle::Bundle;
use sha2::{Digest as _, Sha256};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The bundle's output name.
pub const NAME: &str = "firstline";
/// The folder of the bundle under the site root, and under the site's address.
pub const PKG_DIR: &str = "pkg";
/// Hex digits of the content hash in a published name.
const HASH_DIGITS: usize = 16;
/// The extensions of the bundle's parts: glue, program, stylesheet.
const PARTS: [&str; 3] = ["js", "wasm", "css"];
/// The compressed copies written beside each published file.
const COMPRESSED: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

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

/// What [`publish`] found and wrote.
#[derive(Clone, Debug, Default)]
pub struct Published {
    /// The files the pages name.
    pub bundle: Bundle,
    /// The published copies on disk, for [`compress`].
    pub files: Vec<PathBuf>,
}

/// Publishes the bundle under `site_root`: a content-named copy of each
/// part, the copies of earlier builds removed. A part the build did not
/// leave is not named; a site without a bundle publishes nothing.
pub fn publish(site_root: &Path) -> io::Result<Published> {
    let dir = site_root.join(PKG_DIR);
    let mut published = Published::default();
    for extension in PARTS {
        let Some(source) = built_part(&dir, extension) else {
            continue;
        };
        let data = std::fs::read(&source)?;
        let file = format!("{NAME}.{}.{extension}", hash(&data));
        let copy = dir.join(&file);
        if !copy.exists() {
            write_atomically(&copy, &data)?;
        }
        remove_earlier_copies(&dir, extension, &file)?;
        place(&mut published.bundle, extension, &file);
        published.files.push(copy);
    }
    Ok(published)
}

/// The bundle under the names the build gave it: what pages name when the
/// site cannot be published (a site root the server may not write to).
pub fn built(site_root: &Path) -> Bundle {
    let dir = site_root.join(PKG_DIR);
    let mut bundle = Bundle::default();
    for extension in PARTS {
        let file = built_part(&dir, extension);
        if let Some(file) = file.as_ref().and_then(|path| path.file_name()?.to_str()) {
            place(&mut bundle, extension, file);
        }
    }
    bundle
}

/// Names `file` in `pkg/` as the bundle's part of this extension.
fn place(bundle: &mut Bundle, extension: &str, file: &str) {
    let path = Some(format!("/{PKG_DIR}/{file}"));
    match extension {
        "js" => bundle.js = path,
        "wasm" => bundle.wasm = path,
        _ => bundle.css = path,
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

/// The part of a request path under `/pkg/`, if it is there.
pub fn in_pkg(path: &str) -> Option<&str> {
    path.strip_prefix('/')?
        .strip_prefix(PKG_DIR)?
        .strip_prefix('/')
}

/// Whether a request path names a published copy (`/pkg/firstline.<hash>.wasm`
/// and its compressed copies' originals), which never changes.
pub fn is_published(path: &str) -> bool {
    let Some(file) = in_pkg(path) else {
        return false;
    };
    let Some((stem, extension)) = file.rsplit_once('.') else {
        return false;
    };
    let Some(hash) = stem
        .strip_prefix(NAME)
        .and_then(|rest| rest.strip_prefix('.'))
    else {
        return false;
    };
    PARTS.contains(&extension) && is_hash(hash)
}

/// The first [`HASH_DIGITS`] hex digits of the data's SHA-256.
fn hash(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .take(HASH_DIGITS / 2)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn is_hash(text: &str) -> bool {
    text.len() == HASH_DIGITS && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The part as the build left it: `firstline.<ext>`, or wasm-bindgen's
/// `firstline_bg.wasm`.
fn built_part(dir: &Path, extension: &str) -> Option<PathBuf> {
    [
        format!("{NAME}.{extension}"),
        format!("{NAME}_bg.{extension}"),
    ]
    .into_iter()
    .map(|file| dir.join(file))
    .find(|path| path.is_file())
}

/// Removes published copies of this part other than `keep`, with their
/// compressed copies.
fn remove_earlier_copies(dir: &Path, extension: &str, keep: &str) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let file = entry?.file_name();
        let Some(file) = file.to_str() else {
            continue;
        };
        let original = COMPRESSED
            .iter()
            .find_map(|e| file.strip_suffix(&format!(".{}", e.extension())))
            .unwrap_or(file);
        let earlier = original != keep
            && original.ends_with(&format!(".{extension}"))
            && is_published(&format!("/{PKG_DIR}/{original}"));
        if earlier {
            std::fs::remove_file(dir.join(file))?;
        }
    }
    Ok(())
}

fn with_extension_added(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// Writes to a temporary file beside `path`, then renames it into place.
fn write_atomically(path: &Path, data: &[u8]) -> io::Result<()> {
    let temporary = with_extension_added(path, &format!("tmp{}", std::process::id()));
    let result = std::fs::write(&temporary, data).and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    /// A site root whose `pkg/` holds these files with these contents.
    fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(PKG_DIR)).unwrap();
        for (file, data) in files {
            std::fs::write(root.path().join(PKG_DIR).join(file), data).unwrap();
        }
        root
    }

    fn listing(root: &tempfile::TempDir) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(root.path().join(PKG_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn each_part_is_published_under_its_content_hash() {
        let root = site(&[
            ("firstline.js", b"glue"),
            ("firstline.wasm", b"program"),
            ("firstline.css", b"style"),
        ]);
        let published = publish(root.path()).unwrap();
        let js = published.bundle.js.clone().unwrap();
        assert!(is_published(&js), "{js}");
        assert!(js.starts_with("/pkg/firstline.") && js.ends_with(".js"));
        assert!(published.bundle.complete());
        for path in [&published.bundle.wasm, &published.bundle.css] {
            assert!(is_published(path.as_deref().unwrap()), "{path:?}");
        }
        let copy = root.path().join(js.trim_start_matches('/'));
        assert_eq!(std::fs::read(copy).unwrap(), b"glue");
        let again = publish(root.path()).unwrap();
        assert_eq!(
            again.bundle, published.bundle,
            "the same content, the same names"
        );
    }

    #[test]
    fn a_new_build_replaces_the_copies_of_the_last() {
        let root = site(&[("firstline.js", b"one"), ("firstline_bg.wasm", b"one")]);
        let first = publish(root.path()).unwrap();
        compress(&first.files, Existing::Keep).unwrap();
        std::fs::write(root.path().join("pkg/firstline.js"), b"two").unwrap();
        let second = publish(root.path()).unwrap();
        assert_ne!(first.bundle.js, second.bundle.js);
        assert_eq!(
            first.bundle.wasm, second.bundle.wasm,
            "the unchanged part keeps its name"
        );
        let old_js = first.bundle.js.unwrap();
        let old_js = old_js.trim_start_matches("/pkg/");
        let files = listing(&root);
        assert!(
            files.iter().all(|f| !f.starts_with(old_js)),
            "{old_js} and its compressed copies are gone: {files:?}"
        );
        let old_wasm = first.bundle.wasm.unwrap();
        let old_wasm = old_wasm.trim_start_matches("/pkg/");
        assert!(files.contains(&format!("{old_wasm}.br")), "{files:?}");
    }

    #[test]
    fn compressed_copies_hold_exactly_the_original() {
        let program: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let root = site(&[("firstline.wasm", &program)]);
        let published = publish(root.path()).unwrap();
        assert_eq!(compress(&published.files, Existing::Keep).unwrap(), 2);
        assert_eq!(
            compress(&published.files, Existing::Keep).unwrap(),
            0,
            "nothing left to do"
        );
        let copy = &published.files[0];
        let brotli = std::fs::read(with_extension_added(copy, "br")).unwrap();
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &brotli[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, program);
        let gzip = std::fs::read(with_extension_added(copy, "gz")).unwrap();
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, program);
        assert!(brotli.len() < program.len() / 4 && gzip.len() < program.len() / 4);
        assert!(
            listing(&root).iter().all(|f| !f.contains(".tmp")),
            "no temporary file is left"
        );
    }

    #[test]
    fn an_unpublished_site_is_named_as_the_build_left_it_whatever_earlier_copies_lie_there() {
        let root = site(&[("firstline.js", b"one"), ("firstline_bg.wasm", b"one")]);
        publish(root.path()).unwrap();
        std::fs::write(root.path().join("pkg/firstline.js"), b"two").unwrap();
        let bundle = built(root.path());
        assert_eq!(bundle.js.as_deref(), Some("/pkg/firstline.js"));
        assert_eq!(bundle.wasm.as_deref(), Some("/pkg/firstline_bg.wasm"));
        assert_eq!(bundle.css, None);
        assert!(!built(tempfile::tempdir().unwrap().path()).complete());
    }

    #[test]
    fn a_site_without_a_bundle_publishes_nothing() {
        let root = site(&[("other.js", b"x")]);
        let published = publish(root.path()).unwrap();
        assert!(!published.bundle.complete());
        assert!(published.files.is_empty());
        let nothing = tempfile::tempdir().unwrap();
        let published = publish(nothing.path()).unwrap();
        assert!(published.files.is_empty(), "no pkg folder at all");
    }

    #[test]
    fn only_published_names_are_kept_for_a_year() {
        assert!(is_published("/pkg/firstline.0123456789abcdef.wasm"));
        assert!(is_published("/pkg/firstline.0123456789abcdef.css"));
        for path in [
            "/pkg/firstline.wasm",
            "/pkg/firstline.js",
            "/pkg/firstline.0123456789abcde.wasm",
            "/pkg/firstline.0123456789ABCDEF.wasm",
            "/pkg/firstline.0123456789abcdef.html",
            "/pkg/other.0123456789abcdef.js",
            "/firstline.0123456789abcdef.js",
            "/pkg/sub/firstline.0123456789abcdef.js",
            "/",
        ] {
            assert!(!is_published(path), "{path}");
        }
        assert_eq!(in_pkg("/pkg/firstline.js"), Some("firstline.js"));
        assert_eq!(in_pkg("/pkgs/firstline.js"), None);
        assert_eq!(in_pkg("/api/v1/tickets"), None);
    }
}
