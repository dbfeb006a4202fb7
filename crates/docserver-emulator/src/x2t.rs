//! The x2t converter: the real ONLYOFFICE conversion engine, run as a child process.
//!
//! The Document Server's FileConverter writes a `TaskQueueDataConvert` XML file (`m_sFileFrom`,
//! `m_sFileTo`, `m_nFormatFrom`, `m_nFormatTo`, `m_sAllFontsPath`, `m_sFontDir`, `m_sThemeDir`,
//! `m_oThumbnail`, …) and runs `x2t <params.xml>`; a non-zero exit code `n` is the DS error `-n`
//! (`CONVERT -80`, `CONVERT_NEED_PARAMS -89`, `CONVERT_PASSWORD -91`, …). This module does the same
//! (ONLYOFFICE/server `FileConverter/sources/converter.js`, ONLYOFFICE/core `X2tConverter`).
//!
//! x2t ships in the PyPI package `document-builder` (`docbuilder/lib/x2t`); `scripts/setup/x2t.sh`
//! installs it and warms its font cache.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::x2t_formats::{self as formats, Family};

/// How to find the setup script when x2t is missing.
const SETUP_HINT: &str = "run scripts/setup/x2t.sh (pip install document-builder, then warm its \
                          font cache) or point X2T_PATH at docbuilder/lib/x2t";

/// A failure to run or of a run of x2t.
#[derive(Debug, thiserror::Error)]
pub enum X2tError {
    /// No usable x2t binary or font cache was found.
    #[error("x2t is not available: {0}; {SETUP_HINT}")]
    Missing(String),
    /// The extension is not a format x2t knows.
    #[error("x2t has no format for extension {0:?}")]
    UnknownFormat(String),
    /// x2t ran and exited with a non-zero code (the DS error is its negation).
    #[error("x2t exited with code {code}: {detail}")]
    Failed {
        /// The exit code, e.g. 80 (CONVERT), 89 (CONVERT_NEED_PARAMS), 91 (CONVERT_PASSWORD).
        code: i32,
        /// The last lines x2t printed.
        detail: String,
    },
    /// x2t ran longer than the configured timeout and was killed.
    #[error("x2t timed out")]
    Timeout,
    /// Reading or writing the work files failed.
    #[error("x2t i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl X2tError {
    /// The DS internal error code for this failure (`constants.js`: -80 CONVERT, -83 timeout…).
    pub fn ds_code(&self) -> i32 {
        match self {
            Self::Failed { code, .. } if (80..=99).contains(code) => -code,
            Self::Timeout => -83,
            Self::UnknownFormat(_) => -82,
            _ => -80,
        }
    }
}

/// Thumbnail options, as the Conversion API's `thumbnail` object (`m_oThumbnail`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thumbnail {
    /// 0 = stretch, 1 = keep aspect, 2 = page size (default).
    pub aspect: u32,
    /// Only the first page (`true`, default) or every page in a zip.
    pub first: bool,
    /// Width in pixels (default 100).
    pub width: u32,
    /// Height in pixels (default 100).
    pub height: u32,
}

impl Default for Thumbnail {
    fn default() -> Self {
        Self {
            aspect: 1,
            first: true,
            width: 100,
            height: 100,
        }
    }
}

/// One x2t conversion.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The input file.
    pub from: &'a Path,
    /// The x2t code of the input format.
    pub from_format: u32,
    /// The output file (its directory receives `media/` for Editor.bin outputs).
    pub to: &'a Path,
    /// The x2t code of the output format.
    pub to_format: u32,
    /// Image output options.
    pub thumbnail: Option<Thumbnail>,
    /// The password of an encrypted input.
    pub password: Option<&'a str>,
    /// csv/txt code page (`m_nCsvTxtEncoding`; default 46 = UTF-8, the DS editor would ask).
    pub code_page: Option<u32>,
    /// csv delimiter (`m_nCsvDelimiter`: 0 none, 1 tab, 2 `;`, 3 `:`, 4 `,` (default), 5 space).
    pub delimiter: Option<u32>,
}

impl<'a> Job<'a> {
    /// A plain conversion of `from` to `to`.
    pub fn new(from: &'a Path, from_format: u32, to: &'a Path, to_format: u32) -> Self {
        Self {
            from,
            from_format,
            to,
            to_format,
            thumbnail: None,
            password: None,
            code_page: None,
            delimiter: None,
        }
    }
}

/// A located, ready x2t installation.
#[derive(Debug, Clone)]
pub struct X2t {
    exe: PathBuf,
    lib: PathBuf,
    timeout: Duration,
}

impl X2t {
    /// Finds x2t: `explicit`, else env `X2T_PATH`, else `docbuilder/lib/x2t` of the Python package
    /// `document-builder`; checks that its font cache was generated.
    pub fn locate(explicit: Option<&Path>) -> Result<Self, X2tError> {
        let exe = match explicit {
            Some(path) => path.to_path_buf(),
            None => match std::env::var_os("X2T_PATH").filter(|v| !v.is_empty()) {
                Some(path) => PathBuf::from(path),
                None => python_docbuilder_x2t()?,
            },
        };
        Self::at(&exe)
    }

    /// Uses the x2t binary at `exe` (its directory must hold `sdkjs/` and the font cache).
    pub fn at(exe: &Path) -> Result<Self, X2tError> {
        if !exe.is_file() {
            return Err(X2tError::Missing(format!(
                "{} does not exist",
                exe.display()
            )));
        }
        let lib = exe.parent().map(Path::to_path_buf).unwrap_or_default();
        if !lib.join("sdkjs/common/AllFonts.js").is_file() {
            return Err(X2tError::Missing(format!(
                "the font cache {} was never generated",
                lib.join("sdkjs/common/AllFonts.js").display()
            )));
        }
        Ok(Self {
            exe: exe.to_path_buf(),
            lib,
            timeout: Duration::from_secs(300),
        })
    }

