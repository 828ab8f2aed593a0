//! An organisation list as a table, for the Excel and CSV downloads.

use serde::Serialize;

use crate::organisations::model::Organisation;
use crate::routes::export::{Cell, Table};

/// An enum value as the API spells it.
fn spelled<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn yes(b: bool) -> Cell {
    Cell::from(if b { "是" } else { "否" })
}

pub fn table(name: &str, items: &[Organisation], base: &str) -> Table {
    let mut table = Table::new(
        name,
        &[
            "名称",
            "英文名称",
            "统一社会信用代码",
            "地区代码",
            "规模",
            "标签",
            "园区",
            "所在环节",
            "已核实",
            "演示数据",
            "来源",
            "编号（页面链接）",
        ],
    );
    for o in items {
        let tags: Vec<String> = o.tags.iter().map(spelled).collect();
        let links: Vec<&str> = o
            .segments
            .iter()
            .map(|m| m.segment.as_str())
            .chain(o.capabilities.iter().map(|c| c.segment.as_str()))
            .collect();
        table.rows.push(vec![
            o.name_zh.clone().into(),
            o.name_en.clone().into(),
            o.uscc.clone().into(),
            o.region_code.clone().into(),
            o.scale.as_ref().map(spelled).into(),
            tags.join(";").into(),
            o.park.clone().into(),
            links.join(";").into(),
            yes(o.verified),
            yes(o.synthetic),
            Cell::source(o.source.as_deref()),
            Cell::Link {
                url: format!("{base}/#/org/{}", o.id),
                text: o.id.clone(),
            },
        ]);
    }
    table
}
