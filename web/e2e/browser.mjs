// Debian's Chromium driven by playwright-core, as the machine's probe found it works here: no
// browser download, headless, no sandbox (CI runs as root), a fresh profile, and no background
// networking (the machine's network is closed).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8080";
export const LOCKED_URL = process.env.LOCKED_URL;

/**
 * A browser with a fresh profile; `close` removes the profile. `bypassCSP` lets a test inject a
 * checker (axe-core) that the page's strict policy would refuse, as a browser extension could.
 */
export async function launch({ bypassCSP = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "chain-atlas-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    bypassCSP,
    viewport: { width: 1280, height: 800 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // Anything the page asks of another host would be a CDN or tracker: refuse it, and count it.
  const offsite = [];
  await context.route(
    (url) => !url.href.startsWith("http://127.0.0.1") && !url.href.startsWith("blob:") && !url.href.startsWith("data:"),
    (route) => {
      offsite.push(route.request().url());
      return route.abort();
    },
  );
  return {
    context,
    offsite,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The API's answer, as the page would get it. */
export async function api(path, base = BASE_URL, key) {
  const response = await fetch(new URL(path, base), { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const check = (body) => ALPHABET[(31 - ([...body].reduce((s, ch, i) => s + ALPHABET.indexOf(ch) * WEIGHTS[i], 0) % 31)) % 31];

/** A fresh USCC for a firm registered in `region` (a Tangshan one by default), valid unless `wrong`. */
export function uscc(wrong = false, region = "130200") {
  let body = `91${region}MA`;
  while (body.length < 17) body += ALPHABET[Math.floor(Math.random() * 31)];
  const right = check(body);
  return body + (wrong ? ALPHABET[(ALPHABET.indexOf(right) + 1) % 31] : right);
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** axe-core's critical and serious findings on `page` as it is now (the launch needs `bypassCSP`). */
export async function accessibilityProblems(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
  );
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}
