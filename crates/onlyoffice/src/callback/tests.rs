use serde_json::json;

use super::*;
use crate::jwt::JwtSettings;

fn parse(body: &str) -> Callback {
    serde_json::from_str(body).unwrap()
}

#[test]
fn status_1_user_connected_appendix_a1() {
    // Protocol doc Appendix A.1 "Status 1: user connected", verbatim (token shortened).
    let cb = parse(
        r#"{"key":"edit-001","status":1,"users":["uid-1"],"actions":[{"type":1,"userid":"uid-1"}],"token":"<jwt>"}"#,
    );
    assert_eq!(cb.key.as_str(), "edit-001");
    assert_eq!(cb.status, CallbackStatus::Editing);
    assert_eq!(cb.users, ["uid-1"]);
    assert_eq!(
        cb.actions,
        [Action {
            kind: ActionType::Connected,
            userid: "uid-1".into()
        }]
    );
    assert_eq!(cb.token.as_deref(), Some("<jwt>"));
    assert!(cb.url.is_none());
}

#[test]
fn status_4_closed_without_users_appendix_a1() {
    let cb = parse(
        r#"{"key":"edit-001","status":4,"actions":[{"type":0,"userid":"uid-1"}],"token":"<jwt>"}"#,
    );
    assert_eq!(cb.status, CallbackStatus::Closed);
    assert!(cb.users.is_empty(), "status 4 has no users field");
    assert_eq!(cb.actions[0].kind, ActionType::Disconnected);
    assert!(cb.status.ends_session());
    assert!(!cb.status.has_result());
}

#[test]
fn status_2_saved_appendix_a1() {
    let cb = parse(
        r#"{"key":"align-001","status":2,
 "url":"http://127.0.0.1:8000/cache/files/data/align-001_2925/output.docx/output.docx?md5=ww5jBBPFLBd3Rw0qhFkEvA&expires=1795396320&filename=output.docx",
 "changesurl":"http://127.0.0.1:8000/cache/files/data/align-001_2925/changes.zip/changes.zip?md5=pfk14RTNPJE5LxV_SSWhOQ&expires=1795396320&filename=changes.zip",
 "history":{"serverVersion":"4.1.2","changes":[{"documentSha256":"55cec4ca…000ec","created":"2026-11-23 00:56:52","user":{"id":"uid-1","name":"Test User"}}]},
 "users":["uid-1"],"actions":[{"type":0,"userid":"uid-1"}],
 "lastsave":"2026-11-23T00:56:52.000Z","notmodified":false,"filetype":"docx","token":"<jwt>"}"#,
    );
    assert_eq!(cb.status, CallbackStatus::MustSave);
    assert!(cb.status.has_result() && cb.status.ends_session());
    assert!(
        cb.url
            .as_deref()
            .unwrap()
            .contains("/output.docx/output.docx?md5=")
    );
    assert!(cb.changesurl.as_deref().unwrap().contains("changes.zip"));
    let history = cb.history.unwrap();
    assert_eq!(history["serverVersion"], "4.1.2");
    assert_eq!(history["changes"][0]["created"], "2026-11-23 00:56:52");
    assert_eq!(cb.lastsave.as_deref(), Some("2026-11-23T00:56:52.000Z"));
    assert_eq!(cb.notmodified, Some(false));
    assert_eq!(cb.filetype.as_deref(), Some("docx"));
}

#[test]
fn status_6_forcesave_appendix_a1() {
    // Appendix A.1 "Status 6"; the appendix elides the URLs and history with "…", filled in here.
    let cb = parse(
        r#"{"key":"fs-001","status":6,"url":"http://127.0.0.1:8000/cache/files/data/fs-001_350/output.docx/output.docx?md5=x&expires=1","changesurl":"http://127.0.0.1:8000/cache/files/data/fs-001_350/changes.zip/changes.zip?md5=y&expires=1",
 "history":{},"users":["uid-1"],"userdata":"fs-userdata-42","lastsave":"2026-11-23T00:54:18.000Z","forcesavetype":0,"filetype":"docx"}"#,
    );
    assert_eq!(cb.status, CallbackStatus::MustForceSave);
    assert_eq!(cb.forcesavetype, Some(ForceSaveType::Command));
    assert_eq!(cb.userdata.as_deref(), Some("fs-userdata-42"));
    assert!(!cb.status.ends_session());
}

