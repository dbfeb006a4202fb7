//! A round-robin HTTP proxy: the load balancer in front of a test cluster. Each request goes to
//! the next backend in turn, bodies streamed both ways, so consecutive callbacks and downloads
//! from the Document Server land on different Bureau processes.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::StatusCode,
    response::Response,
};
use futures_util::TryStreamExt as _;
use tokio::net::TcpListener;

#[derive(Debug)]
struct Shared {
    backends: Vec<String>,
    next: AtomicUsize,
    served: Vec<AtomicUsize>,
}

/// A running proxy.
#[derive(Debug, Clone)]
pub struct RoundRobin {
    shared: Arc<Shared>,
}

impl RoundRobin {
    /// Starts a proxy on `listener` (bound by the caller, so its URL can be configured first).
    pub fn start(listener: TcpListener, backends: Vec<String>) -> Self {
        let shared = Arc::new(Shared {
            served: backends.iter().map(|_| AtomicUsize::new(0)).collect(),
            backends,
            next: AtomicUsize::new(0),
        });
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { shared }
    }

    /// How many requests each backend received.
    pub fn served(&self) -> Vec<usize> {
        let counts = self.shared.served.iter();
        counts.map(|n| n.load(Ordering::SeqCst)).collect()
    }
}

async fn forward(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let i = shared.next.fetch_add(1, Ordering::SeqCst) % shared.backends.len();
    shared.served[i].fetch_add(1, Ordering::SeqCst);
    let (parts, body) = request.into_parts();
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut headers = parts.headers;
    headers.remove(http::header::HOST);
    let upstream = reqwest::Client::new()
        .request(parts.method, format!("{}{path}", shared.backends[i]))
        .headers(headers)
        .body(reqwest::Body::wrap_stream(body.into_data_stream()))
        .send()
        .await;
    let Ok(upstream) = upstream else {
        return Response::builder()
            .status(StatusCode::BAD_GATEWAY)
            .body(Body::empty())
            .unwrap_or_default();
    };
    let mut response = Response::builder().status(upstream.status());
    for (name, value) in upstream.headers() {
        response = response.header(name, value);
    }
    let stream = upstream.bytes_stream().map_err(std::io::Error::other);
    response.body(Body::from_stream(stream)).unwrap_or_default()
}
