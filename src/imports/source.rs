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
