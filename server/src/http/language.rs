//! The language of a request, and `GET /lang/{locale}`, the switch that works
//! without JavaScript: it remembers the choice in the cookie the i18n layer
//! reads, and goes back to the page it came from.

use super::Endpoint;
use axum::{
    extract::{Path, Query},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use firstline_app::api::local_path;
use firstline_app::i18n::{I18nLocaleTrait as _, Locale};
use serde::Deserialize;

/// The cookie leptos_i18n reads and writes.
const COOKIE: &str = "i18n_pref_locale";

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("GET", "/lang/{locale}", get(switch))]
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

async fn switch(Path(locale): Path<String>, Query(back): Query<Back>) -> Response {
    let Some(locale) = [Locale::en, Locale::zh_CN]
        .into_iter()
        .find(|l| l.as_str() == locale)
    else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    // Only paths on this site: anything else would be an open redirect.
    let back = back
        .back
        .as_deref()
        .and_then(local_path)
        .unwrap_or("/")
        .to_owned();
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.as_str()
    );
    let (Ok(location), Ok(cookie)) = (HeaderValue::from_str(&back), HeaderValue::from_str(&cookie))
    else {
        return (StatusCode::BAD_REQUEST, "bad return address").into_response();
    };
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// The language of an API request: the cookie if set, else the first
/// language of `Accept-Language` Firstline speaks, else English.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| {
            pair.trim()
                .strip_prefix(COOKIE)
                .and_then(|rest| rest.strip_prefix('='))
        })
        .find_map(|value| {
            [Locale::en, Locale::zh_CN]
                .into_iter()
                .find(|l| l.as_str() == value)
        });
    cookie.unwrap_or_else(|| {
        let mut ranges: Vec<(f32, &str)> = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(',')
            .filter_map(|range| {
                let mut parts = range.trim().split(";q=");
                let tag = parts.next()?.trim();
                let q = parts.next().map_or(Some(1.0), |q| q.trim().parse().ok())?;
                Some((q, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges
            .iter()
            .find_map(|(_, tag)| {
                let tag = tag.to_ascii_lowercase();
                if tag.starts_with("zh") {
                    Some(Locale::zh_CN)
                } else if tag.starts_with("en") {
                    Some(Locale::en)
                } else {
                    None
                }
            })
            .unwrap_or(Locale::en)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(accept: &str, cookie: Option<&str>) -> Locale {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(accept).unwrap(),
        );
        if let Some(cookie) = cookie {
            headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        }
        request_locale(&headers)
    }

    #[test]
    fn accept_language_picks_the_preferred_known_language() {
        assert_eq!(locale("zh-CN,zh;q=0.9,en;q=0.8", None), Locale::zh_CN);
        assert_eq!(locale("fr-FR, en;q=0.5, zh;q=0.7", None), Locale::zh_CN);
        assert_eq!(locale("en-GB,zh;q=0.1", None), Locale::en);
        assert_eq!(locale("de", None), Locale::en);
    }

    #[test]
    fn the_language_cookie_overrides_accept_language() {
        assert_eq!(
            locale("en", Some("a=b; i18n_pref_locale=zh-CN")),
            Locale::zh_CN
        );
        assert_eq!(locale("zh", Some("i18n_pref_locale=en")), Locale::en);
    }
}
