//! The browser bundle as the server hands it out: under names made of its
//! content, which a browser may keep for a year, and with brotli and gzip
//! copies made once ([`compress`]), so that no request waits for compression.
//!
//! A build leaves in `pkg/` under the site root the glue `firstline.js`, the
//! program `firstline.wasm` (or `firstline_bg.wasm`) and the stylesheet
//! `firstline.css`. Built with `--split`, it also leaves the split loader
//! `__wasm_split.______________________.js` and the wasm files of the pages
//! that load on demand (`ui/routes.rs`). The glue, the program, the loader
//! and the page files name one another by relative names (`./firstline.js`,
//! `./split_3.wasm`), so [`publish`] copies them together into `pkg/<id>/`,
//! where the id is the first 16 hex digits of a SHA-256 over all of them,
//! and nothing inside needs renaming. The stylesheet is published alone as
//! `firstline.<hash>.css`, so that a change of style keeps the program
//! cached.
//!
//! Because a folder's or a copy's name is its content, what exists is never
//! stale. Every file is written under a temporary name and renamed into
//! place, and a folder is filled under a temporary name and renamed whole,
//! so a crash never leaves half a bundle under a real name. Of earlier
//! builds' program folders, the one published most recently before this
//! build is kept, so that a page opened before an upgrade can still load the
//! pages it has not opened yet (where a new site is copied over the old one:
//! cargo-leptos empties the site root before it builds); older folders are
//! renamed away and removed, and so is every earlier stylesheet. Removing
//! is best-effort: a copy that cannot be removed is logged, and what was
//! published stands.
//!
//! `firstline site prepare` publishes and compresses after a build (the run
//! and test scripts call it). The server publishes again when it starts,
//! which costs one hash over the bundle when nothing changed, and compresses
//! in the background whatever a build left uncompressed. Until then the
//! response layer compresses those files on the fly.

mod compress;

pub use compress::{Encoding, Existing, compress};

use compress::{COMPRESSED, temporary_beside, write_atomically};
use firstline_app::ui::bundle::Bundle;
use sha2::{Digest as _, Sha256};
use std::io;
use std::path::{Path, PathBuf};

/// The bundle's output name.
pub const NAME: &str = "firstline";
/// The folder of the bundle under the site root, and under the site's address.
pub const PKG_DIR: &str = "pkg";
/// Hex digits of the content hash in a published name.
const HASH_DIGITS: usize = 16;
/// The split loader, under the name the build gives it.
const SPLIT_LOADER: &str = "__wasm_split.______________________.js";
/// The stylesheet's extension.
const STYLESHEET: &str = "css";
/// The extensions of single content-named copies: the stylesheet's, and the
/// glue's and program's as builds before the program folder named them.
const SINGLE_COPIES: [&str; 3] = ["js", "wasm", STYLESHEET];

/// What [`publish`] found and wrote.
#[derive(Clone, Debug, Default)]
pub struct Published {
    /// The files the pages name.
    pub bundle: Bundle,
    /// The published copies on disk, for [`compress`].
    pub files: Vec<PathBuf>,
}

/// Publishes the bundle under `site_root`: the program's files in a folder
/// named by their content, the stylesheet under a content-named copy, and
/// all but the newest of earlier builds' copies removed. A site without a
/// glue and a program publishes no program; one without a stylesheet names
/// none.
pub fn publish(site_root: &Path) -> io::Result<Published> {
    let dir = site_root.join(PKG_DIR);
    let mut published = Published::default();
    if let Some(program) = Program::built(&dir)? {
        let id = program.id();
        let folder = dir.join(&id);
        if folder.is_dir() {
            // The build published again (a restart, or a return to an
            // earlier build): it is the newest now, whatever its age.
            mark_in_use(&folder)?;
        } else {
            program.copy_to(&folder)?;
        }
        clean_up(remove_earlier_programs(&dir, &id));
        let path = |name: &str| format!("/{PKG_DIR}/{id}/{name}");
        published.bundle.js = Some(path(&program.files[0].0));
        published.bundle.wasm = Some(path(&program.files[1].0));
        if program.holds(SPLIT_LOADER) {
            published.bundle.loader = Some(path(SPLIT_LOADER));
        }
        published
            .files
            .extend(program.files.iter().map(|(name, _)| folder.join(name)));
    }
    let stylesheet = built_part(&dir, STYLESHEET);
    let keep = match stylesheet {
        Some(source) => {
            let data = std::fs::read(&source)?;
            let file = format!("{NAME}.{}.{STYLESHEET}", hash(&[&data]));
            let copy = dir.join(&file);
            if !copy.exists() {
                write_atomically(&copy, &data)?;
            }
            published.bundle.css = Some(format!("/{PKG_DIR}/{file}"));
            published.files.push(copy);
            Some(file)
        }
        None => None,
    };
    if dir.is_dir() {
        clean_up(remove_single_copies(&dir, keep.as_deref()));
    }
    Ok(published)
}

