// The chain explorer as investment-promotion staff use it.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { strFromU8, unzipSync } from "fflate";
import { api, BASE_URL, launch } from "./browser.mjs";

let browser;
let page;
// Everything that went wrong in the page, whichever test was running: checked at the end.
const troubles = [];
const SHOTS = "../target/screenshots";

before(async () => {
  browser = await launch();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => troubles.push(`threw: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && troubles.push(`console: ${m.text()}`));
  page.on("requestfailed", (r) => troubles.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => r.status() >= 400 && troubles.push(`${r.status()}: ${r.url()}`));
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser.close();
  assert.deepEqual(browser.offsite, [], "the page asked for something off the service");
  assert.deepEqual(troubles, [], "console errors or failed requests");
});

/** A screenshot of the view as it is now (git-ignored; docs/screenshots holds chosen ones). */
const shot = (name) => page.screenshot({ path: `${SHOTS}/${name}.png` });

const unescape = (x) =>
  x.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** A sheet of a workbook as rows of cell texts (shared strings resolved). */
function sheetRows(book, n) {
  const files = unzipSync(book);
  const strings = [...strFromU8(files["xl/sharedStrings.xml"]).matchAll(/<si>(.*?)<\/si>/gs)].map((m) =>
    unescape([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join("")),
  );
  const xml = strFromU8(files[`xl/worksheets/sheet${n}.xml`]);
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((row) =>
    [...row[1].matchAll(/<c ([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)].map(([, attrs, body = ""]) => {
      const value = body.match(/<v>(.*?)<\/v>/s)?.[1] ?? "";
      return attrs.includes('t="s"') ? strings[Number(value)] : value;
    }),
  );
}

const digits = (s) => Number(s.trim());

test("the page is served at / with the chain map of the hydrogen chain", async () => {
  const started = Date.now();
  const response = await page.goto(`${BASE_URL}/`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-type"], /text\/html/);
  await page.getByTestId("chain-map").waitFor();
  // Reported, not asserted: speed is for benchmarks, not tests.
  console.log(`first render of the chain map: ${Date.now() - started} ms from navigation (cold service caches)`);
  assert.equal(await page.locator("nav a.active").textContent(), "产业链图谱");
  await shot("map");
});

test("the chain map shows the API's counts for every link and city, and a cell lists its firms", async () => {
  await page.goto(`${BASE_URL}/#/map?chain=hydrogen&region=130000`);
  await page.getByTestId("chain-map").waitFor();
  const map = await api("/api/v1/chains/hydrogen/map?region=130000&by=city");
  let checked = 0;
  for (const link of map.links) {
    const row = page.locator(`tr[data-link="${link.link.id}"]`);
    assert.equal(await row.locator("th").textContent(), link.link.name_zh);
    assert.equal(digits(await row.locator("td.target").textContent()), link.target_count, link.link.id);
    for (const [city, n] of Object.entries(link.by_city ?? {})) {
      const code = city.split(" ")[0];
      assert.equal(digits(await page.getByTestId(`cell-${link.link.id}-${code}`).textContent()), n, `${link.link.id} ${city}`);
      checked++;
    }
    assert.match(await row.locator(".strength").textContent(), /缺失|薄弱|一般|优势/);
  }
  assert.ok(checked > 0, "no city had firms");
  // How current the map is, in the reader's language, with the data version it shows.
  const freshness = page.getByTestId("freshness");
  assert.match(await freshness.textContent(), /^数据更新于 \d+ (秒|分钟)前$/);
  assert.equal(await freshness.getAttribute("title"), `数据版本 ${map.data_version}`);

  // The first non-empty cell: its firms, as the enterprise list gives them.
  const link = map.links.find((l) => Object.keys(l.by_city ?? {}).length > 0);
  const [city, n] = Object.entries(link.by_city)[0];
  const code = city.split(" ")[0];
  await page.getByTestId(`cell-${link.link.id}-${code}`).click();
  const items = page.getByTestId("firms").locator("li");
  await items.first().waitFor();
  const shown = await items.allTextContents();
  const listed = await api(`/api/v1/enterprises?chain=hydrogen&link=${link.link.id}&region=${code}&limit=20`);
  assert.deepEqual(shown, listed.items.map((f) => f.name_zh));
  assert.equal(shown.length, Math.min(n, 20));

  // A firm opens its page.
  await items.first().locator("a").click();
  await page.getByTestId("org-name").waitFor();
  assert.match(await page.getByTestId("org-name").textContent(), new RegExp(listed.items[0].name_zh.replace(/[()（）【】]/g, ".")));
});

test("choosing another chain and target redraws the map for them", async () => {
  await page.goto(`${BASE_URL}/#/map?chain=hydrogen&region=130000`);
  await page.getByTestId("chain-map").waitFor();
  await page.getByTestId("chain").selectOption("robotics");
  await page.waitForURL(/chain=robotics/);
  await page.getByTestId("target").selectOption("120000");
  await page.waitForURL(/region=120000/);
  await page.locator('tr[data-link^="robotics."]').first().waitFor();
  const map = await api("/api/v1/chains/robotics/map?region=120000&by=city");
  const targets = await page.locator("td.target").allTextContents();
  assert.deepEqual(targets.map(digits), map.links.map((l) => l.target_count));
});

test("divided into sub-links, the map puts each under its link and a cell lists the firms counted", async () => {
  await page.goto(`${BASE_URL}/#/map?chain=hydrogen&region=130000`);
  await page.getByTestId("chain-map").waitFor();
  const before = await page.$("section.view");
  await page.getByTestId("level").selectOption("sub_link");
  await page.waitForURL(/level=sub_link/);
  await page.waitForFunction((view) => !view.isConnected, before);
  await page.locator("tr.sub-link").first().waitFor();
  const map = await api("/api/v1/chains/hydrogen/map?region=130000&by=city&level=sub_link");
  const rows = page.locator("table.chain-map tbody tr");
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.link)), map.links.map((l) => l.link.id));
  for (const l of map.links) {
    const row = page.locator(`tr[data-link="${l.link.id}"]`);
    assert.equal(digits(await row.locator("td.target").textContent()), l.target_count, l.link.id);
    if (l.link.level === "sub_link") {
      assert.equal(await row.locator("th").textContent(), `└ ${l.link.name_zh}`);
      assert.equal(await row.getAttribute("class"), "sub-link");
    }
  }
  await shot("map-sub-links");

  // Every non-empty cell of a sub-link and of a divided link's own row: the firms it counts.
  const divided = new Set(map.links.map((l) => l.link.parent).filter(Boolean));
  const cells = map.links
    .filter((l) => l.link.level === "sub_link" || divided.has(l.link.id))
    .flatMap((l) => Object.entries(l.by_city ?? {}).map(([city, n]) => [l, city.split(" ")[0], n]));
  assert.ok(cells.some(([l]) => l.link.level === "sub_link"), "no sub-link has firms");
  for (const [l, code, n] of cells) {
    await page.getByTestId(`cell-${l.link.id}-${code}`).click();
    const items = page.getByTestId("firms").locator("li");
    await page.getByTestId("firms").locator("h3", { hasText: l.link.name_zh }).waitFor();
    await items.first().waitFor();
    const listed = await api(`/api/v1/enterprises?chain=hydrogen&link=${l.link.id}&region=${code}&limit=20`);
    const own = listed.items.filter((f) => f.segments.some((m) => m.segment === l.link.id));
    assert.deepEqual(await items.allTextContents(), own.map((f) => f.name_zh), `${l.link.id} ${code}`);
    assert.equal(own.length, Math.min(n, 20), `${l.link.id} ${code}`);
  }

  // The workbook carries the level: each row names its link.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-xlsx").click()]);
  assert.equal(download.suggestedFilename(), "hydrogen-map-130000-sub-links.xlsx");
  const sheet = sheetRows(readFileSync(await download.path()), 1);
  assert.equal(sheet[0][3], "所属环节");
  assert.deepEqual(sheet.slice(1).map((r) => r[0]), map.links.map((l) => l.link.name_zh));
});

