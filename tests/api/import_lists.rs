//! Lists as staff hold them (issue 20): Excel workbooks with Chinese headings, short names, place
//! names for regions and no USCC are matched before anything is written, and a matched row
//! updates its record instead of registering a duplicate.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{
    enterprise_body, fields, problem, statuses, unique_prefix, urlencode, TestApp,
};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook whose sheet `name` holds `rows` (the first row the headings).
fn workbook(name: &str, rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("说明").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name(name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

async fn import_workbook(
    app: &TestApp,
    key: &str,
    query: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.with_key(Method::POST, &format!("/api/v1/imports?{query}"), Some(key))
        .header("content-type", XLSX)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_excel_list_without_usccs_is_matched_in_the_preview() {
    let app = crate::helpers::spawn_app().await;
    let admin = app.admin_key().await;
    let new_uscc = crate::helpers::fresh_uscc();
    let book = workbook(
        "企业名单",
        &[
            row(&["企业名称", "所在地区", "统一社会信用代码"]),
            row(&["梅卡曼德(雄安)机器人科技股份有限公司", "雄安新区", ""]),
            row(&["北京京西重工有限公司", "", ""]),
            row(&["一家名单上才有的企业", "唐山市", ""]),
            row(&["名单上的新企业", "河北省唐山市", &new_uscc]),
            row(&["京西重工", "桥西区", ""]),
        ],
    );
    let response = import_workbook(
        &app,
        &admin,
        "kind=enterprises&dry_run=true&sheet=企业名单",
        book.clone(),
    )
    .await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(
        statuses(&report),
        vec!["unchanged", "unchanged", "rejected", "created", "rejected"],
        "{report}"
    );
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(
        (rows[0]["id"].as_str(), rows[1]["id"].as_str()),
        (Some("mech-mind"), Some("bwi"))
    );
    for tied in &rows[..2] {
        assert_eq!(tied["matched"]["by"], "name", "{tied}");
        assert!(tied["matched"]["score"].as_u64().unwrap() >= 85, "{tied}");
        assert!(tied.get("candidates").is_none(), "{tied}");
    }
    let unknown = &rows[2];
    assert_eq!(unknown["errors"][0]["field"], "uscc");
    assert_eq!(unknown["errors"][0]["rule"], "required");
    assert!(
        rows[3].get("matched").is_none(),
        "a row with its USCC is keyed"
    );
    assert_eq!(rows[4]["errors"][0]["field"], "region");
    assert_eq!(rows[4]["errors"][0]["rule"], "ambiguous");
    assert!(
        rows[4]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("张家口市桥西区"),
        "{}",
        rows[4]
    );

    assert_eq!(rows[0]["matched"]["name_zh"], "梅卡曼德");

    // The preview's per-row choice: the row is the record chosen (or new, which needs a USCC).
    let chosen = import_workbook(
        &app,
        &admin,
        "kind=enterprises&dry_run=true&sheet=企业名单&choose=4:pulong,6:new",
        book.clone(),
    )
    .await;
    let chosen: Value = chosen.json().await.unwrap();
    assert_eq!(chosen["rows"][2]["status"], "unchanged", "{chosen}");
    assert_eq!(chosen["rows"][2]["matched"]["by"], "choice");
    assert_eq!(chosen["rows"][2]["matched"]["name_zh"], "普龙科技");
    let bad = import_workbook(
        &app,
        &admin,
        "kind=enterprises&dry_run=true&choose=1:bwi",
        book.clone(),
    )
    .await;
    assert_eq!(
        fields(&problem(bad).await),
        vec![("choose".into(), "format".into())]
    );

    // Written, the refused rows stop it (on_error=abort), naming row and rule.
    let refused = import_workbook(&app, &admin, "kind=enterprises&sheet=企业名单", book).await;
    assert_eq!(refused.status(), 422);
    let refusal = fields(&problem(refused).await);
    assert!(
        refusal.contains(&("rows[4].uscc".into(), "required".into())),
        "{refusal:?}"
    );
    assert!(
        app.get(&format!("/api/v1/enterprises/by-uscc/{new_uscc}"))
            .await
            .status()
            == 404
    );
}

#[tokio::test]
async fn a_matched_row_updates_its_record_and_a_chosen_one_is_taken_as_chosen() {
    let app = crate::helpers::spawn_app().await;
    let member = app.member_key(&unique_prefix("list")).await;
    // Names are matched by their Han characters: each run's must be its own.
    let p = unique_han();
    let name = format!("{p}精工减速器有限公司");
    let mut body = enterprise_body(&name, "130203");
    body["description"] = "谐波减速器".into();
    let created = app.post_json("/api/v1/enterprises", &member, &body).await;
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = app
        .register_enterprise(&member, &format!("{p}另一家有限公司"), "130203")
        .await;

    let csv = format!(
        "企业名称,所在地区,规模,匹配\n{p}精工,唐山市路北区,large,\n名单里的写法,,medium,{other}\n"
    );
    let report: Value = app
        .import_csv(&member, "kind=enterprises", &csv)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses(&report), vec!["updated", "updated"], "{report}");
    assert_eq!(report["rows"][0]["id"].as_str(), Some(id.as_str()));
    assert_eq!(report["rows"][0]["matched"]["by"], "name");
    assert_eq!(report["rows"][1]["id"].as_str(), Some(other.as_str()));
    assert_eq!(report["rows"][1]["matched"]["by"], "choice");

    let record = app.get_json(&format!("/api/v1/enterprises/{id}")).await;
    assert_eq!(record["scale"], "large");
    assert_eq!(
        record["name_zh"].as_str(),
        Some(name.as_str()),
        "the list's name is evidence"
    );
    assert_eq!(record["region_code"], "130203");
    assert_eq!(
        record["description"], "谐波减速器",
        "an empty cell keeps the record's value"
    );
    let found = app
        .get_json(&format!("/api/v1/enterprises?q={}", urlencode(&p)))
        .await;
    assert_eq!(
        found["items"].as_array().unwrap().len(),
        2,
        "no duplicate: {found}"
    );

    // A choice naming no record, or a USCC the record does not have, is refused.
    let wrong = format!(
        "企业名称,统一社会信用代码,匹配\n{p}甲,,ent-0000000000000000\n{p}乙,{},{id}\n",
        crate::helpers::fresh_uscc()
    );
    let refused = app
        .import_csv(&member, "kind=enterprises&dry_run=true", &wrong)
        .await;
    let refused: Value = refused.json().await.unwrap();
    let rules: Vec<(&str, &str)> = refused["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["errors"][0]["field"].as_str().unwrap(),
                r["errors"][0]["rule"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(rules, vec![("match", "exists"), ("uscc", "mismatch")]);
}

/// Eight Han characters no other run of the tests writes.
pub fn unique_han() -> String {
    const HAN: [char; 16] = [
        '甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸', '子', '丑', '寅', '卯', '辰',
        '巳',
    ];
    uuid::Uuid::new_v4().simple().to_string()[..8]
        .chars()
        .map(|c| HAN[c.to_digit(16).unwrap() as usize])
        .collect()
}

#[tokio::test]
async fn relationship_rows_may_name_their_ends_by_name() {
    let app = crate::helpers::spawn_app().await;
    let admin = app.admin_key().await;
    // Kinds and regions as staff write them: 供应, 雄安新区; a district name three cities share
    // is refused naming them.
    let csv = "类型,源机构,源机构地区,目标机构,产品,来源\n\
               供应,梅卡曼德(雄安)机器人科技股份有限公司,雄安新区,北京京西重工有限公司,视觉系统,名单\n\
               supplies,一家名单上才有的供应商,,bwi,视觉系统,名单\n\
               supplies,一家桥西的供应商,桥西区,bwi,视觉系统,名单\n";
    let response = app
        .import_csv(&admin, "kind=relationships&dry_run=true", csv)
        .await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(
        statuses(&report),
        vec!["created", "rejected", "rejected"],
        "{report}"
    );
    assert_eq!(report["rows"][1]["errors"][0]["field"], "source_id");
    assert_eq!(report["rows"][1]["errors"][0]["rule"], "exists");
    assert_eq!(report["rows"][2]["errors"][0]["field"], "source_region");
    assert_eq!(report["rows"][2]["errors"][0]["rule"], "ambiguous");
}
