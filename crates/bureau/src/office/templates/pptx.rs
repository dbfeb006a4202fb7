//! The blank presentation (PresentationML, ECMA-376 Part 1 §19): one 16:9 slide using a
//! "Title Slide" layout (centred title and subtitle placeholders), the slide master the layout
//! belongs to (title and body placeholders, text styles) and the theme the master uses (colour,
//! font and format schemes). PowerPoint and LibreOffice refuse a presentation without a master,
//! a layout and a theme, so this is the smallest one they open.

use super::package::{self, Part};

/// The namespaces of PresentationML parts (`a:`, `r:`, `p:`).
const NS: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
    xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";

/// The presentation part: one master, one slide, 16:9 (33.867 cm × 19.05 cm).
const PRESENTATION_BODY: &str = "<p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/>\
    </p:sldMasterIdLst>\
    <p:sldIdLst><p:sldId id=\"256\" r:id=\"rId2\"/></p:sldIdLst>\
    <p:sldSz cx=\"12192000\" cy=\"6858000\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>";

/// The colour mapping of the master: background 1 is light 1, text 1 is dark 1, and so on.
const CLR_MAP: &str = "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" \
    accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" \
    accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>";

/// The master's text styles: titles 44 pt in the heading font, bulleted body text 28/24 pt.
const TX_STYLES: &str = "<p:txStyles>\
    <p:titleStyle><a:lvl1pPr algn=\"l\"><a:lnSpc><a:spcPct val=\"90000\"/></a:lnSpc>\
    <a:spcBef><a:spcPct val=\"0\"/></a:spcBef><a:buNone/>\
    <a:defRPr sz=\"4400\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>\
    <a:latin typeface=\"+mj-lt\"/><a:ea typeface=\"+mj-ea\"/><a:cs typeface=\"+mj-cs\"/></a:defRPr>\
    </a:lvl1pPr></p:titleStyle>\
    <p:bodyStyle>\
    <a:lvl1pPr marL=\"228600\" indent=\"-228600\"><a:lnSpc><a:spcPct val=\"90000\"/></a:lnSpc>\
    <a:spcBef><a:spcPts val=\"1000\"/></a:spcBef><a:buFont typeface=\"Arial\"/><a:buChar char=\"&#8226;\"/>\
    <a:defRPr sz=\"2800\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>\
    <a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr>\
    </a:lvl1pPr>\
    <a:lvl2pPr marL=\"685800\" indent=\"-228600\"><a:lnSpc><a:spcPct val=\"90000\"/></a:lnSpc>\
    <a:spcBef><a:spcPts val=\"500\"/></a:spcBef><a:buFont typeface=\"Arial\"/><a:buChar char=\"&#8226;\"/>\
    <a:defRPr sz=\"2400\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>\
    <a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr>\
    </a:lvl2pPr>\
    </p:bodyStyle>\
    <p:otherStyle><a:defPPr><a:defRPr lang=\"en-US\"/></a:defPPr>\
    <a:lvl1pPr><a:defRPr sz=\"1800\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>\
    <a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr>\
    </a:lvl1pPr></p:otherStyle>\
    </p:txStyles>";

/// The subtitle of the title layout: centred, no bullet.
const SUBTITLE_LIST_STYLE: &str = "<a:lstStyle><a:lvl1pPr marL=\"0\" indent=\"0\" algn=\"ctr\">\
    <a:buNone/><a:defRPr sz=\"2400\"/></a:lvl1pPr></a:lstStyle>";

/// The content types of the PresentationML and DrawingML parts.
const CT_PRESENTATION: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";
const CT_PRES_PROPS: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml";
const CT_SLIDE: &str = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml";
const CT_LAYOUT: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml";
const CT_MASTER: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml";
const CT_THEME: &str = "application/vnd.openxmlformats-officedocument.theme+xml";