#[test]
fn status_1_from_info_command_has_no_actions() {
    let cb = parse(r#"{"key":"fs-001","status":1,"users":["uid-1"]}"#);
    assert!(cb.actions.is_empty());
}

#[test]
fn status_2_not_modified_after_forcesave() {
    // Appendix A.1: after a force-save, closing without new changes is status 2 + notmodified.
    let cb = parse(r#"{"key":"fs-001","status":2,"url":"http://ds/x","notmodified":true}"#);
    assert_eq!(cb.notmodified, Some(true));
}

#[test]
fn docs_and_real_log_examples() {
    // docs usage-api/callback-handler.md, status 6 example.
    let cb = parse(
        r#"{"changesurl":"https://documentserver/url-to-changes.zip","forcesavetype":0,"filetype":"docx","key":"Khirz6zTPdfd7","status":6,"url":"https://documentserver/url-to-edited-document.docx","users":["6d5a81d0"],"userdata":"sample userdata"}"#,
    );
    assert_eq!(cb.status, CallbackStatus::MustForceSave);
    // Real log, ONLYOFFICE/Docker-DocumentServer#549: status 7 from the Save button.
    let cb = parse(
        r#"{"key":"1313714027","status":7,"users":["78ele841"],"actions":[{"type":2,"userid":"78ele841"}],"lastsave":"2022-12-01T08:18:40.000Z","forcesavetype":1}"#,
    );
    assert_eq!(cb.status, CallbackStatus::CorruptedForceSave);
    assert_eq!(cb.actions[0].kind, ActionType::ForceSaveInitiated);
    assert_eq!(cb.forcesavetype, Some(ForceSaveType::Button));
    // Real log, ONLYOFFICE/onlyoffice-owncloud#96: status 3 without url.
    let cb = parse(
        r#"{"key":"9481851502610297","status":3,"users":["xxxx"],"actions":[{"type":0,"userid":"xxxx"}],"lastsave":"2017-08-13T09:08:06.304Z","notmodified":false}"#,
    );
    assert_eq!(cb.status, CallbackStatus::Corrupted);
    assert!(cb.url.is_none());
}

#[test]
fn unknown_fields_are_ignored() {
    let cb = parse(r#"{"key":"k","status":6,"encrypted":false,"mailMerge":null,"future":{"x":1}}"#);
    assert_eq!(cb.status, CallbackStatus::MustForceSave);
}

#[test]
fn unknown_codes_inside_actions_are_kept() {
    let cb =
        parse(r#"{"key":"k","status":1,"actions":[{"type":9,"userid":"u"}],"forcesavetype":4}"#);
    assert_eq!(cb.actions[0].kind, ActionType::Other(9));
    assert_eq!(cb.forcesavetype, Some(ForceSaveType::Other(4)));
}

#[test]
fn unknown_status_is_a_clear_error() {
    for status in [0, 5, 8, -1] {
        let err = serde_json::from_value::<Callback>(json!({"key": "k", "status": status}))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("unknown callback status {status}")),
            "{err}"
        );
    }
}

#[test]
fn missing_key_is_a_clear_error() {
    let err = serde_json::from_str::<Callback>(r#"{"status":1}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `key`"), "{err}");
    let err = serde_json::from_str::<Callback>(r#"{"key":"k"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `status`"), "{err}");
    let err = serde_json::from_str::<Callback>(r#"{"key":"a b","status":1}"#).unwrap_err();
    assert!(err.to_string().contains("invalid document key"), "{err}");
}

#[test]
fn serializes_like_the_document_server() {
    let mut cb = Callback::new(DocKey::parse("edit-001").unwrap(), CallbackStatus::Closed);
    cb.actions.push(Action {
        kind: ActionType::Disconnected,
        userid: "uid-1".into(),
    });
    assert_eq!(
        serde_json::to_value(&cb).unwrap(),
        json!({"key":"edit-001","status":4,"actions":[{"type":0,"userid":"uid-1"}]})
    );
}

#[test]
fn replies() {
    assert_eq!(
        serde_json::to_string(&CallbackReply::ok()).unwrap(),
        r#"{"error":0}"#
    );
    assert_eq!(
        serde_json::to_string(&CallbackReply::failed()).unwrap(),
        r#"{"error":1}"#
    );
    assert!(CallbackReply::ok().is_ok() && !CallbackReply::failed().is_ok());
}

#[test]
fn from_request_verifies_the_token() {
    let jwt = JwtSettings::new("s");
    let claims = json!({"key":"edit-001","status":1,"users":["uid-1"],"actions":[{"type":1,"userid":"uid-1"}]});
    let signed = jwt.sign_request(&claims).unwrap();
    let mut body = claims.clone();
    body["token"] = json!(signed.body_token);
    let body = serde_json::to_vec(&body).unwrap();
    let cb = Callback::from_request(&body, Some(&signed.bearer()), Some(&jwt)).unwrap();
    assert_eq!(cb.status, CallbackStatus::Editing);
    assert!(cb.token.is_none(), "the signed claims carry no token");
    let unsigned = br#"{"key":"edit-001","status":4}"#;
    let refused = Callback::from_request(unsigned, None, Some(&jwt));
    assert!(matches!(refused, Err(crate::Error::MissingToken)));
    let wrong = JwtSettings::new("other").sign_request(&claims).unwrap();
    let refused = Callback::from_request(unsigned, Some(&wrong.bearer()), Some(&jwt));
    assert!(matches!(refused, Err(crate::Error::BadSignature)));
}

#[test]
fn from_request_without_tokens_reads_the_body() {
    let cb = Callback::from_request(br#"{"key":"edit-001","status":4}"#, None, None).unwrap();
    assert_eq!(cb.status, CallbackStatus::Closed);
    let err = Callback::from_request(br#"{"key":"edit-001","status":5}"#, None, None).unwrap_err();
    assert!(
        err.to_string().contains("unknown callback status 5"),
        "{err}"
    );
}
