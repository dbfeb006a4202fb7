//! The document engine: opening a file into `Editor.bin` and assembling the saved result, both
//! with x2t, as the DS's FileConverter does.
//!
//! Open: the downloaded file is converted to the editor family's `Editor.bin` (plus `media/`); a
//! file x2t cannot read fails to open (DS: `convertOpen` error, the editor shows -3/-84/-89).
//! Save: `Editor.bin` → OOXML (x2t), the session's edits are applied ([`crate::ooxml`]), the
//! package → a new `Editor.bin` (x2t) → the output format (x2t). With `assemblyFormatAsOrigin`
//! (default since 7.0) the output is the original format when x2t can write it, else OOXML.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::ooxml::{self, EditError};
use crate::x2t::{X2t, X2tError};
use crate::x2t_formats::{self, Family};

/// Formats written back as themselves when saving (`assemblyFormatAsOrigin`).
const SAVE_AS_ORIGIN: &[&str] = &[
    "docx", "docm", "dotx", "dotm", "odt", "ott", "rtf", "txt", "xlsx", "xlsm", "xltx", "xltm",
    "ods", "ots", "csv", "pptx", "pptm", "potx", "potm", "ppsx", "ppsm", "odp", "otp", "pdf",
];

/// A failure of the engine.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The extension is not one the editors open.
    #[error("unsupported file type {0:?}")]
    UnsupportedType(String),
    /// x2t failed.
    #[error(transparent)]
    X2t(#[from] X2tError),
    /// The edits could not be applied to the package x2t wrote.
    #[error("applying edits: {0}")]
    Edit(#[from] EditError),
    /// Reading or writing a work file failed.
    #[error("engine i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl EngineError {
    /// The DS internal error code (`-80 CONVERT`, `-82 unknown format`, …).
    pub fn ds_code(&self) -> i32 {
        match self {
            Self::X2t(e) => e.ds_code(),
            Self::UnsupportedType(_) => -82,
            _ => -80,
        }
    }
}

/// A document opened into the editor's internal format, in its own cache directory.
#[derive(Debug)]
pub struct OpenedDocument {
    dir: tempfile::TempDir,
    family: Family,
    source_ext: String,
    bin_sha256: String,
}

impl OpenedDocument {
    /// The editor family (word/cell/slide/pdf).
    pub fn family(&self) -> Family {
        self.family
    }

    /// The extension of the file that was opened.
    pub fn source_ext(&self) -> &str {
        &self.source_ext
    }

    /// The path of `Editor.bin`.
    pub fn editor_bin(&self) -> PathBuf {
        self.dir.path().join("Editor.bin")
    }

    /// SHA-256 (hex) of `Editor.bin`: `history.changes[].documentSha256` (Appendix A.1).
    pub fn editor_bin_sha256(&self) -> &str {
        &self.bin_sha256
    }

    /// The extension the save produces (`assemblyFormatAsOrigin`).
    pub fn output_ext(&self) -> &str {
        if SAVE_AS_ORIGIN.contains(&self.source_ext.as_str()) {
            &self.source_ext
        } else {
            self.family.ooxml_ext()
        }
    }
}

/// The engine: x2t plus the work directories.
#[derive(Debug, Clone)]
pub struct Engine {
    x2t: X2t,
}

impl Engine {
    /// An engine running conversions with `x2t`.
    pub fn new(x2t: X2t) -> Self {
        Self { x2t }
    }

    /// The x2t runner (for the Conversion service).
    pub fn x2t(&self) -> &X2t {
        &self.x2t
    }

    /// Opens `source` (of type `ext`) into `Editor.bin`.
    pub async fn open(&self, source: &Path, ext: &str) -> Result<OpenedDocument, EngineError> {
        let ext = ext.to_ascii_lowercase();
        let code =
            x2t_formats::x2t_code(&ext).ok_or_else(|| EngineError::UnsupportedType(ext.clone()))?;
        let family =
            Family::of_code(code).ok_or_else(|| EngineError::UnsupportedType(ext.clone()))?;
        let dir = tempfile::Builder::new().prefix("ds-doc-").tempdir()?;
        let bin = dir.path().join("Editor.bin");
        self.x2t.to_editor_bin(source, code, family, &bin).await?;
        let bin_sha256 = sha256_file(&bin).await?;
        Ok(OpenedDocument {
            dir,
            family,
            source_ext: ext,
            bin_sha256,
        })
    }

    /// Writes the document with `texts` added to `dest`, in [`OpenedDocument::output_ext`].
    pub async fn assemble(
        &self,
        doc: &OpenedDocument,
        texts: &[String],
        dest: &Path,
    ) -> Result<(), EngineError> {
        let out_code = x2t_formats::x2t_code(doc.output_ext())
            .ok_or_else(|| EngineError::UnsupportedType(doc.output_ext().to_owned()))?;
        if texts.is_empty() || doc.family == Family::Pdf {
            let bin = doc.editor_bin();
            self.x2t
                .from_editor_bin(&bin, doc.family, dest, out_code)
                .await?;
            return Ok(());
        }
        let work = tempfile::Builder::new().prefix("ds-save-").tempdir()?;
        let ooxml_ext = doc.family.ooxml_ext();
        let base = work.path().join(format!("base.{ooxml_ext}"));
        let ooxml_code = x2t_formats::x2t_code(ooxml_ext).unwrap_or_default();
        self.x2t
            .from_editor_bin(&doc.editor_bin(), doc.family, &base, ooxml_code)
            .await?;
        let package = read_file(&base).await?;
        let (family, texts) = (doc.family, texts.to_vec());
        let edited =
            tokio::task::spawn_blocking(move || ooxml::apply_texts(family, &package, &texts))
                .await
                .map_err(std::io::Error::other)??;
        let edited_path = work.path().join(format!("edited.{ooxml_ext}"));
        tokio::fs::write(&edited_path, edited).await?;
        let assembled = work.path().join("assembled").join("Editor.bin");
        tokio::fs::create_dir_all(work.path().join("assembled")).await?;
        self.x2t
            .to_editor_bin(&edited_path, ooxml_code, doc.family, &assembled)
            .await?;
        self.x2t
            .from_editor_bin(&assembled, doc.family, dest, out_code)
            .await?;
        Ok(())
    }
}

/// Reads a whole work file (work files are bounded by the download limit).
pub async fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(path).await?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).await?;
    Ok(bytes)
}

/// SHA-256 of a file, hex.
pub async fn sha256_file(path: &Path) -> std::io::Result<String> {
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}
