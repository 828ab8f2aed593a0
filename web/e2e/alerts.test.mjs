// Watching and alerts as staff use them: a reader watches a firm from its page (关注), an event
// is reported on its only supplier, and the alerts view shows — in Chinese, then English — that
// the firm is disrupted and by which path; it is marked read, and the firm stops being watched.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { accessibilityProblems, BASE_URL, launch, uscc } from "./browser.mjs";

const run = Date.now().toString(36);
const admin = process.env.ADMIN_KEY;
let browser;
let page;
let supplier;
let customer;
const troubles = [];

async function call(method, path, body) {
  const response = await fetch(new URL(path, BASE_URL), {
    method,
    headers: { Authorization: `Bearer ${admin}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function firm(name, region) {
  const created = await call("POST", "/api/v1/enterprises", { uscc: uscc(false, region), name_zh: name, region, source: "【演示】端到端测试" });
  return created.id;
}

before(async () => {
  browser = await launch({ bypassCSP: true });
  page = await browser.context.newPage();
  page.on("pageerror", (e) => troubles.push(e.message));
  supplier = await firm(`【演示】唐山端到端膜材料${run}有限公司`, "130200");
  customer = await firm(`【演示】天津端到端电堆${run}有限公司`, "120116");
  await call("POST", "/api/v1/relationships", {
    kind: "supplies", source_id: supplier, target_id: customer, product: "质子交换膜",
    source: "【演示】端到端测试",
  });
});

after(async () => {
  await browser.close();
  assert.deepEqual(browser.offsite, [], "the page asked for something off the service");
  assert.deepEqual(troubles, [], "errors in the page");
});


test("a reader watches a firm, hears that an event upstream disrupts it, and reads the alert", async () => {
  // The alerts are a person's: the view asks for the key they use.
  await page.goto(`${BASE_URL}/#/alerts`);
  await page.locator("#key-dialog").waitFor();
  await page.locator("#key-input").fill(process.env.READER_KEY);
  await page.locator("#key-dialog button").click();
  await page.getByTestId("alerts").waitFor();
  assert.deepEqual(await accessibilityProblems(page), [], "the alerts view, empty");

  await page.goto(`${BASE_URL}/#/org/${customer}`);
  await page.getByTestId("relationships").waitFor();
  const watch = page.getByTestId("watch-enterprise");
  await watch.getByRole("button", { name: "☆ 关注" }).click();
  await watch.getByText("★ 已关注").waitFor();
  assert.deepEqual(await accessibilityProblems(page), [], "the organisation page with its watch button");

  await call("POST", `/api/v1/enterprises/${supplier}/events`, {
    kind: "production_stop", occurred_on: "2026-12-07", severity: "high",
    source: { outlet: "【演示】端到端测试", title: "【演示】停产检修" },
  });
  // The alert is raised within moments; a person would look again (a hang guard, not a timing).
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(`${BASE_URL}/#/alerts?look=${Date.now()}`);
    await page.getByTestId("alerts").waitFor();
    if ((await page.locator("[data-testid=alert][data-reason=disrupted]").count()) > 0) break;
    assert.ok(Date.now() < deadline, "no alert after 60 s");
    await page.waitForTimeout(500);
  }
  const alert = page.locator("[data-testid=alert][data-reason=disrupted]").first();
  const text = await alert.textContent();
  assert.match(text, /受上游事件冲击/);
  assert.match(text, /停产/);
  assert.match(text, /严重/);
  assert.doesNotMatch(text, /\b[a-z]+_[a-z_]+\b/, "no raw codes");
  const path = await alert.getByTestId("alert-path").locator("a").allTextContents();
  assert.equal(path.length, 2);
  assert.match(path[0], /膜材料/);
  assert.match(path[1], /电堆/);
  assert.match(await page.locator("nav [data-nav=alerts]").textContent(), /提醒（[1-9]\d*）/);
  assert.match(await page.getByTestId("unread").textContent(), /未读 [1-9]\d* 条/);
  assert.deepEqual(await accessibilityProblems(page), [], "the alerts view with an alert");

  await page.getByTestId("language").click();
  await page.locator("[data-testid=alert][data-reason=disrupted]").first().waitFor();
  assert.match(await page.locator("[data-reason=disrupted]").first().textContent(), /Disrupted by an event upstream.*Production stop/s);
  await page.getByTestId("language").click();
  await page.getByTestId("alerts").waitFor();

  await page.getByTestId("mark-all-read").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=unread]")?.textContent?.includes("未读 0 条"));
  assert.equal(await page.locator(".alert.unread").count(), 0);
  assert.equal(await page.locator("nav [data-nav=alerts]").textContent(), "提醒");

  const watched = page.getByTestId("watches").locator("li", { hasText: "电堆" });
  await watched.getByRole("button", { name: "取消关注" }).click();
  await page.waitForFunction(() => !document.querySelector("[data-testid=watches]")?.textContent?.includes("电堆"));
  await page.goto(`${BASE_URL}/#/org/${customer}`);
  await page.getByTestId("watch-enterprise").getByRole("button", { name: "☆ 关注" }).waitFor();
});
