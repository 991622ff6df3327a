//! The browser bundle the page loads: the files the site root holds, named
//! as they are found there, however the server binary was built.
//!
//! The bundle is the app compiled to wasm with its JavaScript glue and the
//! stylesheet, under `<site root>/pkg`. cargo-leptos names the wasm
//! `firstline.wasm`; wasm-bindgen on its own names it `firstline_bg.wasm`;
//! a build with hashed names adds the hash (`firstline.1f3a….wasm`). The
//! server looks at what is there when it renders the page and names exactly
//! those files, so a page never asks for a file the site does not have.

use leptos::prelude::*;

/// The bundle's files, as paths under the site (`/pkg/firstline.js`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bundle {
    pub js: Option<String>,
    pub wasm: Option<String>,
    pub css: Option<String>,
}

impl Bundle {
    /// The bundle in `<site_root>/<pkg_dir>`, for the output `name`.
    #[cfg(feature = "ssr")]
    pub fn find(site_root: &str, pkg_dir: &str, name: &str) -> Self {
        let dir = std::path::Path::new(site_root).join(pkg_dir);
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|file| safe_name(file))
            .collect();
        files.sort();
        let pick = |extension: &str| {
            files
                .iter()
                .find(|file| is_part(file, name, extension))
                .map(|file| format!("/{pkg_dir}/{file}"))
        };
        Self {
            js: pick("js"),
            wasm: pick("wasm"),
            css: pick("css"),
        }
    }

    /// Whether the page can come to life: both the glue and the wasm are there.
    pub fn complete(&self) -> bool {
        self.js.is_some() && self.wasm.is_some()
    }
}

/// Only plain file names go into the page: letters, digits, `.`, `_`, `-`.
#[cfg(feature = "ssr")]
fn safe_name(file: &str) -> bool {
    !file.is_empty()
        && file
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Whether `file` is the bundle's file of this extension: `name.ext`,
/// `name_bg.ext` or `name.<hash>.ext` (a hash of letters and digits).
#[cfg(feature = "ssr")]
fn is_part(file: &str, name: &str, extension: &str) -> bool {
    let Some(stem) = file
        .strip_suffix(extension)
        .and_then(|s| s.strip_suffix('.'))
    else {
        return false;
    };
    let Some(rest) = stem.strip_prefix(name) else {
        return false;
    };
    rest.is_empty()
        || rest == "_bg"
        || rest
            .strip_prefix('.')
            .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The stylesheet, the bundle's preloads and the script that starts the app
/// in the browser. Without a complete bundle the page says so, in both
/// languages (the interface's language is not known yet at this point).
#[component]
pub fn BundleScripts(bundle: Bundle) -> impl IntoView {
    let nonce = use_nonce();
    let css = bundle
        .css
        .clone()
        .map(|href| view! { <link rel="stylesheet" id="leptos" href=href /> });
    let scripts = match (bundle.js, bundle.wasm) {
        (Some(js), Some(wasm)) => {
            let start = format!(
                "import init, {{ hydrate }} from \"{js}\"; \
                 init({{ module_or_path: \"{wasm}\" }}).then(() => hydrate());"
            );
            Some(view! {
                <link rel="modulepreload" href=js crossorigin=nonce.clone() />
                <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
                <script type="module" nonce=nonce>{start}</script>
            })
        }
        _ => None,
    };
    view! { {css} {scripts} }
}

/// Shown at the top of every page when the site has no complete bundle.
#[component]
pub fn BundleMissing() -> impl IntoView {
    view! {
        <p class="bundle-missing" role="alert">
            "This server has no browser bundle: live clocks, the stepper and live updates do not work. "
            "Build it with ./scripts/run.sh. · "
            "此服务器缺少浏览器程序包：实时倒计时、步骤引导和实时更新不可用。请用 ./scripts/run.sh 构建。"
        </p>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// A site root holding these (empty) files under `pkg/`.
    fn site(files: &[&str]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("pkg")).unwrap();
        for file in files {
            std::fs::write(root.path().join("pkg").join(file), b"").unwrap();
        }
        root
    }

    fn found(root: &tempfile::TempDir) -> Bundle {
        Bundle::find(root.path().to_str().unwrap(), "pkg", "firstline")
    }

    #[test]
    fn the_files_are_named_as_the_site_holds_them() {
        let cargo_leptos = site(&["firstline.js", "firstline.wasm", "firstline.css"]);
        assert_eq!(
            found(&cargo_leptos),
            Bundle {
                js: Some("/pkg/firstline.js".into()),
                wasm: Some("/pkg/firstline.wasm".into()),
                css: Some("/pkg/firstline.css".into()),
            }
        );
        let wasm_bindgen = site(&["firstline.js", "firstline_bg.wasm"]);
        assert_eq!(
            found(&wasm_bindgen).wasm.as_deref(),
            Some("/pkg/firstline_bg.wasm")
        );
        let hashed = site(&["firstline.a1b2c3.js", "firstline.d4e5f6.wasm", "other.js"]);
        let bundle = found(&hashed);
        assert_eq!(bundle.js.as_deref(), Some("/pkg/firstline.a1b2c3.js"));
        assert_eq!(bundle.wasm.as_deref(), Some("/pkg/firstline.d4e5f6.wasm"));
    }

    #[test]
    fn an_empty_site_has_no_bundle_and_strange_names_are_not_taken() {
        assert!(!found(&site(&[])).complete());
        let strange = site(&["firstline.js", "firstline.x\"y.wasm", "firstline..wasm"]);
        let bundle = found(&strange);
        assert_eq!(bundle.wasm, None);
        assert!(!bundle.complete());
    }
}
