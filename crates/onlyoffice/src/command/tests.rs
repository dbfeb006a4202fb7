use serde_json::json;

use super::*;

fn key(k: &str) -> DocKey {
    DocKey::parse(k).unwrap()
}

#[test]
fn requests_serialize_as_documented() {
    // docs additional-api/command-service/{drop,info,meta,version,license,getforgotten,
    // getforgottenlist,deleteforgotten}.md request examples.
    let cases = [
        (
            Command::Drop {
                key: key("Khirz6zTPdfd7"),
                users: Some(vec!["6d5a81d0".into()]),
            },
            json!({"c": "drop", "key": "Khirz6zTPdfd7", "users": ["6d5a81d0"]}),
        ),
        (
            Command::Info {
                key: key("Khirz6zTPdfd7"),
                userdata: Some("sample userdata".into()),
            },
            json!({"c": "info", "key": "Khirz6zTPdfd7", "userdata": "sample userdata"}),
        ),
        (
            Command::Meta {
                key: key("Khirz6zTPdfd7"),
                meta: Meta {
                    title: "Example Document Title.docx".into(),
                },
            },
            json!({"c": "meta", "key": "Khirz6zTPdfd7", "meta": {"title": "Example Document Title.docx"}}),
        ),
        (Command::Version, json!({"c": "version"})),
        (Command::License, json!({"c": "license"})),
        (
            Command::GetForgotten {
                key: key("Khirz6zTPdfd7"),
            },
            json!({"c": "getForgotten", "key": "Khirz6zTPdfd7"}),
        ),
        (Command::GetForgottenList, json!({"c": "getForgottenList"})),
        (
            Command::DeleteForgotten {
                key: key("Khirz6zTPdfd7"),
            },
            json!({"c": "deleteForgotten", "key": "Khirz6zTPdfd7"}),
        ),
        (
            Command::Drop {
                key: key("k"),
                users: None,
            },
            json!({"c": "drop", "key": "k"}),
        ),
    ];
    for (command, expected) in cases {
        assert_eq!(serde_json::to_value(&command).unwrap(), expected);
        assert_eq!(
            serde_json::from_value::<Command>(expected).unwrap(),
            command
        );
    }
}

#[test]
fn key_of_a_command() {
    assert_eq!(Command::Version.key(), None);
    assert_eq!(
        Command::GetForgotten { key: key("a") }.key(),
        Some(&key("a"))
    );
}

#[test]
fn responses_parse() {
    // Appendix A.3 and A.2 (real server), docs license.md.
    let r: CommandResponse = serde_json::from_str(r#"{"error":0,"version":"4.1.2.37"}"#).unwrap();
    assert_eq!(r.version.as_deref(), Some("4.1.2.37"));
    let r: CommandResponse = serde_json::from_str(r#"{"key":"fs-001","error":4}"#).unwrap();
    assert_eq!(r.error, CommandErrorCode::NotModified);
    let r: CommandResponse = serde_json::from_str(r#"{"error":0,"keys":["fail-001"]}"#).unwrap();
    assert_eq!(r.keys.unwrap(), ["fail-001"]);
    let r: CommandResponse = serde_json::from_str(r#"{"error":6}"#).unwrap();
    assert_eq!(r.error, CommandErrorCode::InvalidToken);
    let r: CommandResponse = serde_json::from_str(r#"{"error":42}"#).unwrap();
    assert_eq!(r.error, CommandErrorCode::Other(42));
}

#[test]
fn error_codes_have_documented_meanings() {
    assert_eq!(
        CommandErrorCode::from_code(1),
        CommandErrorCode::KeyNotFound
    );
    assert_eq!(
        CommandErrorCode::KeyNotFound.to_string(),
        "document key is missing or no document with such key could be found (1)"
    );
    assert_eq!(CommandErrorCode::TokenExpired.code(), 7);
    assert_eq!(
        CommandErrorCode::Other(99).to_string(),
        "undocumented code (99)"
    );
    assert_eq!(
        serde_json::to_string(&CommandErrorCode::InvalidToken).unwrap(),
        "6"
    );
}

#[test]
fn response_serializes_compactly() {
    let r = CommandResponse::new(Some("nokey".into()), CommandErrorCode::KeyNotFound);
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"key": "nokey", "error": 1})
    );
}
