//! Opaque page cursors. A cursor holds where the previous page ended: an organisation id for
//! lists ordered by id, or an offset for ranked results. Decoding is bounded: anything this API
//! did not issue, or an offset past `MAX_OFFSET`, is refused.

use super::ids::{IdError, OrgId, RecordId};

/// The deepest a ranked result can be paged; further pages are refused, not computed.
pub const MAX_OFFSET: usize = 10_000;

fn refused() -> IdError {
    IdError {
        rule: "format",
        message: "not a cursor this API issued".into(),
    }
}

fn decode_text(cursor: &str) -> Result<String, IdError> {
    // An id is at most 64 characters, an offset at most 5 digits: hex doubles that.
    if cursor.len() > 128 {
        return Err(refused());
    }
    hex::decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(refused)
}

pub fn encode_after(id: &str) -> String {
    hex::encode(id.as_bytes())
}

/// The id a list page continues after.
pub fn decode_after(cursor: &str) -> Result<OrgId, IdError> {
    OrgId::parse(&decode_text(cursor)?).map_err(|_| refused())
}

/// The record id a list of other records (relationships) continues after.
pub fn decode_after_record(cursor: &str) -> Result<RecordId, IdError> {
    RecordId::parse(&decode_text(cursor)?).map_err(|_| refused())
}

pub fn encode_offset(offset: usize) -> String {
    hex::encode(offset.to_string())
}

/// The offset a ranked page starts at, at most [`MAX_OFFSET`].
pub fn decode_offset(cursor: &str) -> Result<usize, IdError> {
    let offset: usize = decode_text(cursor)?.parse().map_err(|_| refused())?;
    if offset > MAX_OFFSET {
        return Err(IdError {
            rule: "range",
            message: format!("results can be paged up to {MAX_OFFSET} deep; narrow the query"),
        });
    }
    Ok(offset)
}

/// A place in the change feed: the feed's epoch (a new one begins when the database is reset or
/// replaced, so a place in another database's feed is never taken for one in this) and the
/// change's number in commit order. Written `EPOCH-SEQ`, e.g. `3fa9c1d2-1234`; `EPOCH-0` is
/// before the first change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedCursor {
    pub epoch: String,
    pub seq: i64,
}

impl FeedCursor {
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let (epoch, seq) = text.split_once('-').ok_or_else(refused)?;
        let epoch_ok = epoch.len() == 8
            && epoch
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let seq_ok = (1..=18).contains(&seq.len()) && seq.bytes().all(|b| b.is_ascii_digit());
        if !(epoch_ok && seq_ok) {
            return Err(refused());
        }
        Ok(FeedCursor {
            epoch: epoch.to_owned(),
            seq: seq.parse().map_err(|_| refused())?,
        })
    }
}

impl std::fmt::Display for FeedCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.epoch, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_cursors_round_trip_and_refuse_what_the_feed_never_issued() {
        let c = FeedCursor::parse("3fa9c1d2-1234").unwrap();
        assert_eq!((c.epoch.as_str(), c.seq), ("3fa9c1d2", 1234));
        assert_eq!(c.to_string(), "3fa9c1d2-1234");
        for bad in [
            "",
            "3fa9c1d2",
            "3fa9c1d2-",
            "3FA9C1D2-1",
            "3fa9c1d-1",
            "3fa9c1d2-x",
            "3fa9c1d2--1",
            "3fa9c1d2-1234567890123456789",
        ] {
            assert!(FeedCursor::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(
            decode_after(&encode_after("ent-1")).unwrap().as_str(),
            "ent-1"
        );
        assert_eq!(decode_offset(&encode_offset(40)).unwrap(), 40);
    }

    #[test]
    fn foreign_and_overflowing_cursors_are_refused() {
        let huge = hex::encode("18446744073709551615");
        assert_eq!(decode_offset(&huge).unwrap_err().rule, "range");
        assert_eq!(
            decode_offset(&hex::encode("-1")).unwrap_err().rule,
            "format"
        );
        assert_eq!(decode_offset("zz").unwrap_err().rule, "format");
        assert_eq!(
            decode_after(&hex::encode("DROP")).unwrap_err().rule,
            "format"
        );
        assert!(decode_after(&"ab".repeat(100)).is_err());
    }
}
