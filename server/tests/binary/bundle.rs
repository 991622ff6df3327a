//! The page a `firstline` binary serves names the browser bundle its site
//! root holds, under content-named copies that browsers keep for a year,
//! sent brotli- or gzip-compressed as the browser asks. This binary is built
//! by plain cargo (no cargo-leptos environment at build time).

use crate::process::{ServerProcess, agent_token, try_send_with};
use crate::sse::EventReader;
use firstline_app::api::EVENTS_PATH;
use http_body_util::BodyExt as _;
use hyper::body::Bytes;
use hyper::{HeaderMap, StatusCode, header};
use std::io::Read as _;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::BINARY;

/// A site root with these files under `pkg/`, each holding its own name
/// (repeated, so that compression has something to do).
fn site(files: &[&str]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("pkg")).unwrap();
    for file in files {
        std::fs::write(root.path().join("pkg").join(file), content(file)).unwrap();
    }
    root
}

fn content(file: &str) -> Vec<u8> {
    file.repeat(400).into_bytes()
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

/// A GET with these request headers: status, headers and the body as sent.
async fn get(
    addr: SocketAddr,
    token: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Bytes) {
    let response = try_send_with(addr, "GET", path, token, None, headers)
        .await
        .expect("the server answers");
    let (parts, body) = response.into_parts();
    (
        parts.status,
        parts.headers,
        body.collect().await.unwrap().to_bytes(),
    )
}

fn header_of(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .map_or("", |value| value.to_str().unwrap())
}

fn prepare(root: &Path) {
    let output = std::process::Command::new(BINARY)
        .args(["site", "prepare", "--site-root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn pages_name_content_named_copies_that_browsers_keep_for_a_year() {
    let db = crate::databases::sqlite().await;
    let token = agent_token(db.url()).await;
    // wasm-bindgen's own layout, as a build without cargo-leptos leaves it.
    let root = site(&["firstline.js", "firstline_bg.wasm", "firstline.css"]);
    let server = ServerProcess::start_with_site(BINARY, db.url(), root.path()).await;
    let (status, headers, page) = get(server.addr, &token, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CACHE_CONTROL), "no-cache");
    let page = String::from_utf8(page.to_vec()).unwrap();
    assert!(!page.contains("bundle-missing"));
    let references = bundle_references(&page);
    let program = references
        .iter()
        .find(|r| r.ends_with(".js"))
        .and_then(|js| js.strip_prefix("/pkg/")?.split_once('/'))
        .map(|(folder, _)| folder.to_owned())
        .unwrap_or_else(|| panic!("no program folder in {references:?}"));
    assert_eq!(program.len(), 16, "{references:?}");
    for (original, published) in [
        ("firstline.js", format!("/pkg/{program}/firstline.js")),
        (
            "firstline_bg.wasm",
            format!("/pkg/{program}/firstline_bg.wasm"),
        ),
        ("firstline.css", String::new()),
    ] {
        let named: Vec<_> = if published.is_empty() {
            references
                .iter()
                .filter(|r| r.starts_with("/pkg/firstline.") && r.ends_with(".css"))
                .inspect(|r| assert_eq!(r.len(), "/pkg/firstline..css".len() + 16, "{r}"))
                .collect()
        } else {
            references.iter().filter(|r| **r == published).collect()
        };
        assert!(!named.is_empty(), "{original} in {references:?}");
        for reference in named {
            let (status, headers, body) = get(server.addr, &token, reference, &[]).await;
            assert_eq!(status, StatusCode::OK, "{reference}");
            assert_eq!(
                body,
                content(original),
                "{reference} is the site's {original}"
            );
            assert_eq!(
                header_of(&headers, header::CACHE_CONTROL),
                "public, max-age=31536000, immutable",
                "{reference}"
            );
        }
    }
    // The file under its build name is still there, but asked for again.
    let (status, headers, _) = get(server.addr, &token, "/pkg/firstline.js", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CACHE_CONTROL), "no-cache");
    let (status, headers, _) = get(
        server.addr,
        &token,
        "/pkg/0000000000000000/firstline.js",
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown name is not kept");
    assert_eq!(header_of(&headers, header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn a_split_build_is_served_from_one_folder_that_holds_every_page_file() {
    let db = crate::databases::sqlite().await;
    let token = agent_token(db.url()).await;
    let queue = "split___queue_route_view_17.wasm";
    let loader_name = "__wasm_split.______________________.js";
    let root = site(&["firstline.js", "firstline.wasm", "chunk_3.wasm", queue]);
    let loader = format!(
        "import {{ initSync }} from \"./firstline.js\";\n\
         fetch(new URL(\"./chunk_3.wasm\", import.meta.url));\n\
         fetch(new URL(\"./{queue}\", import.meta.url));\n"
    );
    std::fs::write(root.path().join("pkg").join(loader_name), &loader).unwrap();
    let server = ServerProcess::start_with_site(BINARY, db.url(), root.path()).await;

    let (status, _, page) = get(server.addr, &token, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8(page.to_vec()).unwrap();
    let js = bundle_references(&page)
        .into_iter()
        .find(|r| r.ends_with("/firstline.js"))
        .unwrap();
    let folder = js.trim_end_matches("/firstline.js");
    assert!(
        page.contains(&format!(
            r#"rel="modulepreload" href="{folder}/{loader_name}""#
        )),
        "the loader is fetched beside the glue: {page}"
    );
    // The loader's relative names hold inside the folder, unchanged.
    for (file, body) in [
        ("chunk_3.wasm", content("chunk_3.wasm")),
        (queue, content(queue)),
        (loader_name, loader.into_bytes()),
    ] {
        let path = format!("{folder}/{file}");
        let (status, headers, got) = get(server.addr, &token, &path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(got, body, "{path}");
        assert_eq!(
            header_of(&headers, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_bundle_is_sent_as_the_browser_accepts_it_from_copies_made_once() {
    let db = crate::databases::sqlite().await;
    let token = agent_token(db.url()).await;
    let root = site(&["firstline.js", "firstline.wasm", "firstline.css"]);
    prepare(root.path());
    let server = ServerProcess::start_with_site(BINARY, db.url(), root.path()).await;
    let (_, _, page) = get(server.addr, &token, "/", &[]).await;
    let page = String::from_utf8(page.to_vec()).unwrap();
    let wasm = bundle_references(&page)
        .into_iter()
        .find(|r| r.ends_with(".wasm"))
        .unwrap();
    let copy = root.path().join(wasm.trim_start_matches('/'));
    for extension in ["br", "gz"] {
        assert!(
            Path::new(&format!("{}.{extension}", copy.display())).is_file(),
            "site prepare wrote the .{extension} copy"
        );
    }
    let original = content("firstline.wasm");

    let (status, headers, body) = get(
        server.addr,
        &token,
        &wasm,
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "br");
    assert!(
        header_of(&headers, header::VARY)
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    assert_eq!(
        header_of(&headers, header::CONTENT_TYPE),
        "application/wasm"
    );
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut unpacked).unwrap();
    assert_eq!(unpacked, original);
    assert!(body.len() < original.len() / 10, "{} bytes", body.len());

    let (_, headers, body) = get(server.addr, &token, &wasm, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "gzip");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, original);

    let (_, headers, body) = get(server.addr, &token, &wasm, &[]).await;
    assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "");
    assert_eq!(
        body, original,
        "a client that accepts nothing gets the file itself"
    );
}

#[tokio::test]
async fn a_server_started_on_a_fresh_build_compresses_it_in_the_background() {
    let db = crate::databases::sqlite().await;
    let token = agent_token(db.url()).await;
    let root = site(&["firstline.js", "firstline.wasm"]);
    let server = ServerProcess::start_with_site(BINARY, db.url(), root.path()).await;
    let (_, _, page) = get(server.addr, &token, "/", &[]).await;
    let page = String::from_utf8(page.to_vec()).unwrap();
    let js = bundle_references(&page)
        .into_iter()
        .find(|r| r.ends_with(".js"))
        .unwrap();
    // Until the copy is written the response is compressed on the fly.
    let (_, headers, _) = get(server.addr, &token, &js, &[("accept-encoding", "br")]).await;
    assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "br");
    let copy = format!(
        "{}.br",
        root.path().join(js.trim_start_matches('/')).display()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !Path::new(&copy).is_file() {
        assert!(Instant::now() < deadline, "{copy} was not written");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn pages_and_json_are_compressed_and_the_live_stream_is_not() {
    let db = crate::databases::sqlite().await;
    let token = agent_token(db.url()).await;
    let root = site(&["firstline.js", "firstline.wasm"]);
    let server = ServerProcess::start_with_site(BINARY, db.url(), root.path()).await;
    let accept = [("accept-encoding", "br, gzip")];
    for _ in 0..2 {
        crate::process::register(server.addr, &token).await;
    }
    let (status, headers, _) = get(server.addr, &token, "/", &accept).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "br");
    let (status, headers, _) = get(server.addr, &token, "/api/v1/tickets", &accept).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "br");

    let stream = try_send_with(server.addr, "GET", EVENTS_PATH, &token, None, &accept)
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(header_of(stream.headers(), header::CONTENT_ENCODING), "");
    // The stream's first event arrives at once, not when a compressor's
    // buffer fills.
    let mut events = EventReader::new(stream.into_body());
    events.ready(Duration::from_secs(5)).await;
    // And an event that happens later arrives while the stream stays open.
    crate::process::register(server.addr, &token).await;
    events.events("registered", 1, Duration::from_secs(5)).await;
}
