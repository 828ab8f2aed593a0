//! Excel workbooks (`.xlsx`, `.xls`, `.ods`) as the CSV the importers read: the lists staff and
//! alliances hold are workbooks, and converting one sheet to CSV at the edge lets every import
//! keep one reader, one set of checks and one report. A workbook is read whole by calamine; the
//! upload limit bounds it.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::Error;

/// The first bytes of a ZIP archive (`.xlsx`, `.ods`) and of an OLE compound file (`.xls`).
const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// True when `bytes` look like a workbook rather than text.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP) || bytes.starts_with(OLE)
}

/// The sheet named `sheet` (the first when `None`) of a workbook, as UTF-8 CSV. Rows left
/// wholly empty (a spreadsheet's spacing) are dropped; whole numbers are written without a
/// decimal point, so a region code typed as a number reads `130200`, not `130200.0`.
pub fn to_csv(bytes: Vec<u8>, sheet: Option<&str>) -> Result<Vec<u8>, Error> {
    let unreadable = |e: calamine::Error| {
        Error::invalid(
            "file",
            "workbook",
            format!("the workbook cannot be read ({e}); save it again as .xlsx or as CSV UTF-8"),
        )
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names.iter().find(|n| n.trim() == wanted.trim()).cloned(),
        None => names.first().cloned(),
    }
    .ok_or_else(|| {
        Error::invalid(
            "sheet",
            "exists",
            format!("the workbook's sheets are: {}", names.join(", ")),
        )
    })?;
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.write_record(&cells)
            .map_err(|e| Error::invalid("file", "workbook", e.to_string()))?;
    }
    out.into_inner()
        .map_err(|e| Error::invalid("file", "workbook", e.to_string()))
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Int(n) => n.to_string(),
        Data::Bool(b) => b.to_string(),
        // A date cell: the year is what the import's year columns take.
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| d.as_f64().to_string()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in sheets {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    match cell.parse::<f64>() {
                        Ok(n) => sheet.write_number(r as u32, c as u16, n).unwrap(),
                        Err(_) => sheet.write_string(r as u32, c as u16, *cell).unwrap(),
                    };
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_the_first_or_the_named_sheet_with_numbers_as_typed() {
        let bytes = workbook(&[
            ("说明", &[&["本表为示例"]]),
            (
                "企业",
                &[
                    &["企业名称", "所在地区"],
                    &["京西重工", "130700"],
                    &["", ""],
                ],
            ),
        ]);
        assert!(is_workbook(&bytes));
        let first = String::from_utf8(to_csv(bytes.clone(), None).unwrap()).unwrap();
        assert_eq!(first, "本表为示例\n");
        let named = String::from_utf8(to_csv(bytes.clone(), Some("企业")).unwrap()).unwrap();
        assert_eq!(named, "企业名称,所在地区\n京西重工,130700\n");
        let Err(Error::Invalid(errors)) = to_csv(bytes, Some("Sheet9")) else {
            panic!("a missing sheet was accepted")
        };
        assert_eq!(errors[0].field, "sheet");
        assert!(
            errors[0].message.contains("说明, 企业"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_broken_workbook_is_refused_not_a_panic() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&[0; 64]);
        assert!(matches!(to_csv(bytes, None), Err(Error::Invalid(_))));
    }
}
