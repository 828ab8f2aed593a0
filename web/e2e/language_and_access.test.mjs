// What a reader sees is in their language, and every view passes an accessibility check.
// - Chinese mode shows no raw codes (`intra_group`, `core`, link ids) and no sentence the server
//   built in English: reasons are rendered from the facts the API sends.
// - axe-core (the engine behind Lighthouse's and browsers' accessibility audits), run in the
//   page on every view, finds nothing critical or serious.
// - The relationship form offers exactly the contract's transfer modes, and each is accepted.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { accessibilityProblems, api, BASE_URL, launch } from "./browser.mjs";

const run = Date.now().toString(36);
const org = `e2e-language-${run}`;
let browser;
let page;
let memberKey;
const troubles = [];

before(async () => {
  // The page's policy allows only its own scripts; the checker is injected as an extension would.
  browser = await launch({ bypassCSP: true });
  page = await browser.context.newPage();
  page.on("pageerror", (e) => troubles.push(`threw: ${e.message}`));
  // A refusal the test provokes is logged by the browser as a failed load; anything else is not.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && troubles.push(`console: ${m.text()}`));
  const made = await fetch(new URL("/api/v1/keys", BASE_URL), {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.ADMIN_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: `language test ${run}`, role: "member", member_org: org }),
  });
  const text = await made.text();
  assert.equal(made.status, 201, text);
  memberKey = JSON.parse(text).secret;
});

after(async () => {
  await browser.close();
  assert.deepEqual(browser.offsite, [], "the page asked for something off the service");
  assert.deepEqual(troubles, [], "errors in the page");
});

async function signIn(key) {
  await page.goto("about:blank");
  await page.goto(`${BASE_URL}/#/clusters`);
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${BASE_URL}/#/workspace`);
  await page.getByTestId("member-key").fill(key);
  await page.getByTestId("sign-in").click();
  await page.getByTestId("whoami").waitFor();
}

