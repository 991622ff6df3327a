//! Firstline's shared crate.
//!
//! - [`domain`]: the procedure's rules, pure and shared by browser and server;
//! - [`api`]: the server functions the browser calls;
//! - [`texts`]: domain values and errors in words, for the pages and the
//!   server's JSON API alike;
//! - [`ui`]: the pages.
//!
//! Built with `ssr` for the server and with `hydrate` to wasm for the browser.

#![recursion_limit = "256"]

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod texts;
pub mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use ui::{App, shell};

/// The browser's entry point: attaches the app to the server-rendered page,
/// once the page's own view code (a lazy route, see `ui/routes.rs`) is loaded.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(App);
}

#[cfg(test)]
mod locale_tests {
    //! Every UI text exists in every language, with the same placeholders.

    use serde_json::Value;
    use std::collections::BTreeMap;

    /// Flattens a locale file into `dotted.key → placeholders`.
    fn keys(json: &str) -> BTreeMap<String, Vec<String>> {
        fn walk(prefix: &str, value: &Value, out: &mut BTreeMap<String, Vec<String>>) {
            match value {
                Value::Object(map) => {
                    for (key, value) in map {
                        let path = if prefix.is_empty() {
                            key.clone()
                        } else {
                            format!("{prefix}.{key}")
                        };
                        walk(&path, value, out);
                    }
                }
                Value::String(text) => {
                    let mut holes: Vec<String> = text
                        .split("{{")
                        .skip(1)
                        .filter_map(|rest| rest.split("}}").next())
                        .map(|name| name.trim().to_owned())
                        .collect();
                    holes.sort();
                    out.insert(prefix.to_owned(), holes);
                }
                other => panic!("{prefix}: unexpected value {other}"),
            }
        }
        let mut out = BTreeMap::new();
        walk(
            "",
            &serde_json::from_str(json).expect("locale file is JSON"),
            &mut out,
        );
        out
    }

    #[test]
    fn every_key_exists_in_english_and_chinese_with_the_same_placeholders() {
        let en = keys(include_str!("../locales/en.json"));
        let zh = keys(include_str!("../locales/zh-CN.json"));
        let missing_zh: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        let missing_en: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            missing_zh.is_empty(),
            "missing in zh-CN.json: {missing_zh:?}"
        );
        assert!(missing_en.is_empty(), "missing in en.json: {missing_en:?}");
        for (key, holes) in &en {
            assert_eq!(holes, &zh[key], "placeholders of {key} differ");
        }
    }

    #[test]
    fn the_key_check_notices_a_missing_key() {
        let en = keys(r#"{"a": "x", "b": {"c": "{{ n }}"}}"#);
        let zh = keys(r#"{"a": "x"}"#);
        assert!(en.keys().any(|k| !zh.contains_key(k)));
        assert_eq!(en["b.c"], ["n"]);
    }
}
