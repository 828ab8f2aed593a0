//! Where an import's CSV comes from. A file is opened afresh for each pass and read a chunk at a
//! time, so a million-row file is never held in memory whole; an HTTP body is already in memory
//! (bounded by `import_limit_bytes`) and is shared between the passes, not copied.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::Error;

#[derive(Clone)]
pub enum Source {
    Bytes(Arc<[u8]>),
    File(PathBuf),
}

impl Source {
    pub fn open(&self) -> Result<Box<dyn Read + Send>, Error> {
        match self {
            Source::Bytes(bytes) => Ok(Box::new(Cursor::new(bytes.clone()))),
            Source::File(path) => {
                let file = File::open(path).map_err(|e| {
                    Error::invalid("file", "readable", format!("{}: {e}", path.display()))
                })?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
            }
        }
    }
}

impl From<Vec<u8>> for Source {
    fn from(bytes: Vec<u8>) -> Self {
        Source::Bytes(bytes.into())
    }
}

impl From<String> for Source {
    fn from(text: String) -> Self {
        Source::Bytes(text.into_bytes().into())
    }
}

impl From<&str> for Source {
    fn from(text: &str) -> Self {
        Source::Bytes(text.as_bytes().into())
    }
}

/// An uploaded file as UTF-8. Spreadsheets in China save CSV as UTF-8 (with or without a BOM)
/// or as GBK / GB18030; `charset` is what the request's `Content-Type` declared, if anything.
/// A file that is not valid UTF-8 is read as GB18030 (a superset of GBK and GB2312) when it is
/// valid as that, whatever was declared; otherwise it is refused naming the encodings taken.
pub fn decode_upload(bytes: Vec<u8>, charset: Option<&str>) -> Result<Vec<u8>, Error> {
    let declared_gb = charset.is_some_and(|c| {
        let c = c.trim().trim_matches('"').to_ascii_lowercase();
        matches!(c.as_str(), "gbk" | "gb2312" | "gb18030" | "cp936" | "x-gbk")
    });
    if !declared_gb && std::str::from_utf8(&bytes).is_ok() {
        return Ok(bytes);
    }
    let (text, _) = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .map(|t| (t, ()))
        .ok_or_else(|| {
            Error::invalid(
                "file",
                "encoding",
                "the file is neither UTF-8 nor GBK/GB18030: save it as CSV UTF-8 \
                 (Excel: Save As → CSV UTF-8), or as CSV in GBK",
            )
        })?;
    Ok(text.into_owned().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::decode_upload;

    #[test]
    fn gbk_files_are_read_and_undecodable_ones_refused() {
        let text = "uscc,name_zh,region\n91130200MA1000001D,唐山样例减速器有限公司,130200\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "the sample must not be UTF-8"
        );
        assert_eq!(decode_upload(gbk.to_vec(), None).unwrap(), text.as_bytes());
        assert_eq!(
            decode_upload(gbk.to_vec(), Some("GBK")).unwrap(),
            text.as_bytes()
        );
        assert_eq!(
            decode_upload(text.as_bytes().to_vec(), None).unwrap(),
            text.as_bytes()
        );
        // 0xFF is valid in neither encoding (GB18030 reads a lone 0x80 as the euro sign).
        let err = decode_upload(b"a,b\n\xFF\n".to_vec(), None).unwrap_err();
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }
}
