//! Builds the application from its configuration: the database, the
//! services, the router and the bound listener. `main` and the tests share it.

use crate::accounts::Accounts;
use crate::config::ServeConfig;
use crate::desk::{Clock, Desk, Scheduler, SystemClock};
use crate::http::{self, AppState, Edge, Port, Sessions};
use crate::mail::MailSender;
use crate::site;
use crate::store::{Database, PostgresStore, SqliteStore};
use anyhow::{Context as _, bail};
use axum::Router;
use axum::handler::Handler as _;
use chrono::FixedOffset;
use firstline_app::domain::Language;
use firstline_app::ui::bundle::Bundle;
use firstline_app::{App, api::DeskApi, shell};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes as _, generate_route_list};
use std::path::Path;
use std::{future::Future, net::SocketAddr, sync::Arc, sync::LazyLock, time::Duration};
use tokio::net::TcpListener;
use tower_http::services::ServeDir;

/// An opened database: the store and the session store on the same pool.
pub struct Backend {
    pub db: Arc<dyn Database>,
    pub sessions: Sessions,
}

/// Opens the database the URL names, running its migrations (Firstline's and
/// the session table's).
pub async fn open_backend(url: &str) -> anyhow::Result<Backend> {
    let backend = if url.starts_with("sqlite:") {
        let store = SqliteStore::connect(url).await?;
        let sessions = Sessions::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(
            store.pool().clone(),
        ));
        Backend {
            db: Arc::new(store),
            sessions,
        }
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let store = PostgresStore::connect(url).await?;
        let sessions = Sessions::Postgres(tower_sessions_sqlx_store::PostgresStore::new(
            store.pool().clone(),
        ));
        Backend {
            db: Arc::new(store),
            sessions,
        }
    } else {
        bail!("unsupported DATABASE_URL: use sqlite://… or postgres://…")
    };
    backend
        .sessions
        .migrate()
        .await
        .context("Failed to create the session table")?;
    Ok(backend)
}

/// Opens the database the URL names, for commands that need no sessions.
pub async fn open_store(url: &str) -> anyhow::Result<Arc<dyn Database>> {
    Ok(open_backend(url).await?.db)
}

/// The services over one database and clock.
pub struct Services {
    pub desk: Arc<Desk>,
    pub accounts: Arc<Accounts>,
}

impl Services {
    /// Builds the desk and accounts services.
    pub fn new(
        db: Arc<dyn Database>,
        clock: Arc<dyn Clock>,
        utc_offset: FixedOffset,
        language: Language,
    ) -> Self {
        Self::with_desk(
            Desk::new(db.clone(), clock.clone(), utc_offset).speaking(language),
            db,
            clock,
        )
    }

    /// The services around a desk built by the caller.
    pub fn with_desk(desk: Desk, db: Arc<dyn Database>, clock: Arc<dyn Clock>) -> Self {
        Self {
            desk: Arc::new(desk),
            accounts: Arc::new(Accounts::new(db, clock)),
        }
    }
}

/// A built application, bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    desk: Arc<Desk>,
    scheduler: Scheduler,
    sender: Option<MailSender>,
}

