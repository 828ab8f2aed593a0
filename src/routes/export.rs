//! Answers as files: the chain map, the three lists and enterprise lists travel among
//! investment-promotion staff as Excel workbooks (and CSV), so the API produces them itself,
//! chosen by `?format=` or by `Accept`. Headers are Chinese (the people who open the files read
//! Chinese); sources and records are hyperlinks.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse};
use rust_xlsxwriter::{Format, Url, Workbook, XlsxError};
use serde::Deserialize;
use utoipa::ToSchema;

use super::problem::ApiError;

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";

/// An Excel workbook (`.xlsx`).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct XlsxFile(#[allow(dead_code)] Vec<u8>);

/// A CSV file: UTF-8 with a byte-order mark, which Excel needs to read Chinese text.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct CsvFile(#[allow(dead_code)] Vec<u8>);

/// The form of an answer that is one table or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Json,
    Xlsx,
}

/// The form of an answer that is one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListFormat {
    Json,
    Xlsx,
    Csv,
}

/// The format asked for: `?format=` when given, else the first file type `Accept` names.
pub fn list_format(req: &HttpRequest, asked: Option<ListFormat>) -> ListFormat {
    asked.unwrap_or_else(|| {
        let accept = req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if accept.contains(XLSX) {
            ListFormat::Xlsx
        } else if accept.contains("text/csv") {
            ListFormat::Csv
        } else {
            ListFormat::Json
        }
    })
}

pub fn sheet_format(req: &HttpRequest, asked: Option<SheetFormat>) -> SheetFormat {
    let list = asked.map(|f| match f {
        SheetFormat::Json => ListFormat::Json,
        SheetFormat::Xlsx => ListFormat::Xlsx,
    });
    match list_format(req, list) {
        ListFormat::Xlsx => SheetFormat::Xlsx,
        _ => SheetFormat::Json,
    }
}

/// A value in a cell.
pub enum Cell {
    Text(String),
    Number(f64),
    /// A hyperlink showing `text`.
    Link {
        url: String,
        text: String,
    },
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Number(x)
    }
}

impl From<usize> for Cell {
    fn from(x: usize) -> Self {
        Cell::Number(x as f64)
    }
}

impl From<i64> for Cell {
    fn from(x: i64) -> Self {
        Cell::Number(x as f64)
    }
}

impl Cell {
    /// A source as recorded: the link it names, if it names one, labelled with the whole text.
    pub fn source(source: Option<&str>) -> Cell {
        let Some(text) = source else {
            return Cell::Empty;
        };
        match text.split_whitespace().find(|w| w.starts_with("http")) {
            Some(url) => Cell::Link {
                url: url
                    .trim_end_matches(['，', '。', ')', '）', ',', ';'])
                    .to_owned(),
                text: text.to_owned(),
            },
            None => Cell::Text(text.to_owned()),
        }
    }

    fn text(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Link { text: s, .. } => s.clone(),
            Cell::Number(x) => x.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// One sheet: a name, the column headers and the rows.
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, headers: &[&str]) -> Self {
        Table {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }
}

/// The tables as a workbook, one sheet each, with a bold frozen header row and filters.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name)?;
        for (col, title) in (0u16..).zip(&table.headers) {
            sheet.write_with_format(0, col, title, &bold)?;
            let widest = table
                .rows
                .iter()
                .filter_map(|r| r.get(usize::from(col)))
                .map(|c| c.text().chars().count())
                .chain([title.chars().count() * 2])
                .max()
                .unwrap_or(8);
            sheet.set_column_width(col, (widest.clamp(6, 60) + 2) as f64)?;
        }
        for (row, cells) in (1u32..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(s) => {
                        sheet.write(row, col, s)?;
                    }
                    Cell::Number(x) => {
                        sheet.write(row, col, *x)?;
                    }
                    Cell::Link { url, text } => {
                        sheet.write_url_with_text(row, col, Url::new(url), text)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        let last_col = table.headers.len().saturating_sub(1) as u16;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    }
    workbook.save_to_buffer()
}

/// A table as CSV, with the byte-order mark Excel needs to take it as UTF-8.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing to memory cannot fail.
    let _ = out.write_record(&table.headers);
    for row in &table.rows {
        let _ = out.write_record(row.iter().map(Cell::text));
    }
    out.into_inner().unwrap_or_default()
}

/// The service's address as the caller reached it, for links in the files it produces.
pub fn base_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

/// A file download: its type, and a name to save it under.
pub fn file(body: Vec<u8>, content_type: &str, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename.to_owned())],
        })
        .body(body)
}

/// A workbook download. One that cannot be written is a fault on our side (a 500, logged).
pub fn workbook(tables: &[Table], filename: &str) -> Result<HttpResponse, ApiError> {
    let bytes = xlsx(tables).map_err(|e| ApiError::Internal(format!("writing a workbook: {e}")))?;
    Ok(file(bytes, XLSX, filename))
}
