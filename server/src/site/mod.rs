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
mod tests {
    use super::compress::with_extension_added;
    use super::*;
    use std::io::Read as _;

    /// A site root whose `pkg/` holds these files with these contents.
    fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(PKG_DIR)).unwrap();
        write(&root, files);
        root
    }

    fn write(root: &tempfile::TempDir, files: &[(&str, &[u8])]) {
        for (file, data) in files {
            std::fs::write(root.path().join(PKG_DIR).join(file), data).unwrap();
        }
    }

    /// Makes a program folder look published `seconds` ago.
    fn age(root: &tempfile::TempDir, folder: &str, seconds: u64) {
        let when = std::time::SystemTime::now() - std::time::Duration::from_secs(seconds);
        std::fs::File::open(root.path().join(PKG_DIR).join(folder))
            .unwrap()
            .set_modified(when)
            .unwrap();
    }

    /// The names in `pkg/` or a folder under it, sorted.
    fn listing(root: &tempfile::TempDir, folder: &str) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(root.path().join(PKG_DIR).join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        files
    }

    /// The file a published path names.
    fn read(root: &tempfile::TempDir, path: &str) -> Vec<u8> {
        std::fs::read(root.path().join(path.trim_start_matches('/'))).unwrap()
    }

    /// The program folder a published path lies in.
    fn folder_of(path: &str) -> &str {
        path.trim_start_matches("/pkg/").split_once('/').unwrap().0
    }

    /// A split loader as the build writes it, fetching these wasm files.
    fn loader(modules: &[&str]) -> String {
        let mut text = String::from("import { initSync } from \"./firstline.js\";\n");
        for module in modules {
            text.push_str(&format!(
                "const src = fetch(new URL(\"./{module}\", import.meta.url));\n"
            ));
        }
        text
    }

    #[test]
    fn each_part_is_published_under_its_content_hash() {
        let root = site(&[
            ("firstline.js", b"glue"),
            ("firstline.wasm", b"program"),
            ("firstline.css", b"style"),
        ]);
        let published = publish(root.path()).unwrap();
        let bundle = &published.bundle;
        assert!(bundle.complete());
        let js = bundle.js.as_deref().unwrap();
        let wasm = bundle.wasm.as_deref().unwrap();
        let css = bundle.css.as_deref().unwrap();
        let folder = folder_of(js);
        assert!(is_hash(folder), "{js}");
        assert_eq!(js, format!("/pkg/{folder}/firstline.js"));
        assert_eq!(wasm, format!("/pkg/{folder}/firstline.wasm"));
        assert!(css.starts_with("/pkg/firstline.") && css.ends_with(".css"));
        for path in [js, wasm, css] {
            assert!(is_published(path), "{path}");
        }
        assert_eq!(read(&root, js), b"glue");
        assert_eq!(read(&root, wasm), b"program");
        assert_eq!(read(&root, css), b"style");
        assert_eq!(published.files.len(), 3);
        assert_eq!(bundle.loader, None, "an unsplit build has no loader");
        let again = publish(root.path()).unwrap();
        assert_eq!(
            again.bundle, published.bundle,
            "the same content, the same names"
        );
    }

    #[test]
    fn a_split_build_is_published_whole_in_one_folder_with_its_relative_names() {
        let modules = ["chunk_0_shared.wasm", "split_policy.wasm"];
        let root = site(&[
            ("firstline.js", b"glue"),
            ("firstline.wasm", b"program"),
            (SPLIT_LOADER, loader(&modules).as_bytes()),
            ("chunk_0_shared.wasm", b"shared"),
            ("split_policy.wasm", b"policy page"),
            // A chunk an earlier build left, which this build's loader does not name.
            ("split_stale.wasm", b"stale"),
        ]);
        let published = publish(root.path()).unwrap();
        let folder = folder_of(published.bundle.js.as_deref().unwrap()).to_owned();
        assert_eq!(
            listing(&root, &folder),
            [
                SPLIT_LOADER,
                "chunk_0_shared.wasm",
                "firstline.js",
                "firstline.wasm",
                "split_policy.wasm"
            ],
            "the loader's relative names hold inside the folder; a stale chunk stays out"
        );
        assert_eq!(
            read(&root, &format!("/pkg/{folder}/split_policy.wasm")),
            b"policy page"
        );
        assert!(is_published(&format!("/pkg/{folder}/{SPLIT_LOADER}")));
        assert_eq!(published.files.len(), 5);
        assert_eq!(
            published.bundle.loader,
            Some(format!("/pkg/{folder}/{SPLIT_LOADER}"))
        );

        write(&root, &[("split_policy.wasm", b"policy page, changed")]);
        let changed = publish(root.path()).unwrap();
        assert_ne!(
            folder_of(changed.bundle.js.as_deref().unwrap()),
            folder,
            "a change to one page's file is a new build"
        );
    }

    #[test]
    fn a_split_build_missing_a_file_its_loader_names_is_not_published() {
        let root = site(&[
            ("firstline.js", b"glue"),
            ("firstline.wasm", b"program"),
            (SPLIT_LOADER, loader(&["split_team.wasm"]).as_bytes()),
        ]);
        let error = publish(root.path()).unwrap_err();
        assert!(error.to_string().contains("split_team.wasm"), "{error}");
        assert_eq!(
            listing(&root, ""),
            [SPLIT_LOADER, "firstline.js", "firstline.wasm"],
            "nothing half-published"
        );
    }

    #[test]
    fn a_loader_that_names_no_wasm_file_is_not_taken_for_a_split_build() {
        let root = site(&[
            ("firstline.js", b"glue"),
            ("firstline.wasm", b"program"),
            (
                SPLIT_LOADER,
                b"fetch(new URL('./split_team.wasm', import.meta.url));",
            ),
            ("split_team.wasm", b"team page"),
        ]);
        let error = publish(root.path()).unwrap_err();
        assert!(error.to_string().contains("names no wasm file"), "{error}");
    }

    #[test]
    fn only_the_loaders_own_wasm_names_are_read_from_it() {
        let text = "fetch(new URL(\"./split_a.wasm\", import.meta.url)); \
                    import \"./firstline.js\"; \"./../etc/passwd.wasm\" \
                    \"./sub/dir.wasm\" \"./split_a.wasm\" \"./chunk_1.wasm\"";
        assert_eq!(split_modules(text), ["chunk_1.wasm", "split_a.wasm"]);
    }

    #[test]
    fn a_new_build_keeps_the_one_before_and_removes_older_ones() {
        let root = site(&[
            ("firstline.js", b"one"),
            ("firstline_bg.wasm", b"one"),
            ("firstline.css", b"one"),
            // A copy published by a build before program folders existed.
            ("firstline.0123456789abcdef.js", b"older"),
            ("firstline.0123456789abcdef.js.br", b"older"),
        ]);
        // Not the clean-up's to remove: another folder, and a folder being filled.
        std::fs::create_dir(root.path().join("pkg/fonts")).unwrap();
        std::fs::create_dir(root.path().join("pkg/0123456789abcdef.tmp7-0-1")).unwrap();
        let first = publish(root.path()).unwrap();
        compress(&first.files, Existing::Keep).unwrap();
        let listed = listing(&root, "");
        assert!(
            listed
                .iter()
                .all(|f| !f.starts_with("firstline.0123456789abcdef")),
            "{listed:?}"
        );
        let first_folder = folder_of(first.bundle.js.as_deref().unwrap()).to_owned();
        age(&root, &first_folder, 7200);
        write(&root, &[("firstline.js", b"two")]);
        let second = publish(root.path()).unwrap();
        assert_ne!(first.bundle.js, second.bundle.js);
        assert_eq!(
            first.bundle.css, second.bundle.css,
            "the unchanged stylesheet keeps its name"
        );
        assert!(
            root.path().join("pkg").join(&first_folder).is_dir(),
            "a page opened on the build before can still load its pages"
        );
        let second_folder = folder_of(second.bundle.js.as_deref().unwrap()).to_owned();
        age(&root, &second_folder, 3600);
        write(
            &root,
            &[("firstline.js", b"three"), ("firstline.css", b"two")],
        );
        let third = publish(root.path()).unwrap();
        let third_folder = folder_of(third.bundle.js.as_deref().unwrap()).to_owned();
        let listed = listing(&root, "");
        assert!(!listed.contains(&first_folder), "{listed:?}");
        assert!(
            listed.contains(&second_folder) && listed.contains(&third_folder),
            "{listed:?}"
        );
        assert!(
            listed.contains(&"fonts".to_owned())
                && listed.contains(&"0123456789abcdef.tmp7-0-1".to_owned()),
            "{listed:?}"
        );
        assert!(
            listed
                .iter()
                .all(|f| !f.starts_with(&format!("{first_folder}."))),
            "nothing of the removed folder is left under another name: {listed:?}"
        );
        let old_css = first.bundle.css.unwrap();
        let old_css = old_css.trim_start_matches("/pkg/");
        assert!(
            listed.iter().all(|f| !f.starts_with(old_css)),
            "{old_css} and its compressed copies are gone: {listed:?}"
        );
    }

    #[test]
    fn a_build_published_again_counts_as_the_newest() {
        let root = site(&[("firstline.js", b"one"), ("firstline.wasm", b"one")]);
        let one = publish(root.path()).unwrap().bundle.js.unwrap();
        let one = folder_of(&one).to_owned();
        age(&root, &one, 7200);
        write(&root, &[("firstline.js", b"two")]);
        let two = publish(root.path()).unwrap().bundle.js.unwrap();
        let two = folder_of(&two).to_owned();
        age(&root, &two, 3600);
        // Back to the first build: its folder, two hours old, is in use again.
        write(&root, &[("firstline.js", b"one")]);
        let again = publish(root.path()).unwrap().bundle.js.unwrap();
        assert_eq!(folder_of(&again), one);
        write(&root, &[("firstline.js", b"three")]);
        publish(root.path()).unwrap();
        let listed = listing(&root, "");
        assert!(
            listed.contains(&one),
            "the build in use before this one stays: {listed:?}"
        );
        assert!(!listed.contains(&two), "{listed:?}");
    }

    #[test]
    fn compressed_copies_hold_exactly_the_original() {
        let program: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let root = site(&[("firstline.js", b"glue"), ("firstline.wasm", &program)]);
        let published = publish(root.path()).unwrap();
        assert_eq!(compress(&published.files, Existing::Keep).unwrap(), 4);
        assert_eq!(
            compress(&published.files, Existing::Keep).unwrap(),
            0,
            "nothing left to do"
        );
        let copy = &published.files[1];
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
        let folder = folder_of(published.bundle.js.as_deref().unwrap()).to_owned();
        let everything = [listing(&root, ""), listing(&root, &folder)].concat();
        assert!(
            everything.iter().all(|f| !f.contains(".tmp")),
            "no temporary file is left: {everything:?}"
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
        let root = site(&[
            ("other.js", b"x"),
            ("firstline.js", b"glue without its program"),
        ]);
        let published = publish(root.path()).unwrap();
        assert!(!published.bundle.complete());
        assert!(published.files.is_empty());
        let nothing = tempfile::tempdir().unwrap();
        let published = publish(nothing.path()).unwrap();
        assert!(published.files.is_empty(), "no pkg folder at all");
    }

    #[test]
    fn only_published_names_are_kept_for_a_year() {
        assert!(is_published("/pkg/0123456789abcdef/firstline.wasm"));
        assert!(is_published("/pkg/0123456789abcdef/split_policy.wasm"));
        assert!(is_published("/pkg/firstline.0123456789abcdef.css"));
        for path in [
            "/pkg/firstline.wasm",
            "/pkg/firstline.js",
            "/pkg/0123456789abcde/firstline.wasm",
            "/pkg/0123456789ABCDEF/firstline.wasm",
            "/pkg/0123456789abcdef/",
            "/pkg/0123456789abcdef/sub/firstline.js",
            "/pkg/0123456789abcdef/..",
            "/pkg/firstline.0123456789abcde.css",
            "/pkg/firstline.0123456789abcdef.html",
            "/pkg/other.0123456789abcdef.css",
            "/firstline.0123456789abcdef.css",
            "/pkg/sub/firstline.0123456789abcdef.css",
            "/",
        ] {
            assert!(!is_published(path), "{path}");
        }
        assert_eq!(in_pkg("/pkg/firstline.js"), Some("firstline.js"));
        assert_eq!(in_pkg("/pkgs/firstline.js"), None);
        assert_eq!(in_pkg("/api/v1/tickets"), None);
    }
}