test("the three lists show each entry with its reason, filter, and download as Excel", async () => {
  await page.goto(`${BASE_URL}/#/lists?chain=robotics&region=130000`);
  await page.getByTestId("list-leads").waitFor();
  const lists = await api("/api/v1/chains/robotics/lists?region=130000");
  const lead = lists.investment_leads.find((l) => l.candidates.length > 0);
  const candidate = lead.candidates[0];
  const row = page.getByTestId("list-leads").locator("tr", { hasText: candidate.name_zh });
  // The reason is drawn from the candidate's facts, in the reader's language.
  assert.match(await row.first().textContent(), new RegExp(`已供应${lists.target_name_zh}企业 ${candidate.customers_in_target} 家（其中链主 ${candidate.supplies_target_leaders} 家）`));
  const dependent = lists.bottlenecks[0].dependent_firms[0];
  assert.ok(await page.getByTestId("list-bottlenecks").locator("tr", { hasText: dependent.name_zh }).count() > 0);

  await shot("lists");
  const all = await page.locator("table.list tbody tr").count();
  await page.getByTestId("filter").fill(candidate.name_zh);
  const visible = await page.locator("table.list tbody tr:visible").count();
  assert.ok(visible >= 1 && visible < all, `${visible} of ${all} rows after filtering`);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-xlsx").click()]);
  assert.equal(download.suggestedFilename(), "robotics-lists-130000.xlsx");
  // Read back: the leads sheet has a row per candidate of the JSON answer, in its order.
  const leads = sheetRows(readFileSync(await download.path()), 2);
  assert.equal(leads[0][5], "候选企业");
  const expected = lists.investment_leads.flatMap((l) => l.candidates.map((c) => [l.link_name_zh, c.name_zh, String(c.customers_in_target)]));
  assert.deepEqual(leads.slice(1).map((r) => [r[0], r[5], r[7]]), expected);
  // Its reasons are Chinese, as the page's.
  for (const r of leads.slice(1)) assert.match(r[14], /^已供应.*建议(中试线|迁建|设立分支)$/);

  // As of an earlier year: the bottleneck rows are the API's for that year.
  const before = await page.$("section.view");
  await page.getByTestId("as-of").selectOption("2022");
  await page.waitForFunction((view) => !view.isConnected, before);
  const then = await api("/api/v1/chains/robotics/lists?region=130000&as_of=2022");
  const rows = then.bottlenecks.reduce((n, b) => n + b.dependent_firms.length, 0);
  const table = page.getByTestId("list-bottlenecks");
  await table.waitFor();
  assert.equal(rows === 0 ? 0 : await table.locator("tbody tr").count(), rows);
});

