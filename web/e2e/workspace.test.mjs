// The member workspace and the review queue, as an alliance member and an admin use them.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { api, BASE_URL, launch, uscc } from "./browser.mjs";

const run = Date.now().toString(36);
const org = `e2e-alliance-${run}`;
const firmName = `【演示】唐山端到端减速器${run}有限公司`;
const firmUscc = uscc();
let browser;
let page;
let memberKey;
const timings = {};
const refusals = [];

before(async () => {
  browser = await launch();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => assert.fail(`the page threw: ${e.message}`));
  // What the API refused, printed with a failure to tell why a step did not happen.
  page.on("response", async (r) => {
    if (r.status() >= 400 && r.url().includes("/api/")) refusals.push(`${r.status()} ${r.request().method()} ${r.url()} ${await r.text().catch(() => "")}`);
  });
});

after(async () => {
  if (refusals.length) console.log("refused by the API:\n" + refusals.join("\n"));
  if (Object.keys(timings).length) console.log("workspace timings (ms):", JSON.stringify(timings));
  await browser.close();
});

async function signIn(key) {
  // A fresh start: the previous holder's key is dropped before the page draws anything.
  await page.goto("about:blank");
  await page.goto(`${BASE_URL}/#/clusters`);
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${BASE_URL}/#/workspace`);
  await page.getByTestId("member-key").fill(key);
  await page.getByTestId("sign-in").click();
}

test("an admin creates a member key for an alliance, shown once", async () => {
  await signIn(process.env.ADMIN_KEY);
  await page.getByTestId("tab-keys").click();
  await page.getByTestId("key-name").fill(`端到端测试联盟 ${run}`);
  await page.locator("#field-role").selectOption("member");
  await page.getByTestId("key-org").fill(org);
  await page.getByTestId("create-key").click();
  memberKey = (await page.getByTestId("secret").textContent()).trim();
  assert.match(memberKey, /^ca_/);
});

test("a member registers a firm through the form: the check character is caught before sending", async () => {
  const started = Date.now();
  await signIn(memberKey);
  assert.match(await page.getByTestId("whoami").textContent(), new RegExp(org));
  await page.getByTestId("tab-enterprise").click();
  await page.getByTestId("uscc").fill(uscc(true));
  await page.getByTestId("name_zh").click();
  assert.match(await page.getByTestId("error-uscc").textContent(), /校验位/);
  let posted = 0;
  page.on("request", (r) => r.method() === "POST" && r.url().endsWith("/api/v1/enterprises") && posted++);
  await page.getByTestId("register").click();
  assert.equal(posted, 0, "a bad check character was sent to the server");

  await page.getByTestId("uscc").fill(firmUscc);
  await page.getByTestId("name_zh").fill(firmName);
  await page.getByTestId("region-province").selectOption("130000");
  await page.getByTestId("region-city").selectOption("130200");
  await page.getByTestId("source").fill("e2e test: synthetic registration");
  await page.getByTestId("register").click();
  await page.getByTestId("registered").getByText(firmName).waitFor();
  assert.match(await page.getByTestId("registered").textContent(), /未核实/);
  // Its chain link, from the form that follows.
  await page.locator("#field-chain").selectOption("robotics");
  await page.getByTestId("link").selectOption("robotics.reducers");
  await page.getByTestId("declare-link").click();
  await page.getByTestId("link-result").getByText("已声明").waitFor();
  timings.register_with_link = Date.now() - started;

  const firm = await api(`/api/v1/uscc/${firmUscc}`);
  assert.equal(firm.owner, org);
  assert.equal(firm.verified, false);
  assert.deepEqual(firm.segments.map((s) => s.segment), ["robotics.reducers"]);

  await page.getByTestId("tab-records").click();
  const row = page.getByTestId("my-records").locator(`tr[data-id="${firm.id}"]`);
  assert.match(await row.getByTestId("status").textContent(), /待审核/);
});

test("a USCC someone already holds is answered with who holds it and how to dispute", async () => {
  await page.getByTestId("tab-enterprise").click();
  await page.getByTestId("uscc").fill(firmUscc);
  await page.getByTestId("uscc-holder").getByText(firmName).waitFor();
  await page.getByTestId("name_zh").fill(`${firmName}（重复）`);
  await page.getByTestId("region-province").selectOption("130000");
  await page.getByTestId("source").fill("e2e test");
  await page.getByTestId("register").click();
  const conflict = page.locator(".form-error [data-testid=conflict]");
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /异议/);
  // The member disputes the registration from the message itself.
  await conflict.getByTestId("dispute-reason").fill("该代码属于本单位（端到端测试）");
  await conflict.getByTestId("dispute").click();
  await conflict.getByTestId("dispute-outcome").getByText("异议已提交").waitFor();
});

