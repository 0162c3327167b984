// The translation desk of `broadsheet serve` in a real browser: the article's two
// languages side by side at 1280 px and stacked without horizontal scroll at 390 px,
// headings, landmarks and `lang` on every unit, a visible keyboard focus; then a
// Chinese edit in the temp copy updates the open desk by itself, keeping its scroll,
// with exactly one unit marked stale and what changed in the Chinese.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DESKTOP, MOBILE, launchChromium } from './lib/site.mjs';
import { binary, serveTempSite, stopServer } from './lib/serve.mjs';

const TEST = { timeout: 90_000 };
const DESK = '/__broadsheet/translate/';
const ARTICLE = `${DESK}article/index.md`;

/** The boxes of a unit's two sides. */
async function sides(page, unit) {
  return page.locator(`${unit} .side`).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }),
  );
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the translation desk in Chromium', () => {
  let server;
  let browser;

  before(async () => {
    assert.ok(existsSync(binary()), `build the release binary first: ${binary()}`);
    server = await serveTempSite();
    browser = await launchChromium();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await stopServer(server);
  });

  async function open(viewport, address) {
    const page = await browser.newPage({ viewport });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const reply = await page.goto(`${server.url}${address}`);
    assert.equal(reply.status(), 200, address);
    return { page, errors };
  }

  test('the index lists the article by both file names, without horizontal scroll at 390 px', TEST, async () => {
    const { page, errors } = await open(MOBILE, DESK);
    try {
      const link = page.getByRole('link', { name: 'content/article/index.md → content/article/index.en.md' });
      assert.equal(await link.getAttribute('href'), ARTICLE);
      assert.ok((await overflow(page)) <= 0, 'the index scrolls sideways at 390 px');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('at 1280 px the two languages stand side by side, each unit tagged and placed', TEST, async () => {
    const { page, errors } = await open(DESKTOP, ARTICLE);
    try {
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.locator('main').count(), 1);
      assert.equal(await page.locator('header').count(), 1);
      assert.equal(await page.locator('h1').count(), 1);
      const headings = await page.locator('h1, h2, h3').evaluateAll((hs) => hs.map((h) => h.tagName));
      assert.equal(headings[0], 'H1');
      assert.ok(headings.slice(1).every((h) => h === 'H2'), headings.join());
      const units = await page.locator('.unit').count();
      assert.ok(units > 10, `${units} units`);
      assert.equal(await page.locator('.unit [lang="zh-Hans"].text').count(), units);
      assert.equal(await page.locator('.unit [lang="en"].text').count(), units);
      assert.equal(await page.locator('.unit.stale').count(), 0);
      assert.deepEqual(await page.locator('#unit-1 .at').allInnerTexts(), [
        'zh-Hans content/article/index.md:2',
        'en content/article/index.en.md:2',
      ]);
      const [zh, en] = await sides(page, '#unit-5');
      assert.ok(zh.right <= en.left, `not side by side: ${JSON.stringify([zh, en])}`);
      assert.ok(Math.abs(zh.top - en.top) < 2, 'the two sides do not start on one line');
      assert.ok((await overflow(page)) <= 0, 'the desk scrolls sideways at 1280 px');
      // The keyboard focus is visible: the first Tab lands on a link with an outline.
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('at 390 px the two languages are stacked, without horizontal scroll', TEST, async () => {
    const { page } = await open(MOBILE, ARTICLE);
    try {
      const [zh, en] = await sides(page, '#unit-5');
      assert.ok(en.top >= zh.bottom - 1, `not stacked: ${JSON.stringify([zh, en])}`);
      assert.ok((await overflow(page)) <= 0, 'the desk scrolls sideways at 390 px');
    } finally {
      await page.close();
    }
  });

  test('a Chinese edit updates the open desk by itself: one unit stale, with the diff', TEST, async () => {
    const { page, errors } = await open(DESKTOP, ARTICLE);
    try {
      await page.evaluate(() => window.scrollTo(0, 400));
      await page.waitForFunction(() => window.scrollY >= 399);
      const file = path.join(server.dir, 'content/article/index.md');
      const text = readFileSync(file, 'utf8');
      const edited = text.replace('春潮涌动', '春潮奔涌');
      assert.notEqual(edited, text, 'the paragraph to edit is not in the article any more');
      // The desk is patched in place after the rebuild (no reload), so
      // the wait is for the stale unit itself.
      writeFileSync(file, edited);
      const stale = page.locator('.unit.stale');
      await stale.first().waitFor({ timeout: 20_000 });
      assert.equal(await stale.count(), 1);
      assert.equal(await stale.locator('.mark').innerText(), 'STALE'); // uppercase by CSS
      assert.equal(await stale.locator('.mark').textContent(), 'stale');
      assert.equal(await stale.locator('del').textContent(), 'removed: 动');
      assert.equal(await stale.locator('ins').textContent(), 'added: 奔');
      assert.deepEqual(await stale.locator('.at').allInnerTexts(), [
        'zh-Hans content/article/index.md:13',
        'en content/article/index.en.md:13',
      ]);
      await page.waitForFunction(() => Math.abs(window.scrollY - 400) <= 2, null, { timeout: 5_000 });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