test("the path finder finds a Beijing R&D centre's path to a Hebei plant through the type-ahead", async () => {
  const [from] = (await api(`/api/v1/search?q=${encodeURIComponent("京西")}&limit=20`)).items.filter((x) => x.id === "bwi-beijing-rd");
  const [to] = (await api(`/api/v1/search?q=${encodeURIComponent("京西")}&limit=20`)).items.filter((x) => x.id === "bwi-zhangjiakou");
  assert.ok(from && to, "the seed's BWI records are searchable");
  const answer = await api("/api/v1/paths?from=bwi-beijing-rd&to=bwi-zhangjiakou");
  assert.ok(answer.paths.length > 0, "the seed's BWI path exists");
  await page.goto(`${BASE_URL}/#/paths`);
  for (const [box, org] of [["from", from], ["to", to]]) {
    await page.getByTestId(`${box}-input`).pressSequentially(org.name_zh.slice(0, 4));
    // Names can repeat (another test may register the same one); the region and kind shown
    // beside each tell them apart, as they would a person.
    const option = page.getByTestId(`${box}-suggestions`).locator(`[data-id="${org.id}"]`);
    assert.match(await option.textContent(), /张家口市|海淀区|北京/);
    await option.click();
    assert.equal(await page.getByTestId(`${box}-input`).inputValue(), org.name_zh);
  }
  await page.getByTestId("find-paths").click();
  await page.getByTestId("paths").waitFor();
  const hop = answer.paths[0].hops[0];
  const shown = page.getByTestId("hop").first();
  const text = await shown.textContent();
  assert.ok(text.includes(hop.from.name_zh) && text.includes(hop.to.name_zh), text);
  assert.ok(text.includes("技术转移") || hop.kind !== "transfers_technology", text);
  if (hop.year) assert.ok(text.includes(String(hop.year)), text);
  const source = shown.locator("a.source");
  assert.equal(await source.getAttribute("href"), hop.source.match(/https?:\/\/\S+/)[0]);
  assert.equal(await page.getByTestId("paths-graph").locator("canvas").count(), 1, "the paths are drawn");
  await shot("paths");
});

