//! Serving the gateway from every worker thread, so requests run where the engines live.

use std::future::Future;
use std::time::Duration;

use hyper_util::rt::TokioIo;
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::sync::{mpsc, watch};

use crate::host::Host;

// How long open connections may take to finish after shutdown starts.
const DRAIN: Duration = Duration::from_secs(30);

/// Runs HTTP/2 connection tasks on the worker's local set, next to its engines.
#[derive(Clone, Copy)]
struct LocalExec;

impl<F: Future + 'static> hyper::rt::Executor<F> for LocalExec {
    fn execute(&self, fut: F) {
        tokio::task::spawn_local(fut);
    }
}

pub(crate) async fn serve(
    host: Host,
    listener: std::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let router = host.router();
    let (stop_tx, stop_rx) = watch::channel(false);
    // Every accept loop and connection holds a sender; recv() returns None once all are gone.
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    for index in 0..host.workers().len() {
        let listener = listener.try_clone()?;
        let router = router.clone();
        let stop = stop_rx.clone();
        let alive = alive_tx.clone();
        host.workers()
            .run_on(
                index,
                Box::new(move || {
                    tokio::task::spawn_local(accept_loop(listener, router, stop, alive));
                }),
            )
            .map_err(std::io::Error::other)?;
    }
    drop(alive_tx);
    drop(listener);
    shutdown.await;
    tracing::info!("shutting down: no new connections, waiting for open ones");
    let _ = stop_tx.send(true);
    if tokio::time::timeout(DRAIN, alive_rx.recv()).await.is_err() {
        tracing::warn!("connections still open after {DRAIN:?}; closing them");
    }
    Ok(())
}

async fn accept_loop(
    listener: std::net::TcpListener,
    router: axum::Router,
    mut stop: watch::Receiver<bool>,
    alive: mpsc::Sender<()>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("cannot register the listener on a worker: {e}");
            return;
        }
    };
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::task::spawn_local(connection(stream, router.clone(), stop.clone(), alive.clone()));
                }
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            _ = stop.changed() => break,
        }
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    router: axum::Router,
    mut stop: watch::Receiver<bool>,
    _alive: mpsc::Sender<()>,
) {
    let service = TowerToHyperService::new(router);
    let builder = auto::Builder::new(LocalExec);
    let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::debug!("connection ended: {e}");
            }
        }
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
