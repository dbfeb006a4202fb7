//! The Conversion service, `POST /converter` (JSON) and `GET|POST /ConvertService.ashx` (XML
//! unless `Accept: application/json`) (protocol doc §4, Appendix A.3).
//!
//! The source is downloaded like `document.url` and converted by x2t; the result is cached by
//! `conv_<key>_<output format>` and served as a signed link whose origin is the request's host.
//! `async: true` answers at once with `{"percent":0,"endConvert":false}` until done (the DS only
//! ever reports 0 or 100). Errors: -8 token, -7 input, -4 download, -3 conversion, -5 password,
//! -10 size limit, -2 timeout. HTTP status is always 200.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use onlyoffice::DocKey;
use onlyoffice::conversion::{ConversionErrorCode, ConversionResponse};
use serde_json::Value;
use tokio::sync::Notify;

use crate::download;
use crate::inbound;
use crate::state::{Shared, lock};
use crate::x2t::{Job as X2tJob, Thumbnail};
use crate::x2t_formats::{self, Family};

/// The state of one conversion.
#[derive(Debug, Clone)]
enum JobState {
    Running,
    Done {
        rel: String,
        file_name: String,
        ext: String,
    },
    Failed(i64),
}

/// Conversion jobs by `conv_<key>_<format>`.
#[derive(Debug, Default)]
pub struct Conversions {
    jobs: Mutex<HashMap<String, JobState>>,
    changed: Notify,
}

/// A validated request.
struct Request {
    doc_id: String,
    url: String,
    from_ext: String,
    out_ext: String,
    out_code: u32,
    file_name: String,
    password: Option<String>,
    thumbnail: Option<Thumbnail>,
    code_page: Option<u32>,
    delimiter: Option<u32>,
    asynchronous: bool,
}

/// Handles one request; `origin` is the DS origin as the caller addressed it.
pub async fn handle(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    body: &[u8],
    query: &str,
    origin: &url::Url,
) -> ConversionResponse {
    let request = match inbound::params(shared, headers, body, query) {
        Ok(params) => parse(&params),
        Err(_) => Err(-8),
    };
    let request = match request {
        Ok(request) => request,
        Err(code) => return failed(code),
    };
    let started = {
        let mut jobs = lock(&shared.conversions.jobs);
        let fresh = !jobs.contains_key(&request.doc_id);
        if fresh {
            jobs.insert(request.doc_id.clone(), JobState::Running);
        }
        fresh
    };
    let asynchronous = request.asynchronous;
    let doc_id = request.doc_id.clone();
    if started {
        let shared = Arc::clone(shared);
        tokio::spawn(async move { run(&shared, request).await });
    }
    loop {
        let notified = shared.conversions.changed.notified();
        let state = lock(&shared.conversions.jobs).get(&doc_id).cloned();
        match state {
            Some(JobState::Done {
                rel,
                file_name,
                ext,
            }) => {
                let url =
                    shared
                        .storage
                        .signed_url(origin, &rel, &file_name, shared.config.url_expires);
                return ConversionResponse {
                    error: None,
                    file_url: Some(url),
                    file_type: Some(ext),
                    percent: Some(100),
                    end_convert: Some(true),
                };
            }
            Some(JobState::Failed(code)) => return failed(code),
            _ if asynchronous => {
                return ConversionResponse {
                    percent: Some(0),
                    end_convert: Some(false),
                    ..Default::default()
                };
            }
            _ => notified.await,
        }
    }
}

fn failed(code: i64) -> ConversionResponse {
    ConversionResponse {
        error: Some(ConversionErrorCode::from_code(code)),
        ..Default::default()
    }
}