test("lab-to-plant matching lists the API's pairs with their reasons, for the link chosen", async () => {
  await page.goto(`${BASE_URL}/#/matches?chain=hydrogen&link=hydrogen.stack-mea&region=130000`);
  const answer = await api("/api/v1/chains/hydrogen/matches?link=hydrogen.stack-mea&region=130000&limit=50");
  assert.ok(answer.matches.length > 0, "the seed has matches for stacks and MEAs");
  await page.getByTestId("matches").waitFor();
  const rows = await page.getByTestId("matches").locator("tbody tr").allTextContents();
  assert.equal(rows.length, answer.matches.length);
  answer.matches.forEach((m, i) => {
    const reason = `技术成熟度 ${m.factors.readiness}/9；${m.factors.same_link ? "同一环节" : `所供应的下游环节（×${m.factors.fit}）`}`;
    assert.ok(rows[i].includes(m.rd_source.name_zh) && rows[i].includes(m.firm.name_zh) && rows[i].includes(reason), rows[i]);
  });
  await shot("matches");
  // Another link redraws the pairs for it.
  await page.getByTestId("match-link").selectOption("hydrogen.production");
  await page.waitForURL(/link=hydrogen.production/);
  const other = await api("/api/v1/chains/hydrogen/matches?link=hydrogen.production&region=130000&limit=50");
  if (other.matches.length) {
    await page.getByTestId("matches").locator("tbody tr", { hasText: other.matches[0].firm.name_zh }).first().waitFor();
  } else {
    await page.getByTestId("no-matches").waitFor();
  }
});

