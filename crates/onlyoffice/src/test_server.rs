//! A small local HTTP server for the client tests: records every request and answers with a
//! canned JSON body chosen by the test.

use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, Uri},
    routing::any,
};
use serde_json::Value;
use url::Url;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) uri: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Value,
}

type Responder = dyn Fn(usize, &Value) -> (u16, Value) + Send + Sync;

#[derive(Clone)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    respond: Arc<Responder>,
}

/// A running server; requests are in [`TestServer::requests`].
#[derive(Debug)]
pub(crate) struct TestServer {
    pub(crate) base: Url,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Starts a server on 127.0.0.1:0. `respond(n, body)` answers the `n`th request (from 0).
    pub(crate) async fn start(
        respond: impl Fn(usize, &Value) -> (u16, Value) + Send + Sync + 'static,
    ) -> Self {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            requests: requests.clone(),
            respond: Arc::new(respond),
        };
        let app = Router::new().fallback(any(record)).with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/ds", listener.local_addr().unwrap())
            .parse()
            .unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { base, requests }
    }

    /// The requests received so far.
    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn record(
    State(shared): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let n = {
        let mut requests = shared.requests.lock().unwrap();
        requests.push(Recorded {
            uri: uri.to_string(),
            headers,
            body: body.clone(),
        });
        requests.len() - 1
    };
    let (status, answer) = (shared.respond)(n, &body);
    (StatusCode::from_u16(status).unwrap(), Json(answer))
}
