use serde_json::{Value, json};

use super::*;
use crate::{DocKey, Error, formats::Format};

fn docx() -> &'static Format {
    Format::by_extension("docx").unwrap()
}

fn builder(format: &'static Format) -> EditorConfigBuilder {
    EditorConfig::builder(
        format,
        DocKey::parse("f42v7a9c3").unwrap(),
        "Report.docx",
        "https://host.example/dl/42?v=7".parse().unwrap(),
    )
}

/// The minimal signed config of protocol doc §1.6 (what the official Node example produces),
/// with `info.favorite: null` left out because `None` fields are omitted.
#[test]
fn minimal_config_matches_section_1_6() {
    let permissions = Permissions {
        comment: Some(true),
        download: Some(true),
        edit: Some(true),
        fill_forms: Some(true),
        modify_filter: Some(true),
        modify_content_control: Some(true),
        review: Some(true),
        chat: Some(true),
        copy: Some(true),
        print: Some(true),
        protect: Some(true),
        ..Permissions::default()
    };
    let config = builder(docx())
        .editor_type(EditorType::Desktop)
        .info(Info {
            owner: Some("Me".into()),
            uploaded: Some("2026-01-01".into()),
            ..Info::default()
        })
        .permissions(permissions)
        .reference_data(ReferenceData {
            file_key: "42".into(),
            instance_id: "https://host.example".into(),
        })
        .edit("https://host.example/oo/track?file=42".parse().unwrap())
        .lang("en")
        .user(User {
            group: Some(String::new()),
            ..User::new("u-78e1", "John Smith")
        })
        .customization(Customization {
            forcesave: Some(false),
            goback: Some(GoBack {
                url: Some("https://host.example/files".into()),
                ..GoBack::default()
            }),
            ..Customization::default()
        })
        .build()
        .unwrap();
    let expected = json!({
      "type": "desktop",
      "documentType": "word",
      "document": {
        "title": "Report.docx",
        "url": "https://host.example/dl/42?v=7",
        "fileType": "docx",
        "key": "f42v7a9c3",
        "info": {"owner": "Me", "uploaded": "2026-01-01"},
        "permissions": {"comment": true, "download": true, "edit": true, "fillForms": true,
                        "modifyFilter": true, "modifyContentControl": true, "review": true,
                        "chat": true, "copy": true, "print": true, "protect": true},
        "referenceData": {"fileKey": "42", "instanceId": "https://host.example"}
      },
      "editorConfig": {
        "mode": "edit",
        "lang": "en",
        "callbackUrl": "https://host.example/oo/track?file=42",
        "user": {"id": "u-78e1", "name": "John Smith", "group": ""},
        "customization": {"forcesave": false, "goback": {"url": "https://host.example/files"}}
      }
    });
    assert_eq!(serde_json::to_value(&config).unwrap(), expected);
}

#[test]
fn view_mode_is_the_default_with_viewer_permissions() {
    let config = builder(docx()).build().unwrap();
    let value = serde_json::to_value(&config).unwrap();
    assert_eq!(value["editorConfig"], json!({"mode": "view"}));
    assert_eq!(
        value["document"]["permissions"],
        json!({"chat": false, "comment": false, "copy": true, "deleteCommentAuthorOnly": false,
               "download": true, "edit": false, "editCommentAuthorOnly": false,
               "fillForms": false, "modifyContentControl": false, "modifyFilter": false,
               "print": true, "protect": false, "review": false})
    );
    assert!(value.get("token").is_none() && value.get("width").is_none());
}

#[test]
fn permissions_are_sent_even_when_empty() {
    // Appendix A.4: without document.permissions in the token the session never opens.
    let config = builder(docx())
        .permissions(Permissions::default())
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&config).unwrap()["document"]["permissions"],
        json!({})
    );
}

#[test]
fn document_types_follow_the_format() {
    let xlsx = Format::by_extension("xlsx").unwrap();
    let config = builder(xlsx).size("100%", "600px").build().unwrap();
    let value = serde_json::to_value(&config).unwrap();
    assert_eq!(value["documentType"], "cell");
    assert_eq!(value["document"]["fileType"], "xlsx");
    assert_eq!(
        (value["width"].as_str(), value["height"].as_str()),
        (Some("100%"), Some("600px"))
    );
}

