//! The browser bundle the page loads: the app compiled to wasm with its
//! JavaScript glue, the split loader that fetches each page's own wasm, and
//! the stylesheet, under `<site root>/pkg`.
//!
//! The server finds the files the site holds when it starts, publishes them
//! under names made of their content (`server/src/site/mod.rs`) and hands the result to
//! every page as a [`Bundle`] in context, so a page never asks for a file the
//! site does not have.

use leptos::prelude::*;

/// The bundle's files, as paths under the site (`/pkg/firstline.js`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bundle {
    pub js: Option<String>,
    pub wasm: Option<String>,
    pub css: Option<String>,
    /// The split loader the glue imports (`ui/routes.rs`), in a split build:
    /// preloaded beside the glue rather than found when the glue is read.
    pub loader: Option<String>,
}

impl Bundle {
    /// Whether the page can come to life: both the glue and the wasm are there.
    pub fn complete(&self) -> bool {
        self.js.is_some() && self.wasm.is_some()
    }
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
                {bundle.loader.map(|href| view! { <link rel="modulepreload" href=href crossorigin=nonce.clone() /> })}
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
