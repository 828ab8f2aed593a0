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

#[cfg(test)]
mod tests {
    use super::*;

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
