// `broadsheet serve` in a real browser: an open page shows a Markdown edit at
// once, patched in place with its scroll and focus kept (the time is reported);
// a change to the head reloads it; a broken template shows the error
// overlay, and fixing it clears the overlay. Runs the server on a temp copy of the
// default site, so the repository is never edited.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './lib/site.mjs';
import { binary, serveTempSite, stopServer } from './lib/serve.mjs';

const TEST = { timeout: 90_000 };

describe('broadsheet serve in Chromium', () => {
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

  test('a Markdown edit shows in the open page without a reload, keeping scroll and focus', TEST, async (t) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`${server.url}/article/`);
      await page.evaluate(() => {
        window.notReloaded = true;
        window.scrollTo(0, 600);
        document.querySelector('header a').focus({ preventScroll: true });
      });
      await page.waitForFunction(() => window.scrollY >= 599);
      const focused = await page.evaluate(() => document.activeElement.outerHTML);
      const file = path.join(server.dir, 'content/article/index.md');
      const marker = '浏览器测试新增的一段文字';
      // The page itself notes when the new text arrives, on the same clock as
      // the write, so the time measured is edit to visible.
      const seen = page.evaluate((m) => new Promise((resolve) => {
        const look = () => document.body.innerText.includes(m) && (resolve(Date.now()), true);
        if (!look()) new MutationObserver((_, o) => look() && o.disconnect()).observe(document.body, { subtree: true, childList: true, characterData: true });
      }), marker);
      const written = Date.now();
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n\n${marker}。\n`);
      const shown = await Promise.race([seen, new Promise((_, no) => setTimeout(() => no(new Error('edit not shown in 20 s')), 20_000))]);
      t.diagnostic(`edit to visible on /article/: ${shown - written} ms`);
      assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was reloaded, not patched');
      assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - 600) <= 2, 'scroll position lost');
      assert.equal(await page.evaluate(() => document.activeElement.outerHTML), focused, 'focus lost');
    } finally {
      await page.close();
    }
  });

  test('a change to the head of the page reloads it, back at the same scroll position', TEST, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const file = path.join(server.dir, 'templates/base.html');
    const good = readFileSync(file, 'utf8');
    try {
      await page.goto(`${server.url}/about/`);
      await page.evaluate(() => window.scrollTo(0, 300));
      await page.waitForFunction(() => window.scrollY >= 299);
      const reloaded = page.waitForEvent('load', { timeout: 20_000 });
      assert.match(good, /<\/head>/);
      writeFileSync(file, good.replace('</head>', '<meta name="x-browser-test" content="1"></head>'));
      await reloaded;
      await page.locator('meta[name="x-browser-test"]').waitFor({ state: 'attached', timeout: 20_000 });
      await page.waitForFunction(() => Math.abs(window.scrollY - 300) <= 2, null, { timeout: 5_000 });
    } finally {
      writeFileSync(file, good);
      await page.close();
    }
  });

  test('a broken template shows the overlay with file and line; fixing it clears it', TEST, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${server.url}/en/about/`);
      await page.locator('h1').waitFor();
      const file = path.join(server.dir, 'templates/page.html');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.replace('{{ page.title }}', '{{ page.title | no_such_filter }}'));
      const overlay = page.locator('#broadsheet-overlay');
      await overlay.waitFor({ state: 'visible', timeout: 20_000 });
      const text = await overlay.innerText();
      assert.match(text, /templates\/page\.html:\d+:\d+/);
      assert.match(text, /no_such_filter/);
      // The last good page is still there under the overlay.
      assert.equal(await page.locator('main h1').count(), 1);
      writeFileSync(file, good);
      await overlay.waitFor({ state: 'detached', timeout: 20_000 });
      await page.locator('main h1').waitFor();
    } finally {
      await page.close();
    }
  });
});
