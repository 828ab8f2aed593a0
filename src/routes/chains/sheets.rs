//! The chain map and the three lists as workbooks, as staff pass them around: Chinese headers,
//! one sheet per list, every firm a link to its page in the explorer.

use crate::domain::{LinkLevel, Stage};
use crate::queries::chain_map::{ChainMap, Strength};
use crate::queries::lists::{Candidate, ChainLists, Dependency, LeadForm};
use crate::routes::export::{Cell, Table};

fn stage(s: Stage) -> &'static str {
    match s {
        Stage::Upstream => "上游",
        Stage::Midstream => "中游",
        Stage::Downstream => "下游",
    }
}

fn strength(s: Strength) -> &'static str {
    match s {
        Strength::Missing => "缺失",
        Strength::Weak => "薄弱",
        Strength::Present => "一般",
        Strength::Strong => "优势",
    }
}

fn dependency(d: Dependency) -> &'static str {
    match d {
        Dependency::SingleOutsideSupplier => "单一外部供应商",
        Dependency::SingleSupplier => "单一供应商",
        Dependency::OutsideSuppliersOnly => "仅有外部供应商",
    }
}

fn form(f: LeadForm) -> &'static str {
    match f {
        LeadForm::PilotLine => "中试线",
        LeadForm::Relocation => "迁建",
        LeadForm::Branch => "设立分支",
    }
}

/// The lead's reason as the page gives it in Chinese: the workbook is read by the same staff.
fn lead_reason(c: &Candidate, target_name_zh: &str) -> String {
    let origin = if c.beijing_rd_origin {
        "技术源自北京研发机构"
    } else {
        "无北京研发来源"
    };
    format!(
        "已供应{target_name_zh}企业 {} 家（其中链主 {} 家）；{origin}；建议{}",
        c.customers_in_target,
        c.supplies_target_leaders,
        form(c.form)
    )
}

fn yes(b: bool) -> Cell {
    Cell::from(if b { "是" } else { "否" })
}

/// A firm's name, linked to its page on the service that produced the file.
pub struct Linker<'a>(pub &'a str);

impl Linker<'_> {
    pub fn firm(&self, id: &str, name: &str) -> Cell {
        Cell::Link {
            url: format!("{}/#/org/{id}", self.0),
            text: name.to_owned(),
        }
    }
}

pub fn map(map: &ChainMap) -> Vec<Table> {
    let cities: std::collections::BTreeSet<&String> = map
        .links
        .iter()
        .flat_map(|l| l.by_city.iter().flat_map(|c| c.keys()))
        .collect();
    let target = format!("{}企业数", map.target_name_zh);
    // Divided into sub-links, each row also names the link it belongs to, so a filter on that
    // column shows one link whole.
    let divided = map.level == LinkLevel::SubLink;
    let mut headers = vec!["环节", "环节（英文）", "阶段"];
    if divided {
        headers.push("所属环节");
    }
    headers.extend(cities.iter().map(|c| c.as_str()));
    headers.extend([target.as_str(), "区位商", "强弱", "链主"]);
    let mut table = Table::new("产业链图谱", &headers);
    let names: std::collections::HashMap<&str, &str> = map
        .links
        .iter()
        .map(|l| (l.link.id.as_str(), l.link.name_zh.as_str()))
        .collect();
    for l in &map.links {
        let mut row: Vec<Cell> = vec![
            l.link.name_zh.clone().into(),
            l.link.name_en.clone().into(),
            stage(l.link.stage).into(),
        ];
        if divided {
            let own = l.link.parent.as_deref().unwrap_or(&l.link.id);
            row.push(names.get(own).copied().unwrap_or(own).to_owned().into());
        }
        for city in &cities {
            let n = l.by_city.as_ref().and_then(|c| c.get(*city)).copied();
            row.push(n.unwrap_or(0).into());
        }
        row.push(l.target_count.into());
        row.push(l.location_quotient.map_or(Cell::Empty, Cell::Number));
        row.push(strength(l.strength).into());
        let leaders: Vec<&str> = l.leaders.iter().map(|x| x.name_zh.as_str()).collect();
        row.push(leaders.join("；").into());
        table.rows.push(row);
    }
    vec![table]
}

