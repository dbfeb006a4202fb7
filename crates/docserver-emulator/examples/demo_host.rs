//! A minimal host to try the emulator by hand, and a template for integrators: serves one file,
//! an editor page with a signed config, and a callback that logs what the DS sends.
//!
//! ```text
//! docserver-emulator --listen 127.0.0.1:8090 --jwt-secret SECRET &
//! cargo run -p docserver-emulator --example demo_host -- http://127.0.0.1:8090 SECRET ../shared/fixtures/office/test.docx
//! # open http://127.0.0.1:8091/ in a browser
//! ```

use std::io::Read as _;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use onlyoffice::jwt::JwtSettings;
use serde_json::{Value, json};

struct Demo {
    ds: String,
    jwt: JwtSettings,
    file: std::path::PathBuf,
    host: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let ds = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:8090".into());
    let secret = args.next().unwrap_or_else(|| "SECRET".into());
    let file = args
        .next()
        .unwrap_or_else(|| "../shared/fixtures/office/test.docx".into());
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:8091".into());
    let demo = Arc::new(Demo {
        ds: ds.trim_end_matches('/').to_owned(),
        jwt: JwtSettings::new(secret),
        file: file.into(),
        host: format!("http://{listen}"),
    });
    let app = axum::Router::new()
        .route("/", get(page))
        .route("/file", get(serve_file))
        .route("/callback", post(callback))
        .with_state(demo);
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("demo host on http://{listen}/");
    axum::serve(listener, app).await?;
    Ok(())
}

async fn page(axum::extract::State(demo): axum::extract::State<Arc<Demo>>) -> Html<String> {
    let key = std::env::var("DEMO_KEY").unwrap_or_else(|_| "demo-001".into());
    let ext = demo
        .file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("docx")
        .to_owned();
    let mut config = json!({
        "document": {
            "fileType": ext, "key": key, "title": format!("Demo.{ext}"),
            "url": format!("{}/file", demo.host), "permissions": {"edit": true},
        },
        "editorConfig": {
            "mode": "edit", "callbackUrl": format!("{}/callback", demo.host),
            "user": {"id": "uid-1", "name": "Demo User"}, "customization": {"forcesave": true},
        },
    });
    config["token"] = Value::String(demo.jwt.sign(&config).unwrap_or_default());
    let config = config.to_string().replace("</", "<\\/");
    Html(format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Demo host</title>
<script src="{ds}/web-apps/apps/api/documents/api.js"></script></head>
<body><div style="height:70vh"><div id="placeholder"></div></div><pre id="events"></pre>
<script>
var log = function (name) {{ return function (e) {{
  document.getElementById('events').textContent += name + ' ' + JSON.stringify(e.data === undefined ? null : e.data) + '\n';
}}; }};
var config = {config};
config.events = {{
  onAppReady: log('onAppReady'), onDocumentReady: log('onDocumentReady'), onInfo: log('onInfo'),
  onDocumentStateChange: log('onDocumentStateChange'), onError: log('onError'), onWarning: log('onWarning'),
  onMetaChange: log('onMetaChange'),
  onRequestClose: function (e) {{ log('onRequestClose')(e); window.docEditor.destroyEditor(); }}
}};
window.docEditor = new DocsAPI.DocEditor('placeholder', config);
</script></body></html>"#,
        ds = demo.ds
    ))
}

async fn serve_file(
    axum::extract::State(demo): axum::extract::State<Arc<Demo>>,
) -> impl IntoResponse {
    let mut bytes = Vec::new();
    if let Ok(mut file) = std::fs::File::open(&demo.file) {
        file.read_to_end(&mut bytes).ok();
    }
    ([(header::CONTENT_TYPE, "application/octet-stream")], bytes)
}

async fn callback(
    axum::extract::State(demo): axum::extract::State<Arc<Demo>>,
    body: Bytes,
) -> Json<Value> {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let token = body["token"].as_str().unwrap_or_default();
    let verified = demo.jwt.verify::<Value>(token).is_ok();
    println!(
        "callback status {} (token ok: {verified}): {}",
        body["status"], body
    );
    Json(json!({"error": 0}))
}
