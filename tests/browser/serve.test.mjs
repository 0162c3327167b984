// `broadsheet serve` in a real browser: an open page reloads by itself after a
// Markdown edit and keeps its scroll position; a broken template shows the error
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

  test('a Markdown edit reloads the open page, which keeps its scroll position', TEST, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`${server.url}/about/`);
      await page.evaluate(() => window.scrollTo(0, 300));
      await page.waitForFunction(() => window.scrollY >= 299);
      const file = path.join(server.dir, 'content/about.md');
      const marker = '浏览器测试新增的一段文字';
      const reloaded = page.waitForEvent('load', { timeout: 20_000 });
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n\n${marker}。\n`);
      await reloaded;
      await page.locator(`text=${marker}`).waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => Math.abs(window.scrollY - 300) <= 2, null, { timeout: 5_000 });
    } finally {
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