test("a member records a supply relationship, both ends picked by type-ahead", async () => {
  const started = Date.now();
  await page.getByTestId("tab-relationship").click();
  await page.getByTestId("rel-kind").selectOption("supplies");
  const customer = (await api(`/api/v1/enterprises?region=130200&chain=robotics&limit=1&synthetic=true`)).items[0];
  const firm = await api(`/api/v1/uscc/${firmUscc}`);
  for (const [box, org] of [["from", firm], ["to", customer]]) {
    await page.getByTestId(`${box}-input`).fill(org.name_zh);
    await page.getByTestId(`${box}-suggestions`).locator(`[data-id="${org.id}"]`).click();
  }
  await page.getByTestId("rel-product").fill("RV reducers");
  await page.getByTestId("rel-source").fill("e2e test: synthetic relationship");
  await page.getByTestId("record").click();
  await page.getByTestId("recorded").getByText(customer.name_zh).waitFor();
  timings.record_relationship = Date.now() - started;
});

function csvFile(rows) {
  const dir = mkdtempSync(join(tmpdir(), "e2e-csv-"));
  const path = join(dir, "enterprises.csv");
  writeFileSync(path, `uscc,name_zh,region,source\n${rows.map((r) => r.join(",")).join("\n")}\n`);
  return path;
}

test("a CSV with one bad row: the preview shows that row's error, then the good rows go in with skip", async () => {
  await page.getByTestId("tab-upload").click();
  const good = [uscc(), uscc()];
  const path = csvFile([
    [good[0], `【演示】上传样例甲${run}`, "130200", "e2e upload"],
    [uscc(true), `【演示】上传样例乙${run}`, "130200", "e2e upload"],
    [good[1], `【演示】上传样例丙${run}`, "120116", "e2e upload"],
  ]);
  await page.getByTestId("upload-kind").selectOption("enterprises");
  await page.getByTestId("upload-file").setInputFiles(path);
  await page.getByTestId("preview-button").click();
  const bad = page.getByTestId("report-rows").locator("tr.row-rejected");
  await bad.waitFor();
  assert.equal(await bad.count(), 1);
  assert.match(await bad.textContent(), /^3.*校验位/s);
  await page.getByTestId("skip-bad-rows").check();
  await page.getByTestId("commit").click();
  await page.getByTestId("report-counts").getByText("已写入").waitFor();
  assert.match(await page.getByTestId("report-counts").textContent(), /新建 2 .* 有误 1/);
  for (const u of good) assert.equal((await api(`/api/v1/uscc/${u}`)).owner, org);
});

test("a GBK-encoded file, as Excel saves CSV on Chinese Windows, is read correctly", async () => {
  const code = uscc();
  const name = `【演示】国标编码样例${run}有限公司`;
  const utf8 = csvFile([[code, name, "130600", "e2e GBK upload"]]);
  const gbk = `${utf8}.gbk.csv`;
  execFileSync("python3", ["-c", "import sys; open(sys.argv[2],'wb').write(open(sys.argv[1],encoding='utf-8').read().encode('gbk'))", utf8, gbk]);
  assert.notDeepEqual(readFileSync(gbk), readFileSync(utf8));
  await page.getByTestId("upload-file").setInputFiles(gbk);
  await page.getByTestId("skip-bad-rows").uncheck();
  await page.getByTestId("preview-button").click();
  await page.getByTestId("commit").click();
  await page.getByTestId("report-counts").getByText("已写入").waitFor();
  assert.equal((await api(`/api/v1/uscc/${code}`)).name_zh, name);
});