/// The three lists as staff report them: a sheet per list, and the chain leaders.
pub fn lists(lists: &ChainLists, link: &Linker) -> Vec<Table> {
    vec![
        bottleneck_sheet(lists, link),
        lead_sheet(lists, link),
        key_enterprise_sheet(lists, link),
        leader_sheet(lists, link),
    ]
}

fn bottleneck_sheet(lists: &ChainLists, link: &Linker) -> Table {
    let mut bottlenecks = Table::new(
        "卡点清单",
        &[
            "环节",
            "环节得分",
            "企业",
            "地区代码",
            "依赖",
            "HHI",
            "外部供应占比",
            "企业得分",
            "供应商",
        ],
    );
    for b in &lists.bottlenecks {
        for f in &b.dependent_firms {
            let suppliers: Vec<String> = f
                .suppliers
                .iter()
                .map(|s| {
                    let product = s.product.as_deref().map(|p| format!("·{p}"));
                    format!("{}{}", s.name_zh, product.unwrap_or_default())
                })
                .collect();
            bottlenecks.rows.push(vec![
                b.link_name_zh.clone().into(),
                b.score.into(),
                link.firm(&f.id, &f.name_zh),
                f.region_code.clone().into(),
                dependency(f.dependency).into(),
                f.hhi.into(),
                f.outside_share.into(),
                f.score.into(),
                suppliers.join("；").into(),
            ]);
        }
    }
    bottlenecks
}

fn lead_sheet(lists: &ChainLists, link: &Linker) -> Table {
    let mut leads = Table::new(
        "堵点招商清单",
        &[
            "环节",
            "强弱",
            "目标区域企业数",
            "候选企业数",
            "排名",
            "候选企业",
            "地区代码",
            "目标区域客户数",
            "其中链主",
            "客户总数",
            "北京研发来源",
            "得分",
            "方式",
            "已核实",
            "理由",
        ],
    );
    for l in &lists.investment_leads {
        for c in &l.candidates {
            leads.rows.push(vec![
                l.link_name_zh.clone().into(),
                strength(l.strength).into(),
                l.target_count.into(),
                l.candidate_count.into(),
                c.rank.into(),
                link.firm(&c.id, &c.name_zh),
                c.region_code.clone().into(),
                c.customers_in_target.into(),
                c.supplies_target_leaders.into(),
                c.customers_total.into(),
                yes(c.beijing_rd_origin),
                c.score.into(),
                form(c.form).into(),
                yes(c.verified),
                lead_reason(c, &lists.target_name_zh).into(),
            ]);
        }
    }
    leads
}

fn key_enterprise_sheet(lists: &ChainLists, link: &Linker) -> Table {
    let mut key = Table::new(
        "重点企业清单",
        &[
            "环节",
            "企业",
            "地区代码",
            "链内关系数",
            "占比",
            "PageRank",
            "中介度",
            "关键节点",
        ],
    );
    for l in &lists.key_enterprises.links {
        for x in &l.holders {
            key.rows.push(vec![
                l.link_name_zh.clone().into(),
                link.firm(&x.id, &x.name_zh),
                x.region_code.clone().into(),
                x.in_chain_relationships.into(),
                x.share.into(),
                x.pagerank.into(),
                x.betweenness.into(),
                yes(x.articulation_point),
            ]);
        }
    }
    key
}

fn leader_sheet(lists: &ChainLists, link: &Linker) -> Table {
    let mut leaders = Table::new("链主", &["企业", "地区代码"]);
    for x in &lists.key_enterprises.chain_leaders {
        leaders.rows.push(vec![
            link.firm(&x.id, &x.name_zh),
            x.region_code.clone().into(),
        ]);
    }
    leaders
}
