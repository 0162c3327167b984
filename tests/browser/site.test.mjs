// The built site in a real Chromium, checked the way a reader would notice problems.
// The site is built once (in the outer before hook) and served on 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP, MOBILE, SCREENSHOT_DIR, slug, startSite } from './lib/site.mjs';

/** Every page a reader can reach, in both languages. */
const PAGES = [
  '/', '/article/', '/figures/', '/photos/', '/about/', '/404.html',
  '/en/', '/en/article/', '/en/figures/', '/en/photos/', '/en/about/', '/en/404.html',
];
const WIDTHS = [MOBILE, DESKTOP];
const TEST = { timeout: 60_000 };

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const squash = (s) => s.replace(/\s+/g, ' ').trim();

describe('broadsheet site in Chromium', { timeout: 20 * 60_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startSite>>} */
  let site;

  before(async () => {
    site = await startSite();
    // The folder holds this run's screenshots only.
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    for (const f of await readdir(SCREENSHOT_DIR)) {
      if (f.endsWith('.png')) await rm(path.join(SCREENSHOT_DIR, f));
    }
  }, { timeout: 16 * 60_000 });

  after(async () => {
    await site?.close();
  });

  describe('language switcher', () => {
    test('on /article/ it leads to /en/article/ and back', TEST, async () => {
      await site.withPage(MOBILE, async ({ page, errors }) => {
        await page.goto(site.url('/article/'));
        assert.match(await htmlLang(page), /^zh/);
        const zhTitle = await page.locator('h1').innerText();

        const toEnglish = page.locator('.switcher a[hreflang="en"]');
        assert.equal(squash(await toEnglish.innerText()), 'English');
        await Promise.all([page.waitForURL(site.url('/en/article/')), toEnglish.click()]);
        assert.equal(page.url(), site.url('/en/article/'));
        assert.equal(await htmlLang(page), 'en');
        const enTitle = await page.locator('h1').innerText();
        assert.notEqual(enTitle, zhTitle, 'the English article shows its own title');

        const toChinese = page.locator('.switcher a[hreflang^="zh"]');
        assert.equal(squash(await toChinese.innerText()), '中文');
        await Promise.all([page.waitForURL(site.url('/article/')), toChinese.click()]);
        assert.equal(page.url(), site.url('/article/'));
        assert.match(await htmlLang(page), /^zh/);
        assert.equal(await page.locator('h1').innerText(), zhTitle);
        assert.deepEqual(errors, []);
      });
    });
  });

  describe('figure links', () => {
    for (const [lang, figuresPath, articlePath] of [
      ['zh', '/figures/', '/article/'],
      ['en', '/en/figures/', '/en/article/'],
    ]) {
      for (const viewport of WIDTHS) {
        test(`${figuresPath} at ${viewport.width}px: the first figure's source link highlights its sentence in the article`, TEST, async () => {
          await site.withPage(viewport, async ({ page, errors }) => {
            await page.goto(site.url(figuresPath));
            const figure = page.locator('.figure-item').first();
            const link = figure.locator('.figure-source a');
            if (lang === 'zh') assert.equal(squash(await link.innerText()), '在原文中查看');
            const quote = squash(await figure.locator('.figure-quote').innerText());
            assert.ok(quote.length > 0, 'the figure quotes its source sentence');

            await Promise.all([
              page.waitForURL((u) => u.pathname === articlePath && u.hash.length > 1),
              link.click(),
            ]);
            const target = page.locator('.source:target');
            assert.equal(await target.count(), 1, `exactly one sentence is targeted by ${page.url()}`);
            assert.ok(squash(await target.innerText()).includes(quote), 'the targeted sentence is the quoted one');

            // Highlighted: a background a reader can see (polled, in case of a transition).
            const bg = await target
              .evaluate((el) =>
                new Promise((resolve) => {
                  const clear = (c) => c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
                  const until = performance.now() + 3000;
                  const tick = () => {
                    const c = getComputedStyle(el).backgroundColor;
                    if (!clear(c) || performance.now() > until) resolve(c);
                    else requestAnimationFrame(tick);
                  };
                  tick();
                }));
            assert.doesNotMatch(bg, /^(transparent|rgba\(.*,\s*0\))$/, `background-color is ${bg}`);

            // Scrolled into view.
            const box = await target.evaluate((el) => {
              const r = el.getBoundingClientRect();
              return { top: r.top, bottom: r.bottom, height: innerHeight };
            });
            assert.ok(box.top >= -1 && box.top < box.height, `sentence top at ${box.top}px, viewport ${box.height}px`);
            assert.deepEqual(errors, []);
          });
        });
      }
    }
  });

  describe('photo placeholders', () => {
    for (const p of ['/photos/', '/en/photos/', '/article/', '/en/article/']) {
      test(`${p}: every pending photo shows its caption and credit`, TEST, async (t) => {
        await site.withPage(MOBILE, async ({ page }) => {
          await page.goto(site.url(p));
          const pending = page.locator('figure.photo-pending');
          const n = await pending.count();
          if (n === 0) return t.skip('no pending photos (every photo file has arrived)');
          for (let i = 0; i < n; i++) {
            const fig = pending.nth(i);
            const id = await fig.getAttribute('id');
            const placeholder = fig.locator('.placeholder');
            assert.ok(await placeholder.isVisible(), `${id}: placeholder visible`);
            assert.ok((await placeholder.boundingBox()).height > 50, `${id}: placeholder has a height`);
            assert.ok((await placeholder.getAttribute('aria-label'))?.trim(), `${id}: placeholder has a text alternative`);
            for (const part of ['.caption', '.credit']) {
              const el = fig.locator(`figcaption ${part}`);
              assert.ok(await el.isVisible(), `${id}: ${part} visible`);
              assert.ok(squash(await el.innerText()).length > 0, `${id}: ${part} has text`);
            }
          }
        });
      });
    }
  });

  describe('charts', () => {
    for (const p of ['/figures/', '/en/figures/']) {
      test(`${p}: every chart label and value fits inside its chart`, TEST, async () => {
        await site.withPage(MOBILE, async ({ page }) => {
          await page.goto(site.url(p));
          await page.evaluate(() => document.fonts.ready);
          const clipped = await page.evaluate(() =>
            [...document.querySelectorAll('svg.chart')].flatMap((svg) => {
              const width = svg.viewBox.baseVal.width;
              return [...svg.querySelectorAll('text')]
                .filter((t) => t.x.baseVal[0].value + t.getComputedTextLength() > width + 0.5)
                .map((t) => t.textContent);
            }));
          assert.deepEqual(clipped, []);
        });
      });
    }
  });

  test('an unknown address shows the 404 page with status 404', TEST, async () => {
    await site.withPage(MOBILE, async ({ page, errors }) => {
      const res = await page.goto(site.url('/no-such-page/'));
      assert.equal(res.status(), 404);
      assert.ok(await page.locator('h1').isVisible());
      assert.ok(await page.locator('main a[href="/"]').isVisible(), 'a way back home');
      // Chromium logs the document's own 404 status; anything else is a real error.
      assert.deepEqual(errors.filter((e) => !e.includes('/no-such-page/ ') && !e.includes('/no-such-page/:')), []);
    });
  });

  // Each page at each width: overflow, console, screenshot (one load per page and width).
  for (const viewport of WIDTHS) {
    for (const p of PAGES) {
      describe(`${p} at ${viewport.width}px`, () => {
        let loaded;
        before(async () => {
          loaded = await site.withPage(viewport, async ({ page, errors }) => {
            const res = await page.goto(site.url(p));
            await page.evaluate(() => document.fonts.ready);
            const width = await page.evaluate(() => ({
              scroll: document.documentElement.scrollWidth,
              inner: window.innerWidth,
            }));
            const file = path.join(SCREENSHOT_DIR, `${slug(p)}-${viewport.width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            return { status: res.status(), width, file, errors: [...errors] };
          });
        }, TEST);

        test('loads', () => assert.equal(loaded.status, 200));

        test('has no horizontal scroll', () => {
          assert.ok(
            loaded.width.scroll <= loaded.width.inner,
            `scrollWidth ${loaded.width.scroll}px > innerWidth ${loaded.width.inner}px`,
          );
        });

        test('logs no console errors', () => assert.deepEqual(loaded.errors, []));

        test('has a full-page screenshot for review', async () => {
          assert.ok((await stat(loaded.file)).size > 1000, loaded.file);
        });
      });
    }
  }

  // Dark mode, narrow: for the reviewer (and the same console check).
  describe('dark mode at 390px (screenshots for review)', () => {
    for (const p of PAGES) {
      test(p, TEST, async () => {
        await site.withPage(MOBILE, async ({ page, errors }) => {
          await page.goto(site.url(p));
          await page.evaluate(() => document.fonts.ready);
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${slug(p)}-390-dark.png`), fullPage: true });
          assert.deepEqual(errors, []);
        }, { colorScheme: 'dark' });
      });
    }
  });
});
