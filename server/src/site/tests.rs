//! The publishing rules, on site roots in temporary folders.

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