test("an Excel list without USCCs: the preview shows each row's match, and a row it could not match is settled by a choice", async () => {
  await page.getByTestId("upload-kind").selectOption("enterprises");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sample-workbook").click()]);
  const dir = mkdtempSync(join(tmpdir(), "e2e-xlsx-"));
  const book = join(dir, download.suggestedFilename());
  await download.saveAs(book);
  assert.match(book, /\.xlsx$/);
  await page.getByTestId("upload-file").setInputFiles(book);
  await page.getByTestId("preview-button").click();
  const rows = page.getByTestId("report-rows");
  await rows.locator('tr[data-line="6"]').waitFor();
  const expected = { 2: "京西集团", 3: "梅卡曼德", 4: "亿华通", 5: "普龙科技", 6: "中国星网" };
  for (const [line, name] of Object.entries(expected)) {
    const cell = await rows.locator(`tr[data-line="${line}"]`).getByTestId("row-match").textContent();
    assert.match(cell, new RegExp(`^${name} \\(按名称匹配 · \\d+ 分\\)$`), `line ${line}: ${cell}`);
  }

  // A short name that could be either of two firms: the page offers both, and the choice holds.
  const path = join(dir, "list.csv");
  writeFileSync(path, "企业名称,所在地区\n亿华通张家口,张家口市\n");
  await page.getByTestId("upload-file").setInputFiles(path);
  await page.getByTestId("preview-button").click();
  const row = rows.locator('tr[data-line="2"]');
  const choose = row.getByTestId("choose");
  await choose.waitFor();
  assert.match(await row.textContent(), /未匹配到已登记机构/);
  const offered = await choose.locator("option").allTextContents();
  assert.ok(offered.some((o) => o.startsWith("亿华通动力科技")) && offered.some((o) => o.startsWith("亿华通 ")), offered.join(" | "));
  await choose.selectOption("sinohytec-power-zjk");
  await page.getByTestId("preview-button").click();
  await row.getByTestId("row-match").getByText("按所选").waitFor();
  assert.match(await row.getByTestId("row-match").textContent(), /^亿华通动力科技 \(按所选\)$/);
  assert.equal(await row.locator("td").nth(1).textContent(), "未变");
});

test("the admin approves one record and rejects another with a reason; the member sees both", async () => {
  await signIn(process.env.ADMIN_KEY);
  await page.getByTestId("tab-review").click();
  await page.getByTestId("queue-owner").fill(org);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`owner=${org}`)),
    page.getByTestId("queue-filter").click(),
  ]);
  const firm = await api(`/api/v1/uscc/${firmUscc}`);
  const firmRow = page.getByTestId("queue").locator(`tr[data-id="${firm.id}"]`);
  await firmRow.waitFor();
  assert.match(await firmRow.getByTestId("disputed").textContent(), /该代码属于本单位/);
  await firmRow.getByTestId("approve").click();
  await firmRow.getByTestId("outcome").getByText("已核实").waitFor();
  const uploaded = (await api(`/api/v1/enterprises?q=${encodeURIComponent(`上传样例甲${run}`)}`)).items[0];
  const other = page.getByTestId("queue").locator(`tr[data-id="${uploaded.id}"]`);
  await other.getByTestId("reject-reason").fill("名称与营业执照不符");
  await other.getByTestId("reject").click();
  await other.getByTestId("outcome").getByText("已退回").waitFor();

  await signIn(memberKey);
  const records = page.getByTestId("my-records");
  await records.waitFor();
  assert.match(await records.locator(`tr[data-id="${firm.id}"]`).getByTestId("status").textContent(), /已核实/);
  assert.match(await records.locator(`tr[data-id="${uploaded.id}"]`).getByTestId("status").textContent(), /已退回：名称与营业执照不符/);
  // And the explorer shows the firm verified, its history as a timeline, and it in its link.
  await page.goto(`${BASE_URL}/#/org/${firm.id}`);
  await page.getByTestId("org-name").waitFor();
  assert.match(await page.getByTestId("org-name").textContent(), /已核实/);
  const history = await api(`/api/v1/enterprises/${firm.id}/history`);
  assert.ok(history.length >= 3, "registered, link declared, verified");
  assert.equal(await page.getByTestId("history").locator("li").count(), history.length);
  const listed = await api(`/api/v1/enterprises?link=robotics.reducers&region=130200&verified=true&q=${encodeURIComponent(firmName)}`);
  assert.deepEqual(listed.items.map((o) => o.id), [firm.id]);
});

