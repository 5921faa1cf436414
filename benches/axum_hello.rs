//! The HTTP baseline: a raw axum hello-world, the server `benches/http-load.sh` compares against.
//!
//! `axum-hello [ADDR]` (default `127.0.0.1:8002`).

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8002".into());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