/// Clean-up of earlier builds is best-effort: what is published stands even
/// when an old copy cannot be removed (another process removed it first, or
/// it is not ours to remove).
fn clean_up(result: io::Result<()>) {
    if let Err(error) = result {
        tracing::warn!(%error, "An earlier build's copies of the bundle could not be removed");
    }
}

/// Sets a folder's modified time to now: the clean-up keeps the newest.
fn mark_in_use(folder: &Path) -> io::Result<()> {
    std::fs::File::open(folder)
        .and_then(|file| file.set_modified(std::time::SystemTime::now()))
        .map_err(|error| with_path(error, folder))
}

/// The error, with the file it concerns.
fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// The program as one build left it: each file's name and content, always
/// the glue first and the wasm second, then the split loader's files if the
/// build was split.
struct Program {
    files: Vec<(String, Vec<u8>)>,
}

impl Program {
    fn built(dir: &Path) -> io::Result<Option<Program>> {
        let (Some(glue), Some(wasm)) = (built_part(dir, "js"), built_part(dir, "wasm")) else {
            return Ok(None);
        };
        let mut files = Vec::new();
        for path in [glue, wasm] {
            let data = std::fs::read(&path).map_err(|error| with_path(error, &path))?;
            files.push((file_name(&path), data));
        }
        let loader = dir.join(SPLIT_LOADER);
        if loader.is_file() {
            let text =
                std::fs::read_to_string(&loader).map_err(|error| with_path(error, &loader))?;
            let modules = split_modules(&text);
            if modules.is_empty() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{}: the split loader names no wasm file (a loader of another format?)",
                        loader.display()
                    ),
                ));
            }
            for name in modules {
                let data = std::fs::read(dir.join(&name)).map_err(|error| {
                    io::Error::new(
                        error.kind(),
                        format!(
                            "{SPLIT_LOADER} loads {name}, which the build did not leave: {error}"
                        ),
                    )
                })?;
                files.push((name, data));
            }
            files.push((SPLIT_LOADER.to_owned(), text.into_bytes()));
        }
        Ok(Some(Program { files }))
    }

    fn holds(&self, name: &str) -> bool {
        self.files.iter().any(|(file, _)| file == name)
    }

    /// The folder's name: a hash over every file's name and content.
    fn id(&self) -> String {
        let mut parts: Vec<&[u8]> = Vec::new();
        let lengths: Vec<[u8; 8]> = self
            .files
            .iter()
            .map(|(_, data)| (data.len() as u64).to_le_bytes())
            .collect();
        for ((name, data), length) in self.files.iter().zip(&lengths) {
            parts.extend([name.as_bytes(), b"\0", length, data]);
        }
        hash(&parts)
    }

    /// Fills a temporary folder beside `folder`, then renames it into place.
    fn copy_to(&self, folder: &Path) -> io::Result<()> {
        let temporary = temporary_beside(folder);
        std::fs::create_dir(&temporary).map_err(|error| with_path(error, &temporary))?;
        let result = self
            .files
            .iter()
            .try_for_each(|(name, data)| std::fs::write(temporary.join(name), data))
            .and_then(|()| std::fs::rename(&temporary, folder));
        if let Err(error) = result {
            let _ = std::fs::remove_dir_all(&temporary);
            if folder.is_dir() {
                // Another process published the same build first.
                return Ok(());
            }
            return Err(with_path(error, folder));
        }
        Ok(())
    }
}