test("a firm registered twice: the member sees the pair, and a curator merges it from the page", async () => {
  // Names are matched by their Han characters: this run's own.
  const han = [...run].map((c) => "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土"[parseInt(c, 36) % 28]).join("");
  const register = async (name) => {
    const body = { uscc: uscc(), name_zh: name, region: "130200", scale: "small", source: "e2e duplicate" };
    const r = await fetch(new URL("/api/v1/enterprises", BASE_URL), { method: "POST", headers: { Authorization: `Bearer ${memberKey}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const text = await r.text();
    assert.equal(r.status, 201, text);
    return JSON.parse(text).id;
  };
  const first = await register(`【演示】${han}精密减速器有限公司`);
  const second = await register(`【演示】唐山${han}精密减速器`);
  await signIn(memberKey);
  await page.getByTestId("tab-records").click();
  const mine = page.getByTestId("duplicates").locator(`tr[data-id="${second}"]`);
  await mine.waitFor();
  assert.match(await mine.textContent(), new RegExp(`${han}精密减速器有限公司`));

  await signIn(process.env.ADMIN_KEY);
  await page.getByTestId("tab-duplicates").click();
  const pair = page.getByTestId("duplicates").locator(`tr[data-id="${second}"]`);
  await pair.waitFor();
  await pair.getByTestId("merge").click();
  await pair.getByTestId("merge").getByText("确认合并").waitFor();
  await pair.getByTestId("merge").click();
  await pair.getByTestId("merged").waitFor();
  const old = await fetch(new URL(`/api/v1/enterprises/${second}`, BASE_URL), { redirect: "manual" });
  assert.equal(old.status, 301);
  assert.equal(old.headers.get("location"), `/api/v1/enterprises/${first}`);
});

test("a member registers an R&D source, edits its firm, is told of a concurrent change, and withdraws a record", async () => {
  await signIn(memberKey);
  await page.getByTestId("tab-rd_source").click();
  const lab = `【演示】唐山端到端实验室${run}`;
  await page.getByTestId("rd-kind").selectOption("key_lab");
  await page.getByTestId("rd-name_zh").fill(lab);
  await page.getByTestId("region-province").selectOption("130000");
  await page.getByTestId("region-city").selectOption("130200");
  await page.getByTestId("register-rd").click();
  await page.getByTestId("rd-registered").getByText(lab).waitFor();

  const firm = await api(`/api/v1/uscc/${firmUscc}`);
  await page.goto(`${BASE_URL}/#/org/${firm.id}`);
  await page.getByTestId("edit").waitFor();
  await page.getByTestId("edit-source").fill("e2e test: corrected source");
  await page.getByTestId("save").click();
  await page.getByTestId("edit-outcome").getByText("已保存").waitFor();
  // A second chain link, declared on the firm's own page.
  await page.getByTestId("edit").locator("#field-chain").selectOption("robotics");
  await page.getByTestId("link").selectOption("robotics.servo-motors");
  await page.getByTestId("declare-link").click();
  await page.getByTestId("link-result").getByText("已声明").waitFor();
  const edited = await api(`/api/v1/uscc/${firmUscc}`);
  assert.equal(edited.source, "e2e test: corrected source");
  assert.deepEqual(edited.segments.map((x) => x.segment).sort(), ["robotics.reducers", "robotics.servo-motors"]);
  assert.equal(edited.verified, false, "a member's edit needs verifying again");

  // Someone else changes the firm while the page is open: saving is refused, not overwriting.
  await page.goto(`${BASE_URL}/#/org/${firm.id}?t=1`);
  await page.getByTestId("edit").waitFor();
  const meanwhile = await fetch(`${BASE_URL}/api/v1/enterprises/${firm.id}`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${process.env.ADMIN_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ description: "changed meanwhile by a curator" }),
  });
  assert.equal(meanwhile.status, 200);
  await page.getByTestId("edit-source").fill("e2e test: would overwrite");
  await page.getByTestId("save").click();
  await page.locator("[data-testid=edit] .form-error").getByText("已被他人修改").waitFor();
  assert.equal((await api(`/api/v1/uscc/${firmUscc}`)).source, "e2e test: corrected source");

  // Withdrawing a record (the lab just registered).
  const labId = (await api(`/api/v1/rd-sources?q=${encodeURIComponent(lab)}`)).items[0].id;
  await page.goto(`${BASE_URL}/#/org/${labId}`);
  await page.getByTestId("withdraw").waitFor();
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("withdraw").click();
  await page.getByTestId("edit-outcome").getByText("已撤回").waitFor();
  assert.equal((await fetch(`${BASE_URL}/api/v1/rd-sources/${labId}`)).status, 404);
});

test("a reader key never sees the write pages", async () => {
  await signIn(process.env.READER_KEY);
  await page.locator(".sign-in .problem").waitFor();
  assert.equal(await page.getByTestId("tab-enterprise").count(), 0);
  assert.equal(await page.getByTestId("tab-review").count(), 0);
});
