use super::*;

fn ext(e: &str) -> &'static Format {
    Format::by_extension(e).unwrap()
}

#[test]
fn every_extension_is_unique_lowercase_and_found() {
    let mut seen = std::collections::HashSet::new();
    for f in Format::all() {
        assert!(seen.insert(f.extension), "{} listed twice", f.extension);
        assert_eq!(f.extension, f.extension.to_ascii_lowercase());
        assert_eq!(Format::by_extension(&f.extension.to_uppercase()), Some(f));
        for target in f.convert_targets() {
            assert!(
                Format::by_extension(target).is_some(),
                "{} → unknown {target}",
                f.extension
            );
        }
    }
    assert_eq!(Format::all().len(), 86, "[F] v3.2.0 has 86 rows");
}

#[test]
fn document_types_match_section_1_3() {
    // Protocol doc §1.3 and docs usage-api/config/config.md (documentType lists).
    let cases = [
        (
            DocumentType::Word,
            "doc docm docx dot dotm dotx epub fb2 fodt hml htm html hwp hwpx md mht mhtml odt ott pages rtf stw sxw txt wps wpt xml",
        ),
        (
            DocumentType::Cell,
            "csv et ett fods numbers ods ots sxc xls xlsb xlsm xlsx xlt xltm xltx",
        ),
        (
            DocumentType::Slide,
            "dps dpt fodp key odg odp otp pot potm potx pps ppsm ppsx ppt pptm pptx sxi",
        ),
        (DocumentType::Pdf, "djvu oxps pdf xps"),
        (DocumentType::Diagram, "vsdm vsdx vssm vssx vstm vstx"),
    ];
    for (document_type, extensions) in cases {
        for e in extensions.split(' ') {
            assert_eq!(ext(e).document_type, Some(document_type), "{e}");
        }
    }
    assert_eq!(
        serde_json::to_string(&DocumentType::Cell).unwrap(),
        r#""cell""#
    );
    assert_eq!(ext("png").document_type, None);
}

#[test]
fn natively_editable_formats() {
    for e in [
        "docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "xltm", "xlsb", "pptx", "pptm",
        "ppsx", "ppsm", "potx", "potm", "pdf",
    ] {
        assert!(ext(e).can_edit(), "{e}");
        assert_eq!(ext(e).convert_target(), None, "{e}");
    }
    assert!(ext("pdf").can_fill());
    assert!(!ext("docx").can_fill());
}

#[test]
fn legacy_and_other_formats_convert_to_ooxml() {
    let cases = [
        ("doc", "docx"),
        ("dot", "docx"),
        ("odt", "docx"),
        ("rtf", "docx"),
        ("txt", "docx"),
        ("epub", "docx"),
        ("xml", "docx"),
        ("xls", "xlsx"),
        ("ods", "xlsx"),
        ("csv", "xlsx"),
        ("numbers", "xlsx"),
        ("ppt", "pptx"),
        ("odp", "pptx"),
        ("key", "pptx"),
    ];
    for (from, to) in cases {
        assert!(!ext(from).can_edit(), "{from}");
        assert_eq!(
            ext(from).convert_target().map(|f| f.extension),
            Some(to),
            "{from}"
        );
    }
    assert!(ext("odt").can_edit_lossy() && !ext("doc").can_edit_lossy());
}

#[test]
fn view_only_formats_have_no_edit_target() {
    for e in [
        "djvu", "xps", "oxps", "gdoc", "gsheet", "gslides", "vsdx", "oform", "docxf",
    ] {
        let f = ext(e);
        assert!(f.can_view() && !f.can_edit() && !f.can_edit_lossy(), "{e}");
        assert_eq!(f.convert_target(), None, "{e}");
    }
    assert!(!ext("png").can_view());
}

#[test]
fn conversion_targets() {
    assert!(ext("docx").can_convert_to("pdf"));
    assert!(ext("docx").can_convert_to("PNG"));
    assert!(!ext("docx").can_convert_to("docx"));
    assert!(ext("xlsx").can_convert_to("csv"));
    assert_eq!(
        ext("ots").convert_targets().filter(|t| *t == "tsv").count(),
        1
    );
}

#[test]
fn lookup_by_extension_variants() {
    assert_eq!(ext(".DocX").extension, "docx");
    assert_eq!(
        Format::by_file_name("Quarterly Report.final.XLSX").map(|f| f.extension),
        Some("xlsx")
    );
    assert_eq!(Format::by_file_name("README"), None);
    assert_eq!(Format::by_extension("exe"), None);
    assert_eq!(Format::by_extension(""), None);
}

#[test]
fn lookup_by_mime() {
    let by = |m| Format::by_mime(m).map(|f| f.extension);
    assert_eq!(by("application/msword"), Some("doc"));
    assert_eq!(by("application/vnd.ms-powerpoint"), Some("ppt"));
    assert_eq!(by("text/html; charset=utf-8"), Some("html"));
    assert_eq!(by("APPLICATION/PDF"), Some("pdf"));
    assert_eq!(
        by("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Some("xlsx")
    );
    assert_eq!(by("text/csv"), Some("csv"));
    assert_eq!(by("image/png"), Some("png"));
    assert_eq!(by("application/x-unknown"), None);
}

#[test]
fn mime_defaults() {
    assert_eq!(
        ext("docx").mime(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(ext("wpt").mime(), "application/octet-stream");
    assert_eq!(ext("vsdx").mime_types[1], "application/vnd.visio2013");
}

#[test]
fn blank_kinds() {
    assert_eq!(BlankKind::Document.format().extension, "docx");
    assert_eq!(BlankKind::Spreadsheet.format().extension, "xlsx");
    assert_eq!(BlankKind::Presentation.format().extension, "pptx");
    assert_eq!(BlankKind::Form.format().extension, "pdf");
    assert_eq!(ext("pptx").blank_kind(), Some(BlankKind::Presentation));
    assert_eq!(ext("doc").blank_kind(), None);
    assert_eq!(
        serde_json::to_string(&BlankKind::Spreadsheet).unwrap(),
        r#""spreadsheet""#
    );
}