// Codes the API uses that a reader must never see as they are.
const SNAKE = /\b[a-z]+(?:_[a-z]+)+\b/;
const LINK_ID = /\b[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\b/;
const ENGLISH_WORD = /[A-Za-z]{3,}/;

async function texts(selector) {
  return page.locator(selector).allTextContents();
}

const VIEWS = [
  ["chain map", "#/map?chain=hydrogen&region=130000", "chain-map"],
  ["three lists", "#/lists?chain=robotics&region=130000", "list-key-enterprises"],
  ["paths", "#/paths?from=bwi-beijing-rd&to=bwi-zhangjiakou", "paths"],
  ["lab-to-plant", "#/matches?chain=hydrogen&region=130000&link=hydrogen.stack-mea", "matches"],
  ["flows", "#/flows", "flow-total"],
  ["clusters", "#/clusters?id=national-safety-emergency", "cluster-name"],
  ["organisation", "#/org/bwi-zhangjiakou", "relationships"],
  ["workspace sign-in", "#/workspace", "member-key"],
];

for (const [name, hash, testid] of VIEWS) {
  test(`${name}: no critical or serious accessibility finding, one h1`, async () => {
    await page.goto(`${BASE_URL}/${hash}`);
    await page.getByTestId(testid).first().waitFor();
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.equal(await page.locator("h1").count(), 1);
  });
}

test("the path finder's boxes are comboboxes that say whether their list is open, and arrows choose", async () => {
  await page.goto(`${BASE_URL}/#/paths`);
  const box = page.getByTestId("from-input");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  await box.fill("京西");
  await page.getByTestId("from-suggestions").locator("[role=option]").first().waitFor();
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  assert.deepEqual(await accessibilityProblems(page), []);
  await box.press("ArrowDown");
  const active = await box.getAttribute("aria-activedescendant");
  const chosen = await page.locator(`#${active}`).getAttribute("data-id");
  await box.press("Enter");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  assert.equal(await box.getAttribute("data-id"), chosen);
});

test("the member's and the admin's workspace tabs pass the check", async () => {
  await signIn(memberKey);
  for (const tab of ["records", "enterprise", "rd_source", "relationship", "upload"]) {
    await page.getByTestId(`tab-${tab}`).click();
    await page.waitForFunction((t) => document.querySelector(`[data-testid=tab-${t}]`)?.getAttribute("aria-current") === "page", tab);
    await page.locator(".tab-body > *").first().waitFor();
    assert.deepEqual(await accessibilityProblems(page), [], tab);
  }
  await signIn(process.env.ADMIN_KEY);
  for (const tab of ["review", "duplicates", "keys", "upload"]) {
    await page.getByTestId(`tab-${tab}`).click();
    await page.waitForFunction((t) => document.querySelector(`[data-testid=tab-${t}]`)?.getAttribute("aria-current") === "page", tab);
    await page.locator(".tab-body > *").first().waitFor();
    assert.deepEqual(await accessibilityProblems(page), [], tab);
  }
});

test("in Chinese, the three lists give their reasons in Chinese and name links, not ids", async () => {
  await page.goto(`${BASE_URL}/#/lists?chain=robotics&region=130000`);
  await page.getByTestId("list-key-enterprises").waitFor();
  const lists = await api("/api/v1/chains/robotics/lists?region=130000");
  const leads = lists.investment_leads.flatMap((l) => l.candidates);
  assert.ok(leads.length > 0, "the seed data gives robotics leads in Hebei");
  const reasons = await texts("[data-testid=list-leads] .reason");
  assert.equal(reasons.length, leads.length);
  for (const r of reasons) {
    assert.match(r, /建议/);
    assert.doesNotMatch(r, ENGLISH_WORD, r);
  }
  for (const cell of await texts("table.list td")) {
    assert.doesNotMatch(cell, SNAKE, cell);
    assert.doesNotMatch(cell, LINK_ID, cell);
  }
  // The same in English, from the same facts.
  await page.getByTestId("language").click();
  await page.getByTestId("list-leads").waitFor();
  for (const r of await texts("[data-testid=list-leads] .reason")) assert.match(r, /propose: (Pilot line|Relocation|Branch)/);
  await page.getByTestId("language").click();
});

test("in Chinese, lab-to-plant reasons are Chinese and the firm's link is named", async () => {
  await page.goto(`${BASE_URL}/#/matches?chain=hydrogen&region=130000&link=hydrogen.stack-mea`);
  await page.getByTestId("matches").waitFor();
  const reasons = await texts("[data-testid=matches] .reason");
  assert.ok(reasons.length > 0);
  for (const r of reasons) {
    assert.match(r, /技术成熟度 \d\/9/);
    assert.doesNotMatch(r, ENGLISH_WORD, r);
  }
  for (const where of await texts("[data-testid=matches] .where")) assert.doesNotMatch(where, LINK_ID, where);
});

test("in Chinese, an organisation's page shows its link, role, kinds and modes in words", async () => {
  await page.goto(`${BASE_URL}/#/org/bwi-zhangjiakou`);
  await page.getByTestId("relationships").waitFor();
  const segments = (await texts(".segments li")).join(" ");
  assert.match(segments, /底盘/);
  assert.doesNotMatch(segments, LINK_ID);
  assert.doesNotMatch(segments, /\bcore\b/);
  for (const cell of await texts("[data-testid=relationships] td.nowrap")) assert.doesNotMatch(cell, SNAKE, cell);
});

test("the relationship form offers exactly the contract's transfer modes, and a joint R&D transfer is recorded", async () => {
  const spec = await api("/api-docs/openapi.json");
  const modes = spec.components.schemas.TransferMode.enum;
  await signIn(memberKey);
  // The member's own firm and a lab, so the member may record a relationship between them.
  const lab = await memberRecord("/api/v1/rd-sources", { rd_kind: "institute", name_zh: `【演示】语言测试研究院${run}`, region: "110108", source: "e2e test" });
  const firm = await memberRecord("/api/v1/enterprises", { uscc: usccFor(run), name_zh: `【演示】语言测试制造${run}有限公司`, region: "130200", source: "e2e test" });
  await page.getByTestId("tab-relationship").click();
  await page.getByTestId("rel-kind").selectOption("transfers_technology");
  const offered = (await page.getByTestId("rel-mode").locator("option").evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  assert.deepEqual([...offered].sort(), [...modes].sort());
  for (const label of await page.getByTestId("rel-mode").locator("option").allTextContents()) assert.doesNotMatch(label, SNAKE);
  for (const [box, o] of [["from", lab], ["to", firm]]) {
    await page.getByTestId(`${box}-input`).fill(o.name_zh);
    await page.getByTestId(`${box}-suggestions`).locator(`[data-id="${o.id}"]`).click();
  }
  await page.getByTestId("rel-mode").selectOption("joint_rd");
  await page.getByTestId("rel-year").fill("2025");
  await page.getByTestId("rel-source").fill("e2e test: joint R&D");
  await page.getByTestId("record").click();
  await page.getByTestId("recorded").getByText(firm.name_zh).waitFor();
  // Co-operation takes a year too.
  await page.getByTestId("rel-kind").selectOption("cooperates_with");
  await page.getByTestId("rel-year").waitFor();
});

test("a refusal from the server is told in Chinese, field by field", async () => {
  await page.getByTestId("tab-relationship").click();
  await page.getByTestId("rel-kind").selectOption("supplies");
  const firm = (await api(`/api/v1/enterprises?q=${encodeURIComponent(`语言测试制造${run}`)}&limit=1`)).items[0];
  for (const box of ["from", "to"]) {
    await page.getByTestId(`${box}-input`).fill(firm.name_zh);
    await page.getByTestId(`${box}-suggestions`).locator(`[data-id="${firm.id}"]`).click();
  }
  await page.getByTestId("rel-product").fill("样件");
  await page.getByTestId("rel-source").fill("e2e test: a loop");
  await page.getByTestId("record").click();
  const error = page.getByTestId("error-target_id");
  await error.getByText("两端不能是同一机构").waitFor();
  assert.doesNotMatch(await error.textContent(), ENGLISH_WORD);
});

/** A record the member registers through the API (the form is tested elsewhere). */
async function memberRecord(path, body) {
  const response = await fetch(new URL(path, BASE_URL), {
    method: "POST",
    headers: { Authorization: `Bearer ${memberKey}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text);
}

/** A valid synthetic USCC registered in Tangshan (130200), distinct per run. */
function usccFor(seed) {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let n = [...seed].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 31 ** 9, 7);
  let tail = "";
  for (let i = 0; i < 9; i++, n = Math.floor(n / 31)) tail += alphabet[n % 31];
  const body = `91130200${tail}`;
  const sum = [...body].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}
