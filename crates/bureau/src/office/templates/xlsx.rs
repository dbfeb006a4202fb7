//! The blank spreadsheet (SpreadsheetML, ECMA-376 Part 1 §18): a workbook with one empty
//! worksheet, `Sheet1`, and the smallest style sheet Excel accepts: one font (Arial 10 pt), the
//! two fills every workbook has (none, gray125), one border, one cell format and the `Normal`
//! cell style.

use super::package::{self, Part};

/// The workbook part.
const WORKBOOK: &str = "<workbook \
    xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
    <bookViews><workbookView activeTab=\"0\"/></bookViews>\
    <sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets>\
    <calcPr calcId=\"191029\"/>\
    </workbook>";

/// The one worksheet, empty, with A1 selected.
const SHEET: &str = "<worksheet \
    xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
    <dimension ref=\"A1\"/>\
    <sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">\
    <selection activeCell=\"A1\" sqref=\"A1\"/></sheetView></sheetViews>\
    <sheetFormatPr defaultRowHeight=\"12.75\"/>\
    <sheetData/>\
    <pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>\
    </worksheet>";

/// The style sheet.
const STYLES: &str = "<styleSheet \
    xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
    <fonts count=\"1\"><font><sz val=\"10\"/><name val=\"Arial\"/><family val=\"2\"/></font></fonts>\
    <fills count=\"2\">\
    <fill><patternFill patternType=\"none\"/></fill>\
    <fill><patternFill patternType=\"gray125\"/></fill>\
    </fills>\
    <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
    <cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>\
    <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
    </styleSheet>";

/// The content types of the SpreadsheetML parts.
const CT_WORKBOOK: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const CT_SHEET: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_STYLES: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";

/// The bytes of the blank `.xlsx`.
pub(super) fn render() -> Vec<u8> {
    let parts = [
        Part::new("xl/workbook.xml", CT_WORKBOOK, WORKBOOK),
        Part::rels(
            "xl/_rels/workbook.xml.rels",
            &[
                ("rId1", "worksheet", "worksheets/sheet1.xml"),
                ("rId2", "styles", "styles.xml"),
            ],
        ),
        Part::new("xl/worksheets/sheet1.xml", CT_SHEET, SHEET),
        Part::new("xl/styles.xml", CT_STYLES, STYLES),
    ];
    package::write("xl/workbook.xml", &parts)
}
