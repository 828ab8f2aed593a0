//! CSV files as rows of named cells, converted to the JSON the API's request types accept so
//! that imports reuse exactly the same validation as single requests.

use serde_json::{json, Map, Value};

use crate::error::{Error, FieldError};

/// Columns whose cells are numbers, and columns holding `;`-separated lists.
const NUMERIC: &[&str] = &["year", "share", "valid_from", "valid_to"];
const LISTS: &[&str] = &["tags"];

pub struct Row {
    /// 1-based line number in the file, counting the header as line 1.
    pub line: usize,
    pub cells: Map<String, Value>,
}

/// Parses `text`; the header must use only `allowed` columns and include every `required` one.
pub fn parse(text: &[u8], allowed: &[&str], required: &[&str]) -> Result<Vec<Row>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid("file", "csv", e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let mut problems = Vec::new();
    for column in &header {
        if !allowed.contains(&column.as_str()) {
            problems.push(column_error(
                column,
                "unknown_column",
                "not a column of this kind of file",
            ));
        }
    }
    for column in required {
        if !header.iter().any(|h| h == column) {
            problems.push(column_error(
                column,
                "missing_column",
                "required column is missing",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| Error::invalid("file", "csv", format!("line {}: {e}", i + 2)))?;
        let mut cells = Map::new();
        for (column, cell) in header.iter().zip(record.iter()) {
            if !cell.is_empty() {
                cells.insert(column.clone(), cell_value(column, cell));
            }
        }
        rows.push(Row { line: i + 2, cells });
    }
    Ok(rows)
}

fn column_error(column: &str, rule: &str, message: &str) -> FieldError {
    FieldError::new(column, rule, message)
}

fn cell_value(column: &str, cell: &str) -> Value {
    if LISTS.contains(&column) {
        return json!(cell
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>());
    }
    if NUMERIC.contains(&column) {
        if let Ok(n) = cell.parse::<i64>() {
            return json!(n);
        }
        if let Ok(x) = cell.parse::<f64>() {
            return json!(x);
        }
    }
    // Anything else stays text; a non-number in a numeric column then fails validation with
    // the column's name.
    json!(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cells_lists_and_numbers_and_skips_empty_cells() {
        let text = "\u{feff}name_zh,tags,year,region\n北京科技大学,a; b,2024,\n";
        let rows = parse(
            text.as_bytes(),
            &["name_zh", "tags", "year", "region"],
            &["name_zh"],
        )
        .unwrap();
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].cells["name_zh"], "北京科技大学");
        assert_eq!(rows[0].cells["tags"], json!(["a", "b"]));
        assert_eq!(rows[0].cells["year"], 2024);
        assert!(!rows[0].cells.contains_key("region"));
    }

    #[test]
    fn rejects_unknown_and_missing_columns() {
        let Err(Error::Invalid(errors)) = parse(b"nme\nx\n", &["name_zh"], &["name_zh"]) else {
            panic!("accepted a bad header")
        };
        let rules: Vec<&str> = errors.iter().map(|e| e.rule.as_str()).collect();
        assert_eq!(rules, vec!["unknown_column", "missing_column"]);
    }
}
