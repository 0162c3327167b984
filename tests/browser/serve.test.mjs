// `broadsheet serve` in a real browser: an open page reloads by itself after a
// Markdown edit and keeps its scroll position; a broken template shows the error
// overlay, and fixing it clears the overlay. Runs the server on a temp copy of the
// default site, so the repository is never edited.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium, REPO_ROOT } from './lib/site.mjs';

const TEST = { timeout: 90_000 };

function binary() {
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, 'target');
  return path.join(target, 'release', 'broadsheet');
}

/** Starts `broadsheet serve` and resolves with its URL once it says it is serving. */
function startServer(root) {
  return new Promise((resolve, reject) => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(binary(), ['serve', '--root', root, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within 60 s\n${output}`));
    }, 60_000);
    const onData = (d) => {
      output += d;
      const m = output.match(/serving (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace(/\/$/, ''), log: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('broadsheet serve in Chromium', () => {
  let dir;
  let server;
  let browser;

  before(async () => {
    assert.ok(existsSync(binary()), `build the release binary first: ${binary()}`);
    dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-serve-'));
    for (const part of ['config.toml', 'content', 'templates']) {
      cpSync(path.join(REPO_ROOT, part), path.join(dir, part), { recursive: true });
    }
    server = await startServer(dir);
    browser = await launchChromium();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    if (server) {
      server.child.kill('SIGINT');
      await new Promise((r) => {
        const t = setTimeout(() => {
          server.child.kill('SIGKILL');
          r();
        }, 5_000);
        server.child.on('close', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a Markdown edit reloads the open page, which keeps its scroll position', TEST, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`${server.url}/about/`);
      await page.evaluate(() => window.scrollTo(0, 300));
      await page.waitForFunction(() => window.scrollY >= 299);
      const file = path.join(dir, 'content/about.md');
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
      const file = path.join(dir, 'templates/page.html');
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