/// Validates the parameters (`-7` for bad input, as `converterservice.js:261-445`).
fn parse(p: &Value) -> Result<Request, i64> {
    let text = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| p.get(*n))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let key = text(&["key"]).unwrap_or_else(|| DocKey::generate().to_string());
    DocKey::parse(key.as_str()).map_err(|_| -7)?;
    let url = text(&["url"]).ok_or(-7)?;
    let from_ext = text(&["filetype", "fileType"])
        .or_else(|| {
            url.split(['?', '#'])
                .next()?
                .rsplit_once('.')
                .map(|(_, e)| e.to_owned())
        })
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !from_ext.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(-7);
    }
    let family = Family::of_ext(&from_ext).ok_or(-3)?;
    let out_ext = match text(&["outputtype", "outputType"])
        .ok_or(-7)?
        .to_ascii_lowercase()
        .as_str()
    {
        "ooxml" => family.ooxml_ext().to_owned(),
        "odf" => match family {
            Family::Cell => "ods".to_owned(),
            Family::Slide => "odp".to_owned(),
            _ => "odt".to_owned(),
        },
        other => other.to_owned(),
    };
    let out_code = x2t_formats::x2t_code(&out_ext).ok_or(-7)?;
    let password = text(&["password"]);
    if password.as_ref().is_some_and(|pw| pw.chars().count() > 255) {
        return Err(-7);
    }
    let thumbnail = x2t_formats::is_image(out_code).then(|| thumbnail(p.get("thumbnail")));
    let result_ext = match thumbnail {
        Some(t) if !t.first => "zip".to_owned(),
        _ => out_ext.clone(),
    };
    let stem = text(&["title"])
        .map(|t| t.rsplit_once('.').map_or(t.clone(), |(s, _)| s.to_owned()))
        .unwrap_or_else(|| "output".into());
    let asynchronous = matches!(p.get("async"), Some(Value::Bool(true)))
        || text(&["async"]).as_deref() == Some("true");
    Ok(Request {
        doc_id: format!("conv_{key}_{out_code}"),
        url,
        from_ext,
        file_name: format!("{stem}.{result_ext}"),
        out_ext: result_ext,
        out_code,
        password,
        thumbnail,
        code_page: number(p, &["codePage", "codepage"]),
        delimiter: number(p, &["delimiter"]),
        asynchronous,
    })
}

/// A numeric parameter (JSON number or numeric string).
fn number(p: &Value, names: &[&str]) -> Option<u32> {
    let value = names.iter().find_map(|n| p.get(*n))?;
    let n = value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))?;
    u32::try_from(n).ok()
}

fn thumbnail(value: Option<&Value>) -> Thumbnail {
    let mut t = Thumbnail::default();
    let Some(v) = value else { return t };
    let num = |name: &str| {
        v.get(name)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    t.aspect = num("aspect").unwrap_or(t.aspect);
    t.width = num("width").unwrap_or(t.width);
    t.height = num("height").unwrap_or(t.height);
    t.first = v.get("first").and_then(Value::as_bool).unwrap_or(true);
    t
}

/// Downloads and converts, then records the outcome.
async fn run(shared: &Shared, request: Request) {
    let state = match convert(shared, &request).await {
        Ok(rel) => JobState::Done {
            rel,
            file_name: request.file_name.clone(),
            ext: request.out_ext.clone(),
        },
        Err(code) => JobState::Failed(code),
    };
    lock(&shared.conversions.jobs).insert(request.doc_id.clone(), state);
    shared.conversions.changed.notify_waiters();
}

async fn convert(shared: &Shared, r: &Request) -> Result<String, i64> {
    let work = tempfile::tempdir().map_err(|_| -1)?;
    let source = work.path().join(format!("source.{}", r.from_ext));
    download::fetch(shared, &r.url, shared.config.jwt_enabled, &source)
        .await
        .map_err(|e| api_code(e.ds_code()))?;
    let out = work.path().join(format!("output.{}", r.out_ext));
    let from_format = x2t_formats::x2t_code(&r.from_ext).ok_or(-3)?;
    let mut job = X2tJob::new(&source, from_format, &out, r.out_code);
    job.thumbnail = r.thumbnail;
    job.password = r.password.as_deref();
    job.code_page = r.code_page;
    job.delimiter = r.delimiter;
    shared
        .engine
        .x2t()
        .run(&job)
        .await
        .map_err(|e| api_code(e.ds_code()))?;
    let rel = format!("data/{}/output.{}", r.doc_id, r.out_ext);
    shared.storage.put(&rel, &out).await.map_err(|_| -1)?;
    Ok(rel)
}

/// Maps an internal DS error to the Conversion API's code (`utils.js:601-662`).
fn api_code(internal: i32) -> i64 {
    match internal {
        -81 => -4,
        -90 | -91 | -85 => -5,
        -83 | -99 => -2,
        -88 => -7,
        -93 => -10,
        -95 => -9,
        -80 | -82 | -84 | -86 | -87 | -89 | -94 => -3,
        _ => -1,
    }
}

/// The XML form of an answer (`/ConvertService.ashx`).
pub fn to_xml(r: &ConversionResponse) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><FileResult>");
    if let Some(error) = r.error {
        xml.push_str(&format!("<Error>{}</Error>", error.code()));
    } else {
        if let Some(url) = &r.file_url {
            xml.push_str(&format!(
                "<FileUrl>{}</FileUrl>",
                crate::x2t::xml_escape(url)
            ));
        }
        if let Some(ext) = &r.file_type {
            xml.push_str(&format!("<FileType>{ext}</FileType>"));
        }
        let done = r.end_convert == Some(true);
        xml.push_str(&format!(
            "<Percent>{}</Percent><EndConvert>{}</EndConvert>",
            r.percent.unwrap_or(0),
            if done { "True" } else { "False" }
        ));
    }
    xml.push_str("</FileResult>");
    xml
}
