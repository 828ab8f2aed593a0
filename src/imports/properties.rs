//! Property tests: whatever bytes arrive, parsing and checking never panic, and every failure
//! is a refusal that names a field (which the API answers as 422), never anything else.
//! `make fuzz` runs them with many more cases (`PROPTEST_CASES`).

use proptest::prelude::*;

use super::csv_rows;
use super::organisations::ENTERPRISE_COLUMNS;
use super::plan::{field_errors, parse_cells};
use super::relationships::COLUMNS as RELATIONSHIP_COLUMNS;
use crate::domain::cursor::{decode_after, decode_offset, encode_after, encode_offset, MAX_OFFSET};
use crate::domain::Uscc;
use crate::error::Error;
use crate::organisations::input::{NewEnterprise, Registration};
use crate::relationships::input::NewRelationship;

/// CSV-ish text: mostly printable, with commas, quotes, line breaks, a BOM and stray bytes.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::sample::select(vec![
        "uscc,name_zh,region,scale,tags\n".to_owned(),
        "kind,source_id,target_id,product,year,share,source\n".to_owned(),
        "\u{feff}uscc,name_zh,region\n".to_owned(),
        String::new(),
    ]);
    let body = prop::collection::vec(
        prop_oneof![
            "[ -~]{0,12}".prop_map(String::from),
            Just(",".to_owned()),
            Just("\"".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("北京科技大学".to_owned()),
            Just("91350100M000100Y43".to_owned()),
            Just("1e308".to_owned()),
            Just("-0".to_owned()),
        ],
        0..60,
    );
    let junk = prop::collection::vec(any::<u8>(), 0..8);
    (header, body, junk).prop_map(|(h, b, j)| {
        let mut bytes = h.into_bytes();
        bytes.extend(b.concat().into_bytes());
        bytes.extend(j);
        bytes
    })
}

/// Runs the checks an import runs on every row; the result is only inspected for its shape.
fn check_rows(text: &[u8]) -> Result<(), Error> {
    for row in csv_rows::parse(text, ENTERPRISE_COLUMNS, &[])? {
        if let Ok(e) = parse_cells::<NewEnterprise>(row.cells) {
            let _ = e.into_new().map_err(field_errors);
        }
    }
    for row in csv_rows::parse(text, RELATIONSHIP_COLUMNS, &[])? {
        if let Ok(r) = parse_cells::<NewRelationship>(row.cells) {
            let _ = r.checked_props().map_err(field_errors);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_bytes_through_the_csv_checks_never_panic(text in csvish()) {
        match check_rows(&text) {
            Ok(()) => {}
            Err(Error::Invalid(errors)) => prop_assert!(!errors.is_empty()),
            Err(other) => prop_assert!(false, "not a refusal: {other:?}"),
        }
    }

    #[test]
    fn raw_bytes_too(text in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = check_rows(&text);
    }

    #[test]
    fn the_uscc_parser_accepts_exactly_the_valid_codes(text in "[0-9A-Za-z]{16,19}|.{0,20}") {
        match Uscc::parse(&text) {
            Ok(u) => {
                prop_assert_eq!(u.as_str(), text.as_str());
                let body = &text.as_bytes()[..17];
                prop_assert_eq!(
                    crate::domain::uscc::check_character(body),
                    text.chars().last()
                );
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn a_code_with_its_computed_check_character_is_valid(body in "[0-9A-HJ-NPQRTUWXY]{17}") {
        let check = crate::domain::uscc::check_character(body.as_bytes()).unwrap();
        let code = format!("{}{}", body, check);
        prop_assert!(Uscc::parse(&code).is_ok());
        // Any other last character is refused.
        let wrong = if check == '0' { '1' } else { '0' };
        let refused = format!("{}{}", body, wrong);
        prop_assert!(Uscc::parse(&refused).is_err());
    }

    #[test]
    fn cursors_decode_only_what_was_issued(text in ".{0,300}", offset in 0..=MAX_OFFSET) {
        let _ = decode_after(&text);
        match decode_offset(&text) {
            Ok(n) => prop_assert!(n <= MAX_OFFSET),
            Err(e) => prop_assert!(e.rule == "format" || e.rule == "range"),
        }
        prop_assert_eq!(decode_offset(&encode_offset(offset)).unwrap(), offset);
        prop_assert!(decode_after(&encode_after("ent-1")).is_ok());
    }
}