/// A placeholder on a master, layout or slide.
struct Placeholder<'a> {
    /// The shape id, unique within its tree (the group itself is 1).
    id: u32,
    /// The shape name.
    name: &'a str,
    /// The `<p:ph>` attributes, e.g. `type="title"`.
    ph: &'a str,
    /// Position and size `(x, y, cx, cy)` in EMU, or `None` to inherit them.
    xfrm: Option<(u32, u32, u32, u32)>,
    /// `<a:bodyPr>` attributes.
    body_pr: &'a str,
    /// The `<a:lstStyle>` element.
    lst_style: &'a str,
}

impl Placeholder<'_> {
    /// The `<p:sp>` element, with one empty paragraph.
    fn xml(&self) -> String {
        let sp_pr = match self.xfrm {
            Some((x, y, cx, cy)) => format!(
                "<p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
                 <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>"
            ),
            None => "<p:spPr/>".to_owned(),
        };
        format!(
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{}\" name=\"{}\"/>\
             <p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph {}/></p:nvPr></p:nvSpPr>\
             {sp_pr}<p:txBody><a:bodyPr{}/>{}<a:p><a:endParaRPr lang=\"en-US\"/></a:p></p:txBody></p:sp>",
            self.id, self.name, self.ph, self.body_pr, self.lst_style
        )
    }
}

/// `<p:cSld>` holding a shape tree of `shapes`, optionally named and with a background.
fn common_slide_data(name: &str, background: &str, shapes: &[Placeholder<'_>]) -> String {
    let shapes: String = shapes.iter().map(Placeholder::xml).collect();
    let name = if name.is_empty() {
        String::new()
    } else {
        format!(" name=\"{name}\"")
    };
    format!(
        "<p:cSld{name}>{background}<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/>\
         <p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/>\
         <a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm>\
         </p:grpSpPr>{shapes}</p:spTree></p:cSld>"
    )
}

/// A placeholder without list style or body properties.
fn placeholder<'a>(
    id: u32,
    name: &'a str,
    ph: &'a str,
    xfrm: Option<(u32, u32, u32, u32)>,
) -> Placeholder<'a> {
    Placeholder {
        id,
        name,
        ph,
        xfrm,
        body_pr: "",
        lst_style: "<a:lstStyle/>",
    }
}

/// The slide master: background from the theme, title and body placeholders, text styles.
fn master() -> String {
    let shapes = [
        Placeholder {
            body_pr: " anchor=\"ctr\"",
            ..placeholder(
                2,
                "Title Placeholder 1",
                "type=\"title\"",
                Some((838_200, 365_125, 10_515_600, 1_325_563)),
            )
        },
        placeholder(
            3,
            "Text Placeholder 2",
            "type=\"body\" idx=\"1\"",
            Some((838_200, 1_825_625, 10_515_600, 4_351_338)),
        ),
    ];
    let background = "<p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>";
    format!(
        "<p:sldMaster {NS}>{}{CLR_MAP}\
         <p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst>\
         {TX_STYLES}</p:sldMaster>",
        common_slide_data("", background, &shapes)
    )
}

/// The "Title Slide" layout: a centred title above a centred subtitle.
fn layout() -> String {
    let shapes = [
        Placeholder {
            body_pr: " anchor=\"b\"",
            lst_style: "<a:lstStyle><a:lvl1pPr algn=\"ctr\"><a:defRPr sz=\"6000\"/></a:lvl1pPr>\
                        </a:lstStyle>",
            ..placeholder(
                2,
                "Title 1",
                "type=\"ctrTitle\"",
                Some((1_524_000, 1_122_363, 9_144_000, 2_387_600)),
            )
        },
        Placeholder {
            lst_style: SUBTITLE_LIST_STYLE,
            ..placeholder(
                3,
                "Subtitle 2",
                "type=\"subTitle\" idx=\"1\"",
                Some((1_524_000, 3_602_038, 9_144_000, 1_655_762)),
            )
        },
    ];
    format!(
        "<p:sldLayout {NS} type=\"title\" preserve=\"1\">{}\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
        common_slide_data("Title Slide", "", &shapes)
    )
}

