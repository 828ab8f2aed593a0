//! CSV files as rows of named cells, converted to the JSON the API's request types accept so
//! that imports reuse exactly the same validation as single requests.

use std::collections::HashMap;
use std::io::Read;

use serde_json::{json, Map, Value};

use super::source::Source;
use super::value_names;
use crate::error::{Error, FieldError};

/// Columns whose cells are numbers, true/false, or `;`-separated lists.
const NUMERIC: &[&str] = &["year", "share", "valid_from", "valid_to", "since", "until"];
const BOOLEAN: &[&str] = &["synthetic"];
const LISTS: &[&str] = &["tags", "products"];

/// Column names as staff write them in Chinese, beside the English ones: `(heading, column)`.
/// A heading stands for the first of its columns the kind of file has (类型 is `rd_kind` in an
/// R&D source list and `kind` in a relationship list).
const HEADINGS: &[(&str, &str)] = &[
    ("企业名称", "name_zh"),
    ("机构名称", "name_zh"),
    ("单位名称", "name_zh"),
    ("名称", "name_zh"),
    ("中文名称", "name_zh"),
    ("英文名称", "name_en"),
    ("英文名", "name_en"),
    ("统一社会信用代码", "uscc"),
    ("社会信用代码", "uscc"),
    ("信用代码", "uscc"),
    ("所在地区", "region"),
    ("所在地", "region"),
    ("地区", "region"),
    ("区县", "region"),
    ("行政区划", "region"),
    ("行政区划代码", "region"),
    ("地区代码", "region"),
    ("企业规模", "scale"),
    ("规模", "scale"),
    ("标签", "tags"),
    ("简介", "description"),
    ("企业简介", "description"),
    ("描述", "description"),
    ("所在园区", "park"),
    ("园区", "park"),
    ("来源", "source"),
    ("信息来源", "source"),
    ("数据来源", "source"),
    ("编号", "id"),
    ("合成数据", "synthetic"),
    ("匹配", "match"),
    ("匹配机构", "match"),
    ("机构类型", "rd_kind"),
    ("类型", "rd_kind"),
    ("关系类型", "kind"),
    ("类型", "kind"),
    ("源机构", "source_id"),
    ("供应方", "source_id"),
    ("上游", "source_id"),
    ("目标机构", "target_id"),
    ("源机构地区", "source_region"),
    ("目标机构地区", "target_region"),
    ("客户", "target_id"),
    ("下游", "target_id"),
    ("产品", "product"),
    ("技术", "technology"),
    ("转化方式", "mode"),
    ("方式", "mode"),
    ("年份", "year"),
    ("份额", "share"),
    ("占比", "share"),
    ("主题", "topic"),
    ("范围", "scope"),
    ("起始年", "valid_from"),
    ("终止年", "valid_to"),
    ("企业", "enterprise"),
    ("产业链环节", "segment"),
    ("环节", "segment"),
    ("角色", "role"),
    ("产品", "products"),
    ("起始年", "since"),
    ("终止年", "until"),
];

/// The column a heading names in a file whose columns are `allowed`.
fn column_of<'a>(heading: &'a str, allowed: &[&'a str]) -> &'a str {
    if allowed.contains(&heading) {
        return heading;
    }
    HEADINGS
        .iter()
        .find(|(name, column)| *name == heading && allowed.contains(column))
        .map_or(heading, |(_, column)| column)
}

#[derive(Clone)]
pub struct Row {
    /// 1-based position in the file, counting the header as 1.
    pub line: usize,
    pub cells: Map<String, Value>,
}

/// A CSV file read a chunk of rows at a time, after its header was checked.
pub struct Rows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    header: Vec<String>,
    line: usize,
}

impl Rows {
    /// Opens `source`; the header must use only `allowed` columns and include every `required`
    /// one.
    pub fn open(source: &Source, allowed: &[&str], required: &[&str]) -> Result<Self, Error> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(source.open()?);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::invalid("file", "csv", e.to_string()))?
            .iter()
            .map(|h| column_of(h.trim_start_matches('\u{feff}').trim(), allowed).to_owned())
            .collect();
        let mut problems = Vec::new();
        for (i, column) in header.iter().enumerate() {
            if !allowed.contains(&column.as_str()) {
                let why = "not a column of this kind of file";
                problems.push(column_error(column, "unknown_column", why));
            } else if header[..i].contains(column) {
                let why = "two headings name this column";
                problems.push(column_error(column, "duplicate_column", why));
            }
        }
        for column in required {
            if !header.iter().any(|h| h == column) {
                let why = "required column is missing";
                problems.push(column_error(column, "missing_column", why));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(Rows {
            reader,
            header,
            line: 1,
        })
    }

    /// Up to `n` more rows; none at the end of the file.
    pub fn next_chunk(&mut self, n: usize) -> Result<Vec<Row>, Error> {
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        while rows.len() < n {
            let more = self.reader.read_record(&mut record).map_err(|e| {
                Error::invalid("file", "csv", format!("line {}: {e}", self.line + 1))
            })?;
            if !more {
                break;
            }
            self.line += 1;
            let mut cells = Map::new();
            for (column, cell) in self.header.iter().zip(record.iter()) {
                if !cell.is_empty() {
                    cells.insert(column.clone(), cell_value(column, cell));
                }
            }
            rows.push(Row {
                line: self.line,
                cells,
            });
        }
        Ok(rows)
    }
}

