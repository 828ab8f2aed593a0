// When public reading is off, the page asks for a reader key, keeps it for the tab only and
// sends it as a bearer token, never in a URL.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, LOCKED_URL } from "./browser.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser.close();
});

test("the page asks for a key, refuses a wrong one, and works with the right one", { skip: !LOCKED_URL }, async () => {
  const page = await browser.context.newPage();
  const urls = [];
  const authorised = [];
  page.on("request", (r) => {
    urls.push(r.url());
    if (r.url().includes("/api/v1/")) authorised.push(r.headers()["authorization"] ?? null);
  });
  await page.goto(`${LOCKED_URL}/#/map?chain=hydrogen`);
  await page.locator("#key-dialog").waitFor();
  await page.locator("#key-input").fill("ca_not_a_real_key");
  await page.locator("#key-dialog button").click();
  await page.locator("#key-dialog .problem").waitFor();

  await page.locator("#key-input").fill(process.env.READER_KEY);
  await page.locator("#key-dialog button").click();
  await page.getByTestId("chain-map").waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("chain-atlas-key")), process.env.READER_KEY);
  assert.equal(await page.evaluate(() => localStorage.getItem("chain-atlas-key")), null);
  assert.ok(authorised.includes(`Bearer ${process.env.READER_KEY}`));
  assert.ok(urls.every((u) => !u.includes(process.env.READER_KEY)), "the key appeared in a URL");
  await page.close();
});