/// The wasm files a split loader fetches: its `"./<name>.wasm"` literals.
fn split_modules(loader: &str) -> Vec<String> {
    let mut names: Vec<String> = loader
        .split("\"./")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(name, _)| name)
        .filter(|name| name.ends_with(".wasm") && is_plain_name(name))
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A file name that stays in its folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != ".."
        && name != "."
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The bundle under the names the build gave it: what pages name when the
/// site cannot be published (a site root the server may not write to).
pub fn built(site_root: &Path) -> Bundle {
    let dir = site_root.join(PKG_DIR);
    let named = |extension| {
        built_part(&dir, extension).map(|path| format!("/{PKG_DIR}/{}", file_name(&path)))
    };
    Bundle {
        js: named("js"),
        wasm: named("wasm"),
        css: named(STYLESHEET),
        loader: dir
            .join(SPLIT_LOADER)
            .is_file()
            .then(|| format!("/{PKG_DIR}/{SPLIT_LOADER}")),
    }
}

/// The part of a request path under `/pkg/`, if it is there.
pub fn in_pkg(path: &str) -> Option<&str> {
    path.strip_prefix('/')?
        .strip_prefix(PKG_DIR)?
        .strip_prefix('/')
}

/// Whether a request path names a published file, which never changes: a
/// file in a program folder (`/pkg/<hash>/firstline.wasm`) or a
/// content-named copy (`/pkg/firstline.<hash>.css`).
pub fn is_published(path: &str) -> bool {
    let Some(file) = in_pkg(path) else {
        return false;
    };
    match file.split_once('/') {
        Some((folder, name)) => is_hash(folder) && is_plain_name(name),
        None => single_copy_extension(file).is_some(),
    }
}

/// The extension of a content-named single copy (`firstline.<hash>.css`).
fn single_copy_extension(file: &str) -> Option<&str> {
    let (stem, extension) = file.rsplit_once('.')?;
    let hash = stem.strip_prefix(NAME)?.strip_prefix('.')?;
    (SINGLE_COPIES.contains(&extension) && is_hash(hash)).then_some(extension)
}

/// The first [`HASH_DIGITS`] hex digits of the SHA-256 of the parts, in order.
fn hash(parts: &[&[u8]]) -> String {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update(part);
    }
    digest
        .finalize()
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

/// Removes the program folders of earlier builds but the newest.
fn remove_earlier_programs(dir: &Path, keep: &str) -> io::Result<()> {
    let mut earlier = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let is_earlier = name
            .to_str()
            .is_some_and(|name| name != keep && is_hash(name));
        if is_earlier && entry.file_type()?.is_dir() {
            earlier.push((entry.metadata()?.modified()?, entry.path()));
        }
    }
    earlier.sort();
    earlier.pop();
    for (_, folder) in earlier {
        // Out of its published name first, so that a crash while removing
        // never leaves half a build under a name pages may still ask for.
        let doomed = temporary_beside(&folder);
        std::fs::rename(&folder, &doomed).map_err(|error| with_path(error, &folder))?;
        std::fs::remove_dir_all(&doomed).map_err(|error| with_path(error, &doomed))?;
    }
    Ok(())
}

/// Removes content-named single copies other than `keep`, with their
/// compressed copies: earlier stylesheets, and the glue and program as
/// builds before the program folder published them.
fn remove_single_copies(dir: &Path, keep: Option<&str>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let file = entry?.file_name();
        let Some(file) = file.to_str() else {
            continue;
        };
        let original = COMPRESSED
            .iter()
            .find_map(|e| file.strip_suffix(&format!(".{}", e.extension())))
            .unwrap_or(file);
        if Some(original) != keep && single_copy_extension(original).is_some() {
            std::fs::remove_file(dir.join(file))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