#[test]
fn refuses_what_the_document_server_would_refuse() {
    let callback: Url = "https://host.example/cb".parse().unwrap();
    let doc = Format::by_extension("doc").unwrap();
    assert!(
        builder(doc).build().is_ok(),
        "legacy formats open for viewing"
    );
    assert!(matches!(
        builder(doc).edit(callback.clone()).build(),
        Err(Error::Config(_))
    ));
    let png = Format::by_extension("png").unwrap();
    assert!(matches!(builder(png).build(), Err(Error::UnsupportedFormat(e)) if e == "png"));
    let read_only = builder(docx())
        .edit(callback.clone())
        .permissions(Permissions::viewer());
    assert!(matches!(read_only.build(), Err(Error::Config(_))));
    let comment_only = Permissions {
        comment: Some(true),
        ..Permissions::viewer()
    };
    builder(docx())
        .edit(callback.clone())
        .permissions(comment_only)
        .build()
        .unwrap();
    let odt = Format::by_extension("odt").unwrap();
    builder(odt).edit(callback).build().unwrap();
}

#[test]
fn signed_config_token_is_the_flat_config() {
    let jwt = JwtSettings::new("browser-secret");
    let config = builder(docx())
        .edit("https://host.example/cb".parse().unwrap())
        .user(User::new("u1", "Ann"))
        .build()
        .unwrap()
        .sign(&jwt)
        .unwrap();
    let token = config.token.clone().unwrap();
    let mut claims: Value = jwt.verify(&token).unwrap();
    for forbidden in ["payload", "url", "key", "token"] {
        assert!(
            claims.get(forbidden).is_none(),
            "{forbidden} at the top level"
        );
    }
    let claims = claims.as_object_mut().unwrap();
    assert!(claims.remove("iat").is_some() && claims.remove("exp").is_some());
    let mut unsigned = serde_json::to_value(&config).unwrap();
    unsigned.as_object_mut().unwrap().remove("token");
    assert_eq!(Value::Object(claims.clone()), unsigned);
    // Signing again replaces the token instead of signing the old one.
    let resigned = config.sign(&jwt).unwrap();
    let claims: Value = jwt.verify(resigned.token.as_deref().unwrap()).unwrap();
    assert!(claims.get("token").is_none());
}

#[test]
fn docs_examples_round_trip() {
    // docs usage-api/config/document.md, info.md, permissions.md, editor/editor.md examples.
    let example = json!({
      "documentType": "pdf",
      "document": {
        "fileType": "pdf", "isForm": true, "key": "Khirz6zTPdfd7",
        "referenceData": {"fileKey": "BCFA2CED", "instanceId": "https://example.com"},
        "title": "Example Title.pdf", "url": "https://example.com/url-to-example-document.pdf",
        "info": {"favorite": false, "folder": "Example Files", "owner": "John Smith",
                 "sharingSettings": [{"isLink": false, "permissions": "Full Access", "user": "John Smith"}],
                 "uploaded": "2010-07-07 3:46 PM"},
        "permissions": {"chat": true, "comment": true, "copy": true,
                        "commentGroups": {"edit": ["Group2", ""], "remove": [""], "view": [""]},
                        "deleteCommentAuthorOnly": false, "download": true, "edit": true,
                        "editCommentAuthorOnly": false, "fillForms": true, "modifyContentControl": true,
                        "modifyFilter": true, "print": true, "protect": true, "review": false,
                        "reviewGroups": ["Group1", "Group2", ""], "userInfoGroups": ["Group1", ""]}
      },
      "editorConfig": {
        "actionLink": {"action": {"type": "bookmark", "data": "bookmark_name"}},
        "callbackUrl": "https://example.com/url-to-callback",
        "coEditing": {"mode": "fast", "change": true},
        "createUrl": "https://example.com/url-to-create-document",
        "lang": "en", "mode": "edit",
        "recent": [{"folder": "Example Files", "title": "exampledocument1.docx", "url": "https://example.com/exampledocument1.docx"}],
        "region": "en-US",
        "templates": [{"image": "https://example.com/exampletemplate1.png", "title": "exampletemplate1.docx", "url": "https://example.com/url-to-create-template1"}],
        "user": {"group": "Group1,Group2", "id": "78e1e841", "image": "https://example.com/url-to-user-avatar.png", "name": "John Smith"}
      }
    });
    let config: EditorConfig = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(
        config.document.info.as_ref().unwrap().sharing_settings[0].is_link,
        Some(false)
    );
    assert_eq!(
        config
            .document
            .permissions
            .review_groups
            .as_ref()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        config.editor_config.co_editing.unwrap().mode,
        CoEditingMode::Fast
    );
    assert!(config.editor_config.other.contains_key("templates"));
    assert_eq!(serde_json::to_value(&config).unwrap(), example);
}
