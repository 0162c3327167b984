// A site made by `broadsheet new` from an article of the family, with two more
// articles imported next to it and no English yet: what a reader of either
// language sees, in a real Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DESKTOP, MOBILE, REPO_ROOT, SCREENSHOT_DIR, broadsheet, startSite } from './lib/site.mjs';

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/import');
const ARTICLES = [
  ['article', 'gulao-water-village-2024.raw.txt'],
  ['chenpi', 'xinhui-chenpi-2024.raw.txt'],
  ['canteens', 'elderly-canteens-2024.raw.txt'],
];
const TEST = { timeout: 60_000 };
const PAGES = ['/', '/article/', '/chenpi/', '/figures/', '/photos/', '/en/', '/en/article/', '/en/figures/', '/en/photos/'];

const overflows = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

describe('a new site of three articles, before any translation', { timeout: 20 * 60_000 }, () => {
  let site;
  let work;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'broadsheet-articles-'));
    for (const [, raw] of ARTICLES) await copyFile(path.join(FIXTURES, raw), path.join(work, raw));
    await broadsheet(['new', 'site', '--from', ARTICLES[0][1]], work);
    const root = path.join(work, 'site');
    for (const [slug, raw] of ARTICLES.slice(1)) {
      await broadsheet(['import', path.join('..', raw), '--slug', slug], root);
    }
    site = await startSite({ root });
  }, { timeout: 16 * 60_000 });

  after(async () => {
    await site?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the switcher of a Chinese article leads to the English stand-in, which leads back', TEST, async () => {
    await site.withPage(MOBILE, async ({ page, errors }) => {
      await page.goto(site.url('/chenpi/'));
      await Promise.all([page.waitForURL(site.url('/en/chenpi/')), page.locator('.switcher a[hreflang="en"]').click()]);
      assert.match(await page.locator('.pending').innerText(), /in preparation/);
      assert.equal(await page.locator('.pending h1').getAttribute('lang'), 'zh-Hans');
      await Promise.all([page.waitForURL(site.url('/chenpi/')), page.locator('.pending a.button').click()]);
      assert.deepEqual(errors, []);
    });
  });

  test('the home lists every article and the figures page links each figure into its own article', TEST, async () => {
    await site.withPage(DESKTOP, async ({ page, errors }) => {
      await page.goto(site.url('/'));
      assert.equal(await page.locator('.article-list li').count(), ARTICLES.length - 1);
      await page.goto(site.url('/figures/'));
      const link = page.locator('.figure-source a[href^="/chenpi/#"], .figure-source a[href*="/chenpi/#"]').first();
      const href = await link.getAttribute('href');
      await Promise.all([page.waitForURL((u) => u.pathname === '/chenpi/' && u.hash.length > 1), link.click()]);
      const target = page.locator(`[id="${decodeURIComponent(new URL(href, site.baseUrl).hash.slice(1))}"]`);
      assert.equal(await target.count(), 1);
      assert.ok(await target.isVisible());
      assert.deepEqual(errors, []);
    });
  });

  for (const viewport of [MOBILE, DESKTOP]) {
    test(`no page overflows at ${viewport.width}px, and each is screenshotted`, TEST, async () => {
      await site.withPage(viewport, async ({ page, errors }) => {
        for (const p of PAGES) {
          await page.goto(site.url(p));
          assert.equal(await overflows(page), false, `${p} scrolls sideways`);
          const name = `articles-${p.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'home'}-${viewport.width}.png`;
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
        }
        assert.deepEqual(errors, []);
      });
    });
  }
});
