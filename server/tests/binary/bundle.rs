//! The page a `firstline` binary serves names exactly the browser bundle its
//! site root holds, however the binary was built. This binary is built by
//! plain cargo (no cargo-leptos environment at build time).

use crate::process::{ServerProcess, agent_token, send};
use http_body_util::BodyExt as _;
use hyper::StatusCode;

use crate::BINARY;

/// A site root with these files under `pkg/`, each holding its own name.
fn site(files: &[&str]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("pkg")).unwrap();
    for file in files {
        std::fs::write(root.path().join("pkg").join(file), file).unwrap();
    }
    root
}

/// The page's `/pkg/…` references, in order.
fn bundle_references(page: &str) -> Vec<String> {
    page.match_indices("/pkg/")
        .map(|(at, _)| {
            page[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
                .collect()
        })
        .collect()
}

async fn get(server: &ServerProcess, token: &str, path: &str) -> (StatusCode, String) {
    let response = send(server.addr, "GET", path, token, None).await;
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn a_binary_built_by_plain_cargo_names_the_bundle_its_site_holds() {
    let db = crate::databases::sqlite().await;
    let token = agent_token(db.url()).await;
    // wasm-bindgen's own layout, as a build without cargo-leptos leaves it.
    let root = site(&["firstline.js", "firstline_bg.wasm", "firstline.css"]);
    let server = ServerProcess::start_with_site(BINARY, db.url(), root.path()).await;
    let (status, page) = get(&server, &token, "/").await;
    assert_eq!(status, StatusCode::OK);
    let references = bundle_references(&page);
    for file in [
        "/pkg/firstline.js",
        "/pkg/firstline_bg.wasm",
        "/pkg/firstline.css",
    ] {
        assert!(
            references.iter().any(|r| r == file),
            "{file} in {references:?}"
        );
    }
    for reference in &references {
        let (status, body) = get(&server, &token, reference).await;
        assert_eq!(status, StatusCode::OK, "{reference}");
        assert!(
            reference.ends_with(&body),
            "{reference} is the site's own file"
        );
    }
    assert!(!page.contains("bundle-missing"));
}

#[tokio::test]
async fn a_site_without_a_bundle_says_so_on_every_page() {
    let db = crate::databases::sqlite().await;
    let token = agent_token(db.url()).await;
    let root = site(&[]);
    let server = ServerProcess::start_with_site(BINARY, db.url(), root.path()).await;
    let (status, page) = get(&server, &token, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("class=\"bundle-missing\""), "{page}");
    assert!(
        bundle_references(&page).is_empty(),
        "nothing is asked for that is not there"
    );
}