    /// Sets the time after which a conversion is killed (DS: `converter.maxprocesscount`/timeouts).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The x2t binary in use.
    pub fn path(&self) -> &Path {
        &self.exe
    }

    /// Runs one conversion.
    pub async fn run(&self, job: &Job<'_>) -> Result<(), X2tError> {
        let work = tempfile::tempdir()?;
        let params = work.path().join("params.xml");
        tokio::fs::write(&params, self.params_xml(job, work.path())).await?;
        let mut child = tokio::process::Command::new(&self.exe)
            .arg(&params)
            .current_dir(work.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let output = tokio::spawn(async move { read_tail(stdout, stderr).await });
        let status = match tokio::time::timeout(self.timeout, child.wait()).await {
            Ok(status) => status?,
            Err(_) => {
                child.kill().await.ok();
                return Err(X2tError::Timeout);
            }
        };
        let detail = output.await.unwrap_or_default();
        match status.code() {
            Some(0) if job.to.exists() => Ok(()),
            Some(0) => Err(X2tError::Failed {
                code: 80,
                detail: "no output file".into(),
            }),
            Some(code) => Err(X2tError::Failed { code, detail }),
            None => Err(X2tError::Failed {
                code: 80,
                detail: "killed by a signal".into(),
            }),
        }
    }

    /// Converts `from` (format from its extension) to `to` (format from its extension).
    pub async fn convert_by_ext(&self, from: &Path, to: &Path) -> Result<(), X2tError> {
        let code = |p: &Path| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            formats::x2t_code(ext).ok_or_else(|| X2tError::UnknownFormat(ext.to_owned()))
        };
        let job = Job::new(from, code(from)?, to, code(to)?);
        self.run(&job).await
    }

    /// Converts a document to the internal `Editor.bin` of its editor family (`to` is its path).
    pub async fn to_editor_bin(
        &self,
        from: &Path,
        from_format: u32,
        family: Family,
        to: &Path,
    ) -> Result<(), X2tError> {
        let job = Job::new(from, from_format, to, family.canvas_code());
        self.run(&job).await
    }

    /// Converts an `Editor.bin` of `family` to the format `to_format`.
    pub async fn from_editor_bin(
        &self,
        bin: &Path,
        family: Family,
        to: &Path,
        to_format: u32,
    ) -> Result<(), X2tError> {
        let job = Job::new(bin, family.canvas_code(), to, to_format);
        self.run(&job).await
    }

    fn params_xml(&self, job: &Job<'_>, temp: &Path) -> String {
        let lib = &self.lib;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TaskQueueDataConvert \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n",
        );
        let mut tag = |name: &str, value: &str| {
            xml.push_str(&format!("<{name}>{}</{name}>\n", xml_escape(value)));
        };
        tag("m_sFileFrom", &job.from.to_string_lossy());
        tag("m_sFileTo", &job.to.to_string_lossy());
        tag("m_nFormatFrom", &job.from_format.to_string());
        tag("m_nFormatTo", &job.to_format.to_string());
        tag("m_bIsNoBase64", "true");
        tag(
            "m_sAllFontsPath",
            &lib.join("sdkjs/common/AllFonts.js").to_string_lossy(),
        );
        tag("m_sFontDir", &lib.join("fonts").to_string_lossy());
        tag(
            "m_sThemeDir",
            &lib.join("sdkjs/slide/themes").to_string_lossy(),
        );
        tag("m_sTempDir", &temp.to_string_lossy());
        let text_formats = [formats::CSV, formats::TXT];
        if text_formats.contains(&job.from_format) || text_formats.contains(&job.to_format) {
            tag(
                "m_nCsvTxtEncoding",
                &job.code_page.unwrap_or(46).to_string(),
            );
            if job.from_format == formats::CSV || job.to_format == formats::CSV {
                tag("m_nCsvDelimiter", &job.delimiter.unwrap_or(4).to_string());
            }
        }
        if let Some(password) = job.password {
            tag("m_sPassword", password);
        }
        if let Some(t) = job.thumbnail {
            xml.push_str(&format!(
                "<m_oThumbnail><format>{}</format><aspect>{}</aspect><first>{}</first>\
                 <width>{}</width><height>{}</height></m_oThumbnail>\n",
                formats::cximage_code(job.to_format),
                t.aspect,
                t.first,
                t.width,
                t.height
            ));
        }
        xml.push_str("</TaskQueueDataConvert>\n");
        xml
    }
}

/// Asks Python where the `docbuilder` package is installed.
fn python_docbuilder_x2t() -> Result<PathBuf, X2tError> {
    let script = "import importlib.util, os\nspec = importlib.util.find_spec('docbuilder')\n\
                  print(os.path.join(list(spec.submodule_search_locations)[0], 'lib', 'x2t'))";
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| X2tError::Missing(format!("cannot run {python} to find docbuilder: {e}")))?;
    if !out.status.success() {
        return Err(X2tError::Missing(
            "the Python package document-builder is not installed".into(),
        ));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

async fn read_tail(
    stdout: Option<tokio::process::ChildStdout>,
    stderr: Option<tokio::process::ChildStderr>,
) -> String {
    use tokio::io::AsyncReadExt;
    let mut text = String::new();
    if let Some(mut out) = stdout {
        out.read_to_string(&mut text).await.ok();
    }
    if let Some(mut err) = stderr {
        err.read_to_string(&mut text).await.ok();
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

/// Escapes text for XML character data and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
