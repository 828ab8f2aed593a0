//! Values as staff write them in Chinese — 规模 大型, 类型 供应, 标签 链主企业；专精特新“小巨人” —
//! read as the codes the API takes. The names are the page's own labels (`web/src/labels.ts`, a
//! test keeps the two in step) and a few everyday variants of them.

/// `(column, name, code)`.
const VALUES: &[(&str, &str, &str)] = &[
    ("scale", "大型", "large"),
    ("scale", "大型企业", "large"),
    ("scale", "中型", "medium"),
    ("scale", "中型企业", "medium"),
    ("scale", "小型", "small"),
    ("scale", "小型企业", "small"),
    ("scale", "微型", "micro"),
    ("scale", "微型企业", "micro"),
    ("tags", "链主企业", "chain_leader"),
    ("tags", "链主", "chain_leader"),
    ("tags", "专精特新“小巨人”", "little_giant"),
    ("tags", "专精特新\"小巨人\"", "little_giant"),
    ("tags", "专精特新小巨人", "little_giant"),
    ("tags", "小巨人", "little_giant"),
    ("tags", "高新技术企业", "high_tech"),
    ("tags", "高新企业", "high_tech"),
    ("rd_kind", "高校", "university"),
    ("rd_kind", "大学", "university"),
    ("rd_kind", "科研院所", "institute"),
    ("rd_kind", "研究院", "institute"),
    ("rd_kind", "研究所", "institute"),
    ("rd_kind", "全国重点实验室", "national_key_lab"),
    ("rd_kind", "重点实验室", "key_lab"),
    ("rd_kind", "创新中心", "innovation_centre"),
    ("rd_kind", "企业研发中心", "enterprise_rd_centre"),
    ("kind", "技术转移", "transfers_technology"),
    ("kind", "供应", "supplies"),
    ("kind", "孵化", "incubates"),
    ("kind", "投资", "invests_in"),
    ("kind", "分支机构", "branch_of"),
    ("kind", "合作", "cooperates_with"),
    ("kind", "迁出", "relocated_from"),
    ("mode", "许可", "licence"),
    ("mode", "转让", "assignment"),
    ("mode", "联合研发", "joint_rd"),
    ("mode", "衍生创业", "spin_off"),
    ("mode", "中试生产", "pilot_production"),
    ("mode", "集团内部转移", "intra_group"),
    ("role", "链主", "leader"),
    ("role", "核心", "core"),
    ("role", "配套", "supporting"),
];

/// The code `cell` names in `column`, when it is one of the Chinese names (after trimming);
/// anything else is returned as it is, for the column's own validation to judge.
pub fn code_of<'a>(column: &str, cell: &'a str) -> &'a str {
    let name = cell.trim();
    VALUES
        .iter()
        .find(|(c, n, _)| *c == column && *n == name)
        .map_or(cell, |(_, _, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_read_as_codes_and_other_values_pass_through() {
        assert_eq!(code_of("scale", "大型"), "large");
        assert_eq!(code_of("kind", " 供应 "), "supplies");
        assert_eq!(code_of("role", "链主"), "leader");
        assert_eq!(code_of("tags", "链主"), "chain_leader");
        assert_eq!(code_of("scale", "large"), "large");
        assert_eq!(code_of("scale", "巨型"), "巨型");
        assert_eq!(code_of("name_zh", "大型"), "大型");
    }

    /// Each value the page labels in Chinese reads back as its code: the page's words are the
    /// words a list may use.
    #[test]
    fn every_chinese_label_of_the_page_reads_as_its_code() {
        let labels = include_str!("../../web/src/labels.ts");
        for (constant, column) in [
            ("SCALE", "scale"),
            ("TAG", "tags"),
            ("RD_KIND", "rd_kind"),
            ("REL_KIND", "kind"),
            ("TRANSFER_MODE", "mode"),
            ("SEGMENT_ROLE", "role"),
        ] {
            let start = labels
                .find(&format!("export const {constant} = labels<"))
                .unwrap_or_else(|| panic!("{constant} is not in labels.ts"));
            let block = &labels[start..];
            let block = &block[..block.find("});").expect("the block ends")];
            let mut seen = 0;
            for line in block.lines().skip(1) {
                let Some((code, words)) = line.trim().split_once(": [\"") else {
                    continue;
                };
                let zh = words.split("\", \"").next().expect("a Chinese label");
                assert_eq!(code_of(column, zh), code, "{constant}: {zh}");
                seen += 1;
            }
            assert!(seen >= 3, "{constant}: read {seen} labels");
        }
    }
}
