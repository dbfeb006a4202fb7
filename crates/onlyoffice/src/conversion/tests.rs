use serde_json::json;

use super::*;

fn key() -> DocKey {
    DocKey::parse("Khirz6zTPdfd7").unwrap()
}

const URL: &str = "https://example.com/url-to-example-document.docx";

#[test]
fn docx_to_pdf_request_matches_the_docs() {
    // docs additional-api/conversion-api/request.md, "Converting docx to pdf".
    let request =
        ConversionRequest::new(key(), URL, "docx", "pdf").with_title("Example Document Title.docx");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"async": false, "filetype": "docx", "key": "Khirz6zTPdfd7", "outputtype": "pdf",
               "title": "Example Document Title.docx", "url": URL})
    );
}

#[test]
fn password_and_pdf_form_requests_match_the_docs() {
    // request.md, "Converting password-protected docx to pdf" and "Converting docx to pdf form".
    let with_password = ConversionRequest::new(key(), URL, "docx", "pdf").with_password("123456");
    assert_eq!(
        serde_json::to_value(&with_password).unwrap()["password"],
        "123456"
    );
    let mut form = ConversionRequest::new(key(), URL, "docx", "pdf");
    form.pdf = Some(PdfOptions {
        form: Some(true),
        pdfa: None,
    });
    assert_eq!(
        serde_json::to_value(&form).unwrap()["pdf"],
        json!({"form": true})
    );
}

#[test]
fn thumbnail_request_matches_the_docs() {
    // request.md, "Generating png thumbnail from docx".
    let request = ConversionRequest::new(key(), URL, "docx", "png").with_thumbnail(Thumbnail {
        aspect: Some(ThumbnailAspect::Stretch),
        first: Some(true),
        height: Some(150),
        width: Some(100),
    });
    assert_eq!(
        serde_json::to_value(&request).unwrap()["thumbnail"],
        json!({"aspect": 0, "first": true, "height": 150, "width": 100})
    );
}

#[test]
fn extra_options_are_flattened() {
    // request.md, "Converting spreadsheet to pdf" (spreadsheetLayout).
    let mut request = ConversionRequest::new(key(), URL, "xlsx", "pdf").with_region("en-US");
    request
        .other
        .insert("spreadsheetLayout".into(), json!({"ignorePrintArea": true}));
    let value = serde_json::to_value(&request).unwrap();
    assert_eq!(value["spreadsheetLayout"], json!({"ignorePrintArea": true}));
    assert_eq!(value["region"], "en-US");
    assert_eq!(
        serde_json::from_value::<ConversionRequest>(value).unwrap(),
        request
    );
}

#[test]
fn finished_response_from_the_real_server() {
    // Appendix A.3, POST /converter.
    let body = r#"{"fileUrl":"http://127.0.0.1:8000/cache/files/data/conv_conv-001_513/output.pdf/sample.pdf?md5=…&expires=…&filename=sample.pdf","fileType":"pdf","percent":100,"endConvert":true}"#;
    let status = serde_json::from_str::<ConversionResponse>(body)
        .unwrap()
        .status()
        .unwrap();
    let ConversionStatus::Done(done) = status else {
        panic!("{status:?}")
    };
    assert_eq!(done.file_type, "pdf");
    assert!(done.file_url.contains("/output.pdf/sample.pdf?md5="));
}

#[test]
fn intermediate_and_error_responses_from_the_docs() {
    // response.md, "Async intermediate response" and "Error response".
    let r: ConversionResponse =
        serde_json::from_str(r#"{"endConvert":false,"percent":95}"#).unwrap();
    assert_eq!(
        r.status().unwrap(),
        ConversionStatus::InProgress { percent: 95 }
    );
    let r: ConversionResponse = serde_json::from_str(r#"{"error":-3}"#).unwrap();
    assert!(matches!(
        r.status(),
        Err(Error::Conversion(ConversionErrorCode::ConversionFailed))
    ));
    let r: ConversionResponse = serde_json::from_str(r#"{"error":-8}"#).unwrap();
    assert!(matches!(
        r.status(),
        Err(Error::Conversion(ConversionErrorCode::InvalidToken))
    ));
}

#[test]
fn finished_without_url_is_unexpected() {
    let r = ConversionResponse {
        end_convert: Some(true),
        ..ConversionResponse::default()
    };
    assert!(matches!(r.status(), Err(Error::UnexpectedResponse(_))));
}

#[test]
fn error_codes_have_documented_meanings() {
    for code in -10..=-1 {
        assert!(!matches!(
            ConversionErrorCode::from_code(code),
            ConversionErrorCode::Other(_)
        ));
    }
    assert_eq!(
        ConversionErrorCode::SizeLimitExceeded.to_string(),
        "size limit exceeded (-10)"
    );
    assert_eq!(
        ConversionErrorCode::from_code(-4),
        ConversionErrorCode::DownloadFailed
    );
}
