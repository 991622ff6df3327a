//! Serves the hello-world page. Its bundle is sent from brotli and gzip
//! copies made beforehand (`firstline site compress`), as Firstline sends its
//! own, so that the two are compared over the wire on equal terms.

use axum::Router;
use hello_app::{App, shell};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::services::ServeDir;

#[tokio::main]
async fn main() {
    let options = get_configuration(None).expect("configuration").leptos_options;
    let addr = options.site_addr;
    let routes = generate_route_list(App);
    let pkg = ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options);
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
