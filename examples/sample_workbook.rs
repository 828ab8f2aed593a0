//! Writes `seeds/samples/enterprise_list.xlsx`: an enterprise list as staff hold one — Chinese
//! headings, short and legal names, place names for regions, traditional characters, pinyin,
//! and no USCC but for a new firm. Every name without a USCC is a real organisation of the
//! seeds (its record carries its sources), so the list imports cleanly and every such row is
//! matched by name; the new firm is the synthetic sample firm of `enterprises.csv`.
//!
//! `cargo run --example sample_workbook`

use rust_xlsxwriter::{Format, Workbook, XlsxError};

const HEADINGS: [&str; 4] = ["企业名称", "所在地区", "统一社会信用代码", "企业规模"];
const ROWS: [[&str; 4]; 6] = [
    ["北京京西重工有限公司", "北京市房山区", "", ""],
    ["梅卡曼德（雄安）机器人科技股份有限公司", "雄安新区", "", ""],
    ["亿华通", "北京", "", ""],
    ["北京普龍科技有限公司", "", "", ""],
    ["zhongguo xingwang", "雄安", "", ""],
    [
        "【演示】唐山样例减速器有限公司",
        "河北省唐山市",
        "91130200MA1000001D",
        "medium",
    ],
];

fn main() -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    // The list first: an import reads the first sheet unless told another.
    let sheet = book.add_worksheet();
    sheet.set_name("企业名单")?;
    for (c, heading) in HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *heading, &bold)?;
    }
    for (r, row) in ROWS.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *cell)?;
            }
        }
    }
    sheet.set_column_width(0, 40)?;
    let about = book.add_worksheet();
    about.set_name("说明")?;
    about.write_string(0, 0, "企业名单示例：没有统一社会信用代码的行按名称与地区匹配已登记的企业（导入预览显示匹配结果）；新企业仍需统一社会信用代码。")?;
    about.write_string(1, 0, "Sample enterprise list: rows without a USCC are matched to registered firms by name and region (the import preview shows each match); a new firm still needs its USCC.")?;
    book.save("seeds/samples/enterprise_list.xlsx")?;
    println!("wrote seeds/samples/enterprise_list.xlsx");
    Ok(())
}
