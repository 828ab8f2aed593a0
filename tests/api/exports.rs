//! The chain map, the three lists and enterprise lists as files (`?format=` or `Accept`).

use std::io::Read;

use serde_json::Value;

use crate::helpers::{spawn_app, unique_prefix};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One part of a workbook (a zip archive of XML files), as text.
fn part(workbook: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook)).expect("a zip archive");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The sheet names of a workbook, in order.
fn sheet_names(workbook: &[u8]) -> Vec<String> {
    part(workbook, "xl/workbook.xml")
        .split("<sheet ")
        .skip(1)
        .map(|s| {
            s.split("name=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

async fn download(
    app: &crate::helpers::TestApp,
    path: &str,
    accept: Option<&str>,
) -> (String, String, Vec<u8>) {
    let mut request = app.client.get(app.url(path));
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    (kind, disposition, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_three_lists_download_as_a_workbook_with_one_sheet_per_list() {
    let app = spawn_app().await;
    let lists = app
        .get_json("/api/v1/chains/robotics/lists?region=130000")
        .await;
    let (kind, disposition, book) = download(
        &app,
        "/api/v1/chains/robotics/lists?region=130000&format=xlsx",
        None,
    )
    .await;
    assert_eq!(kind, XLSX);
    assert!(
        disposition.contains("attachment") && disposition.contains("robotics-lists-130000.xlsx"),
        "{disposition}"
    );
    assert_eq!(
        sheet_names(&book),
        ["卡点清单", "堵点招商清单", "重点企业清单", "链主"]
    );
    let strings = part(&book, "xl/sharedStrings.xml");
    for candidate in lists["investment_leads"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["candidates"].as_array().unwrap())
    {
        assert!(
            strings.contains(candidate["name_zh"].as_str().unwrap()),
            "{candidate}"
        );
        // The reason in Chinese, from the candidate's facts (the JSON's English one is for tools).
        let reason = format!(
            "已供应{}企业 {} 家（其中链主 {} 家）",
            lists["target_name_zh"].as_str().unwrap(),
            candidate["customers_in_target"],
            candidate["supplies_target_leaders"]
        );
        assert!(strings.contains(&reason), "{candidate}");
    }
    // Each firm links to its page in the explorer: the service's address, and the page's route
    // as the link's location (how a workbook keeps a URL's fragment).
    let links = part(&book, "xl/worksheets/_rels/sheet2.xml.rels");
    assert!(
        links.contains(&format!("Target=\"{}/\"", app.address)),
        "{links}"
    );
    let sheet = part(&book, "xl/worksheets/sheet2.xml");
    let first = &lists["investment_leads"][0]["candidates"][0]["id"];
    assert!(
        sheet.contains(&format!("location=\"/org/{}\"", first.as_str().unwrap())),
        "{sheet}"
    );
    // `Accept` asks for the same file.
    let (kind, _, by_accept) = download(
        &app,
        "/api/v1/chains/robotics/lists?region=130000",
        Some(XLSX),
    )
    .await;
    assert_eq!(kind, XLSX);
    assert_eq!(sheet_names(&by_accept), sheet_names(&book));
}

#[tokio::test]
async fn the_chain_map_downloads_with_every_city_and_the_strength() {
    let app = spawn_app().await;
    let map = app.get_json("/api/v1/chains/hydrogen/map?by=city").await;
    let (_, disposition, book) =
        download(&app, "/api/v1/chains/hydrogen/map?format=xlsx", None).await;
    assert!(
        disposition.contains("hydrogen-map-130000.xlsx"),
        "{disposition}"
    );
    assert_eq!(sheet_names(&book), ["产业链图谱"]);
    let strings = part(&book, "xl/sharedStrings.xml");
    for link in map["links"].as_array().unwrap() {
        assert!(strings.contains(link["link"]["name_zh"].as_str().unwrap()));
        for city in link["by_city"].as_object().unwrap().keys() {
            assert!(strings.contains(city.as_str()), "{city}");
        }
    }
    assert!(strings.contains("强弱") && strings.contains("区位商"));
    assert!(!strings.contains("所属环节"));

    // Divided into sub-links, each row names its link.
    let (_, _, book) = download(
        &app,
        "/api/v1/chains/hydrogen/map?format=xlsx&level=sub_link",
        None,
    )
    .await;
    let strings = part(&book, "xl/sharedStrings.xml");
    assert!(strings.contains("所属环节") && strings.contains("膜电极组件"));
}

#[tokio::test]
async fn an_enterprise_list_downloads_whole_as_csv_or_excel() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("export");
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            app.firm(
                &admin,
                &format!("{tag}导出企业{i}"),
                "130200",
                Some("robotics.reducers"),
            )
            .await,
        );
    }
    // The file is the whole list, whatever the page size asked.
    let (kind, disposition, csv) = download(
        &app,
        &format!("/api/v1/enterprises?q={tag}&limit=1&format=csv"),
        None,
    )
    .await;
    assert!(kind.starts_with("text/csv"), "{kind}");
    assert!(disposition.contains("enterprises.csv"));
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "Excel needs the byte-order mark for UTF-8"
    );
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("名称,英文名称,统一社会信用代码"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3, "{text}");
    for id in &ids {
        let row = rows
            .iter()
            .find(|r| r.contains(id.as_str()))
            .expect("every firm has a row");
        assert!(
            row.contains("robotics.reducers") && row.contains("130200"),
            "{row}"
        );
    }
    let (kind, _, book) = download(
        &app,
        &format!("/api/v1/enterprises?q={tag}"),
        Some("text/csv"),
    )
    .await;
    assert!(kind.starts_with("text/csv") && book.len() == csv.len());
    let (kind, _, book) = download(
        &app,
        &format!("/api/v1/enterprises?q={tag}&format=xlsx"),
        None,
    )
    .await;
    assert_eq!(kind, XLSX);
    assert_eq!(sheet_names(&book), ["企业"]);
    // JSON stays the default, and an unknown format is refused naming the field.
    let page: Value = app
        .get_json(&format!("/api/v1/enterprises?q={tag}&limit=1"))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let refused = app
        .get(&format!("/api/v1/enterprises?q={tag}&format=pdf"))
        .await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "format", "{problem}");
}
