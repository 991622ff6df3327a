//! Builds the application from its configuration: the store, the desk
//! service, the router and the bound listener. `main` and the tests share it.

use crate::config::ServeConfig;
use crate::desk::{Desk, SystemClock};
use crate::http;
use crate::store::{PostgresStore, SqliteStore, Store};
use anyhow::{Context as _, bail};
use axum::{Router, extract::FromRef};
use firstline_app::{App, api::DeskApi, shell};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes as _, generate_route_list};
use std::{future::Future, net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Where the browser bundle lives and how pages are rendered.
    pub leptos: LeptosOptions,
    /// The desk service.
    pub desk: Arc<Desk>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// A built application, bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    desk: Arc<Desk>,
}

impl Application {
    /// Opens (and migrates) the database, builds the service and binds the
    /// listener. Port 0 picks a free port; see [`Application::local_addr`].
    pub async fn build(config: &ServeConfig) -> anyhow::Result<Self> {
        let store = open_store(&config.database.url()?).await?;
        let desk = Arc::new(Desk::new(
            store,
            Arc::new(SystemClock),
            config.utc_offset()?,
        ));
        let router = router(desk.clone(), leptos_options(config));
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("Failed to listen on {}", config.addr))?;
        Ok(Self {
            listener,
            router,
            desk,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` completes, then lets running requests finish
    /// and closes the database, so nothing is left half-written.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .context("The server failed")?;
        self.desk.store().close().await;
        tracing::info!("Firstline stopped");
        Ok(())
    }
}

/// Opens the store the URL names, running its migrations.
pub async fn open_store(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(PostgresStore::connect(url).await?))
    } else {
        bail!("unsupported DATABASE_URL: use sqlite://… or postgres://…")
    }
}

/// Leptos's settings, from Firstline's configuration rather than from
/// cargo-leptos's build-time environment, so the binary runs on its own.
pub fn leptos_options(config: &ServeConfig) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("firstline")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(match std::env::var("LEPTOS_ENV").as_deref() {
            Ok("DEV") => Env::DEV,
            _ => Env::PROD,
        })
        .build()
}

/// The whole router: pages and server functions, the HTTP API, static files.
pub fn router(desk: Arc<Desk>, leptos: LeptosOptions) -> Router {
    let state = AppState {
        leptos: leptos.clone(),
        desk: desk.clone(),
    };
    let api: Arc<dyn DeskApi> = desk;
    let routes = generate_route_list(App);
    let router = Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(api.clone()),
            move || shell(leptos.clone()),
        )
        .merge(http::router())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell));
    http::layered(router).with_state(state)
}

/// Completes on ctrl-c or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "Failed to listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "Failed to listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("Shutting down: finishing running requests");
}