impl Application {
    /// Opens (and migrates) the database, builds the services, creates the
    /// first administrator if the environment asks for one, and binds the
    /// listener. Port 0 picks a free port; see [`Application::local_addr`].
    pub async fn build(config: &ServeConfig) -> anyhow::Result<Self> {
        let backend = open_backend(&config.database.url()?).await?;
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("Failed to listen on {}", config.addr))?;
        let mailer = config.mailer(listener.local_addr()?)?;
        if mailer.is_none() {
            tracing::info!(
                "no SMTP server is configured (--smtp-url): messages to reporters are recorded as not sent"
            );
        }
        let desk = Desk::new(backend.db.clone(), clock.clone(), config.utc_offset()?)
            .speaking(config.desk_language)
            .with_links(config.link_key()?, config.link_lifetime())
            .sending_mail(mailer.is_some());
        let services = Services::with_desk(desk, backend.db, clock);
        first_admin(&services.accounts, config).await?;
        tokio::spawn(
            backend
                .sessions
                .clone()
                .delete_expired_forever(Duration::from_secs(600)),
        );
        let leptos = leptos_options(config);
        let bundle = publish_site(&config.site_root);
        let desk = services.desk.clone();
        tokio::spawn({
            let desk = desk.clone();
            async move { desk.index_unindexed().await }
        });
        let scheduler = Scheduler::start(desk.clone(), config.sla_interval());
        let sender = mailer.map(|mailer| {
            MailSender::start(
                desk.clone(),
                Arc::new(mailer),
                desk.outbox_wake(),
                config.sender_settings(),
            )
        });
        let router = router(services, backend.sessions, leptos, config.edge(), bundle);
        Ok(Self {
            listener,
            router,
            desk,
            scheduler,
            sender,
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
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Live streams never finish by themselves: end them, or the
        // graceful shutdown would wait for their clients for ever.
        let desk = self.desk.clone();
        let shutdown = async move {
            shutdown.await;
            desk.end_streams();
        };
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await
            .context("The server failed")?;
        self.scheduler.stop().await;
        if let Some(sender) = self.sender {
            sender.stop().await;
        }
        self.desk.store().close().await;
        tracing::info!("Firstline stopped");
        Ok(())
    }
}

/// Creates the first administrator from `FIRSTLINE_ADMIN_PASSWORD` (login
/// `FIRSTLINE_ADMIN_LOGIN`, default `admin`) when no account exists yet;
/// otherwise says how to create one.
async fn first_admin(accounts: &Accounts, config: &ServeConfig) -> anyhow::Result<()> {
    if accounts.has_users().await? {
        return Ok(());
    }
    match (
        config.admin_login.as_deref().unwrap_or("admin"),
        &config.admin_password,
    ) {
        (login, Some(password)) => {
            let user = accounts
                .create_admin(login, "Administrator", password)
                .await
                .map_err(|e| anyhow::anyhow!("FIRSTLINE_ADMIN_LOGIN/PASSWORD: {e}"))?;
            tracing::info!(login = %user.login, "Created the first administrator from the environment");
        }
        (_, None) => tracing::warn!(
            "No accounts exist yet. Create the first administrator with \
             `./scripts/run.sh admin create` (or start once with FIRSTLINE_ADMIN_PASSWORD set), \
             then sign in at /login as admin"
        ),
    }
    Ok(())
}

/// Publishes the site's bundle under content-named files and compresses
/// what a build left uncompressed, in the background ([`site`]). A site that
/// cannot be written to is served as it is.
fn publish_site(site_root: &Path) -> Bundle {
    let published = match site::publish(site_root) {
        Ok(published) => published,
        Err(error) => {
            tracing::warn!(
                site_root = %site_root.display(),
                %error,
                "The bundle could not be published under content-named files; \
                 browsers will ask for it again on every visit"
            );
            return site::built(site_root);
        }
    };
    if !published.bundle.complete() {
        tracing::warn!(
            site_root = %site_root.display(),
            "The site root holds no browser bundle (pkg/firstline.js and its .wasm): \
             pages will not come to life in the browser. Build it with ./scripts/run.sh"
        );
    }
    let files = published.files;
    tokio::task::spawn_blocking(move || match site::compress(&files, site::Existing::Keep) {
        Ok(0) => {}
        Ok(written) => tracing::info!(written, "Compressed copies of the bundle written"),
        Err(error) => tracing::warn!(%error, "The bundle's compressed copies could not be written"),
    });
    published.bundle
}

/// Leptos's settings, from Firstline's configuration rather than from
/// cargo-leptos's build-time environment, so the binary runs on its own.
pub fn leptos_options(config: &ServeConfig) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(site::NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir(site::PKG_DIR)
        .site_addr(config.addr)
        .env(match std::env::var("LEPTOS_ENV").as_deref() {
            Ok("DEV") => Env::DEV,
            _ => Env::PROD,
        })
        .build()
}

/// The whole router: pages and server functions, the HTTP API, static files,
/// and the layers around them. Pages name `bundle`'s files.
pub fn router(
    services: Services,
    sessions: Sessions,
    leptos: LeptosOptions,
    edge: Edge,
    bundle: Bundle,
) -> Router {
    let state = AppState::new(
        leptos.clone(),
        services.desk.clone(),
        services.accounts.clone(),
        edge.secure_cookies,
    );
    let port: Arc<dyn DeskApi> = Arc::new(Port {
        desk: services.desk,
        accounts: services.accounts,
    });
    let page_context = {
        let bundle = bundle.clone();
        move || {
            provide_context(port.clone());
            provide_context(bundle.clone());
        }
    };
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        move || provide_context(bundle.clone()),
        shell,
    );
    let static_files = ServeDir::new(&*leptos.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(not_found.with_state(state.clone()));
    let routes = route_list();
    let router = Router::new()
        .leptos_routes_with_context(&state, routes, page_context, move || shell(leptos.clone()))
        .merge(http::router())
        .fallback_service(static_files);
    http::layered(router, &state, sessions, edge.trusted_proxies).with_state(state)
}

/// The pages' routes, worked out once per process. Leptos finds them by
/// running the app with resource loading switched off process-wide; doing
/// that while another router already renders pages would leave that page's
/// resources waiting forever (leptos-rs/leptos#4773), so it happens once,
/// before any router exists.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    ROUTES.clone()
}

/// The paths of every page, for tests that walk them.
pub fn page_paths() -> Vec<String> {
    route_list()
        .iter()
        .map(|route| route.path().to_owned())
        .collect()
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