/// The one slide: the layout's empty title and subtitle.
fn slide() -> String {
    let shapes = [
        placeholder(2, "Title 1", "type=\"ctrTitle\"", None),
        placeholder(3, "Subtitle 2", "type=\"subTitle\" idx=\"1\"", None),
    ];
    format!(
        "<p:sld {NS}>{}<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
        common_slide_data("", "", &shapes)
    )
}

/// The theme: a sober colour scheme, Arial for headings and body, plain fills and lines.
fn theme() -> String {
    let colors = [
        ("dk2", "1F2A44"),
        ("lt2", "E8EBF0"),
        ("accent1", "2F6FB0"),
        ("accent2", "E07B39"),
        ("accent3", "8A8F98"),
        ("accent4", "E3B505"),
        ("accent5", "4A90C8"),
        ("accent6", "5A9E4B"),
        ("hlink", "1F5FA8"),
        ("folHlink", "7B4FA0"),
    ];
    let colors: String = colors
        .iter()
        .map(|(name, rgb)| format!("<a:{name}><a:srgbClr val=\"{rgb}\"/></a:{name}>"))
        .collect();
    let font = "<a:latin typeface=\"Arial\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>";
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let lines: String = [6350, 12700, 19050]
        .iter()
        .map(|w| format!("<a:ln w=\"{w}\">{fill}<a:prstDash val=\"solid\"/></a:ln>"))
        .collect();
    format!(
        "<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         name=\"Bureau\"><a:themeElements>\
         <a:clrScheme name=\"Bureau\">\
         <a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>\
         <a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>{colors}</a:clrScheme>\
         <a:fontScheme name=\"Bureau\"><a:majorFont>{font}</a:majorFont>\
         <a:minorFont>{font}</a:minorFont></a:fontScheme>\
         <a:fmtScheme name=\"Bureau\">\
         <a:fillStyleLst>{fills}</a:fillStyleLst>\
         <a:lnStyleLst>{lines}</a:lnStyleLst>\
         <a:effectStyleLst>{effects}</a:effectStyleLst>\
         <a:bgFillStyleLst>{fills}</a:bgFillStyleLst>\
         </a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        fills = fill.repeat(3),
        effects = "<a:effectStyle><a:effectLst/></a:effectStyle>".repeat(3),
    )
}

/// The bytes of the blank `.pptx`.
pub(super) fn render() -> Vec<u8> {
    let presentation = format!("<p:presentation {NS}>{PRESENTATION_BODY}</p:presentation>");
    let pres_props = format!("<p:presentationPr {NS}/>");
    let parts = [
        Part::new("ppt/presentation.xml", CT_PRESENTATION, &presentation),
        Part::rels(
            "ppt/_rels/presentation.xml.rels",
            &[
                ("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
                ("rId2", "slide", "slides/slide1.xml"),
                ("rId3", "theme", "theme/theme1.xml"),
                ("rId4", "presProps", "presProps.xml"),
            ],
        ),
        Part::new("ppt/presProps.xml", CT_PRES_PROPS, &pres_props),
        Part::new("ppt/slides/slide1.xml", CT_SLIDE, &slide()),
        Part::rels(
            "ppt/slides/_rels/slide1.xml.rels",
            &[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")],
        ),
        Part::new("ppt/slideLayouts/slideLayout1.xml", CT_LAYOUT, &layout()),
        Part::rels(
            "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
            &[("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")],
        ),
        Part::new("ppt/slideMasters/slideMaster1.xml", CT_MASTER, &master()),
        Part::rels(
            "ppt/slideMasters/_rels/slideMaster1.xml.rels",
            &[
                ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                ("rId2", "theme", "../theme/theme1.xml"),
            ],
        ),
        Part::new("ppt/theme/theme1.xml", CT_THEME, &theme()),
    ];
    package::write("ppt/presentation.xml", &parts)
}