/// The file with the user's choices written into its `match` column (added when it has none):
/// `choices` maps a row's line (the header is 1) to the id of the record it is, or `new`. The
/// page sends the choices it offered in the preview this way, so a workbook need not be edited.
pub fn with_choices(text: &[u8], choices: &HashMap<usize, String>) -> Result<Vec<u8>, Error> {
    let bad = |e: csv::Error| Error::invalid("file", "csv", e.to_string());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut column = None;
    for (i, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.map_err(bad)?.iter().map(str::to_owned).collect();
        let at = *column.get_or_insert_with(|| {
            let named = |h: &String| {
                column_of(h.trim_start_matches('\u{feff}').trim(), &["match"]) == "match"
            };
            cells.iter().position(named).unwrap_or(cells.len())
        });
        if i == 0 && at == cells.len() {
            cells.push("match".into());
        } else if i > 0 {
            cells.resize(cells.len().max(at + 1), String::new());
            if let Some(choice) = choices.get(&(i + 1)) {
                cells[at] = choice.clone();
            }
        }
        out.write_record(&cells).map_err(bad)?;
    }
    out.into_inner()
        .map_err(|e| Error::invalid("file", "csv", e.to_string()))
}

/// Every row of `text` (see [`Rows::open`]).
#[cfg(test)]
pub fn parse(text: &[u8], allowed: &[&str], required: &[&str]) -> Result<Vec<Row>, Error> {
    Rows::open(&Source::Bytes(text.into()), allowed, required)?.next_chunk(usize::MAX)
}

/// How many rows `source` holds below its header (a quick pass that parses no cells).
pub fn count(source: &Source) -> Result<usize, Error> {
    let mut reader = csv::ReaderBuilder::new().from_reader(source.open()?);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        n += 1;
    }
    Ok(n)
}

fn column_error(column: &str, rule: &str, message: &str) -> FieldError {
    FieldError::new(column, rule, message)
}

fn cell_value(column: &str, cell: &str) -> Value {
    if BOOLEAN.contains(&column) {
        match cell.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "是" => return json!(true),
            "false" | "no" | "0" | "否" => return json!(false),
            _ => {}
        }
    }
    if LISTS.contains(&column) {
        // A list as Chinese spreadsheets write it too: ；and 、 between the items.
        return json!(cell
            .split([';', '；', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| value_names::code_of(column, item))
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
    // Anything else stays text (a Chinese name of a value read as its code); a non-number in a
    // numeric column then fails validation with the column's name.
    json!(value_names::code_of(column, cell))
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
    fn chinese_values_read_as_codes_lists_split_on_chinese_separators_too() {
        let text = "企业名称,规模,标签,合成数据\n京西重工,大型,链主企业；专精特新“小巨人”、高新技术企业,否\n";
        let allowed = ["name_zh", "scale", "tags", "synthetic"];
        let rows = parse(text.as_bytes(), &allowed, &["name_zh"]).unwrap();
        assert_eq!(rows[0].cells["scale"], "large");
        assert_eq!(
            rows[0].cells["tags"],
            json!(["chain_leader", "little_giant", "high_tech"])
        );
        assert_eq!(rows[0].cells["synthetic"], json!(false));
    }

    #[test]
    fn chinese_headings_name_the_columns_of_the_kind_of_file() {
        let text = "企业名称,统一社会信用代码,所在地区,类型\n京西重工,,130700,university\n";
        let allowed = ["name_zh", "uscc", "region", "rd_kind"];
        let rows = parse(text.as_bytes(), &allowed, &["name_zh"]).unwrap();
        assert_eq!(rows[0].cells["name_zh"], "京西重工");
        assert_eq!(rows[0].cells["rd_kind"], "university");
        let relationships = parse(
            "类型,年份\nsupplies,2024\n".as_bytes(),
            &["kind", "year"],
            &[],
        );
        assert_eq!(relationships.unwrap()[0].cells["kind"], "supplies");
        let Err(Error::Invalid(errors)) =
            parse("名称,企业名称\nx,y\n".as_bytes(), &["name_zh"], &[])
        else {
            panic!("two headings for one column were accepted")
        };
        assert_eq!(errors[0].rule, "duplicate_column");
    }

    #[test]
    fn choices_are_written_into_the_match_column() {
        let choices = HashMap::from([
            (2, "new".to_owned()),
            (3, "ent-0123456789abcdef".to_owned()),
        ]);
        let added = with_choices("企业名称\n甲\n乙\n丙\n".as_bytes(), &choices).unwrap();
        assert_eq!(
            String::from_utf8(added).unwrap(),
            "企业名称,match\n甲,new\n乙,ent-0123456789abcdef\n丙,\n"
        );
        let kept = with_choices("匹配,企业名称\n,甲\nrd-x,乙\n".as_bytes(), &choices).unwrap();
        assert_eq!(
            String::from_utf8(kept).unwrap(),
            "匹配,企业名称\nnew,甲\nent-0123456789abcdef,乙\n"
        );
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