test("an organisation's page has its record, relationships with provenance, history and impact tree", async () => {
  // A supplier with customers, from the robotics bottleneck list.
  const lists = await api("/api/v1/chains/robotics/lists?region=130000");
  const supplier = lists.bottlenecks[0].dependent_firms[0].suppliers[0];
  await page.goto(`${BASE_URL}/#/org/${supplier.id}`);
  await page.getByTestId("org-name").waitFor();
  const org = await api(`/api/v1/enterprises/${supplier.id}`);
  const heading = await page.getByTestId("org-name").textContent();
  assert.ok(heading.includes(org.name_zh) && heading.includes(org.verified ? "已核实" : "未核实"), heading);
  if (org.synthetic) assert.ok(heading.includes("演示数据"));
  const relationships = await api(`/api/v1/organisations/${supplier.id}/relationships?direction=both&limit=200`);
  assert.equal(await page.getByTestId("relationships").locator("tbody tr").count(), relationships.length);
  const history = await api(`/api/v1/enterprises/${supplier.id}/history`);
  assert.equal(await page.getByTestId("history").locator("li").count(), history.length);
  const impact = await api(`/api/v1/enterprises/${supplier.id}/impact?depth=3&substitutes=true`);
  assert.ok(impact.affected.length > 0);
  assert.equal(await page.getByTestId("impact").locator("tbody tr").count(), impact.affected.length);
  assert.equal(await page.getByTestId("impact-tree").locator("canvas").count(), 1);
  await shot("organisation");

  // A supplier whose stop leaves some customer without a product others could deliver: the
  // page lists each affected firm's substitutes as the API ranks them.
  let withSubstitutes = null;
  for (const chain of ["biomedicine", "cybersec-iiot", "robotics", "hydrogen", "nev-icv", "machine-tools"]) {
    const bottlenecks = (await api(`/api/v1/chains/${chain}/lists?region=130000`)).bottlenecks;
    for (const s of bottlenecks.flatMap((b) => b.dependent_firms.flatMap((f) => f.suppliers))) {
      // An R&D source among the suppliers has no impact analysis (404): skipped.
      const answer = await api(`/api/v1/enterprises/${s.id}/impact?depth=3&substitutes=true`).catch(() => null);
      if (answer?.affected.some((a) => a.substitutes.length > 0)) {
        withSubstitutes = { id: s.id, answer };
        break;
      }
    }
    if (withSubstitutes) break;
  }
  assert.ok(withSubstitutes, "the demo data has a supplier whose customers have substitutes");
  await page.goto(`${BASE_URL}/#/org/${withSubstitutes.id}`);
  await page.getByTestId("impact").waitFor();
  const cells = await page.getByTestId("substitutes").allTextContents();
  assert.equal(cells.length, withSubstitutes.answer.affected.length);
  withSubstitutes.answer.affected.forEach((a, i) => {
    const shown = a.substitutes.map((s) => `${s.product}: ${s.firm.name_zh}`);
    assert.deepEqual(shown.filter((x) => cells[i].includes(x)), shown, cells[i]);
  });
});

test("flows from Beijing to Hebei are drawn as a Sankey with the relocations beside it", async () => {
  await page.goto(`${BASE_URL}/#/flows?from=110000&to=130000&kind=transfers_technology`);
  await page.getByTestId("flow-total").waitFor();
  const flows = await api("/api/v1/flows?from_region=110000&to_region=130000");
  const total = flows.transfers_technology.breakdown.reduce((n, c) => n + c.n, 0);
  assert.ok((await page.getByTestId("flow-total").textContent()).endsWith(`: ${total}`));
  if (total > 0) assert.equal(await page.getByTestId("flows-sankey").locator("canvas").count(), 1);
  await shot("flows");
  const relocations = await api("/api/v1/relocations?from=110000&to=130000&limit=100");
  if (relocations.length) assert.equal(await page.getByTestId("relocations").locator("tbody tr").count(), relocations.length);
});

test("the clusters page tells the five groups from the national clusters", async () => {
  await page.goto(`${BASE_URL}/#/clusters`);
  await page.getByTestId("clusters-five_groups").waitFor();
  const clusters = await api("/api/v1/clusters");
  for (const kind of ["five_groups", "national"]) {
    const expected = clusters.filter((c) => c.kind === kind).map((c) => c.name_zh);
    const shown = await page.getByTestId(`clusters-${kind}`).locator("tbody tr td:first-child").allTextContents();
    assert.deepEqual(shown, expected);
  }
  await shot("clusters");
});

test("the language switch turns the page to English and back", async () => {
  await page.goto(`${BASE_URL}/#/map?chain=hydrogen`);
  await page.getByTestId("chain-map").waitFor();
  await page.getByTestId("language").click();
  await page.waitForFunction(() => document.querySelector("nav a.active")?.textContent === "Chain map");
  const map = await api("/api/v1/chains/hydrogen/map");
  assert.equal(await page.locator(`tr[data-link="${map.links[0].link.id}"] th`).textContent(), map.links[0].link.name_en);
  await page.getByTestId("language").click();
  await page.waitForFunction(() => document.querySelector("nav a.active")?.textContent === "产业链图谱");
});

test("on a 390-pixel phone screen the map scrolls inside its frame, not the page", async () => {
  const phone = await browser.context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${BASE_URL}/#/map?chain=nev-icv`);
  await phone.getByTestId("chain-map").waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width}px wide`);
  await phone.close();
});
