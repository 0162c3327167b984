// Shared helper for the browser tests: build the site once into a temp folder, serve it
// with the tiny static server, drive Debian's Chromium through playwright-core.
//
//   const site = await startSite();            // build + serve + launch (once per run)
//   await site.withPage({ width: 390, height: 844 }, async ({ page, errors }) => { ... });
//   await site.close();                         // browser, server, temp folder
//
// Node 20's test runner runs every *.test.mjs file in its own process, so "once per
// run" means: the tests that need the built site live in one file (site.test.mjs) and
// call startSite() in a single before() hook.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './server.mjs';

/** tests/browser/ */
export const BROWSER_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The repository root: two levels up from tests/browser/. */
export const REPO_ROOT = path.resolve(BROWSER_DIR, '..', '..');
/** Screenshots for a person to review (git-ignored). */
export const SCREENSHOT_DIR = path.join(BROWSER_DIR, 'screenshots');

export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Upper bounds, so a hung build or browser fails the run instead of stalling it. */
export const BUILD_TIMEOUT_MS = 15 * 60_000; // `cargo run --release` may compile from scratch
export const LAUNCH_TIMEOUT_MS = 60_000;
export const ACTION_TIMEOUT_MS = 15_000;

export const MOBILE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

function releaseBinary() {
  const target = process.env.CARGO_TARGET_DIR
    ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
    : path.join(REPO_ROOT, 'target');
  return path.join(target, 'release', process.platform === 'win32' ? 'broadsheet.exe' : 'broadsheet');
}

/** Run a command to completion; reject with its output on failure or timeout. */
function run(cmd, args, { cwd, timeoutMs }) {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout also stops the compilers `cargo` started.
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    const line = [cmd, ...args].join(' ');
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${line}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${line} took longer than ${timeoutMs / 1000} s\n${output}`));
      else if (code !== 0) reject(new Error(`${line} failed (${signal ?? `exit ${code}`})\n${output}`));
      else resolve(output);
    });
  });
}

/** Run broadsheet itself: the release binary when it exists, else `cargo run --release --`. */
export async function broadsheet(args, cwd) {
  const bin = releaseBinary();
  if (existsSync(bin)) return run(bin, args, { cwd, timeoutMs: BUILD_TIMEOUT_MS });
  return run('cargo', ['run', '--release', '--quiet', '--manifest-path', path.join(REPO_ROOT, 'Cargo.toml'), '--', ...args], {
    cwd,
    timeoutMs: BUILD_TIMEOUT_MS,
  });
}

/**
 * Build the site at `root` (the repository's default site unless told) into
 * `outDir` with the given base URL: the release binary when it exists, else
 * `cargo run --release --` from the repository root.
 */
export async function buildSite(outDir, baseUrl, root = REPO_ROOT) {
  const buildArgs = ['build', '--root', root, '--output', outDir, '--base-url', baseUrl];
  const bin = releaseBinary();
  if (existsSync(bin)) return run(bin, buildArgs, { cwd: REPO_ROOT, timeoutMs: BUILD_TIMEOUT_MS });
  return run('cargo', ['run', '--release', '--quiet', '--', ...buildArgs], {
    cwd: REPO_ROOT,
    timeoutMs: BUILD_TIMEOUT_MS,
  });
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  });
}

/**
 * Build, serve and launch. Everything started here is stopped by `close()`, which is
 * safe to call more than once; the temp folder is also removed if the process exits
 * early (an uncaught error, Ctrl-C).
 */
export async function startSite({ root = REPO_ROOT } = {}) {
  const tmp = await mkdtemp(path.join(tmpdir(), 'broadsheet-browser-'));
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  process.once('exit', removeTmp);
  const stops = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const stop of stops.reverse()) {
      await stop().catch(() => {});
    }
    await rm(tmp, { recursive: true, force: true });
    process.removeListener('exit', removeTmp);
  };

  try {
    const siteDir = path.join(tmp, 'site');
    // Listen first: the port is part of the base URL the site is built with.
    const server = await serveStatic(siteDir);
    stops.push(() => server.close());
    const baseUrl = `${server.origin}/`;
    const buildLog = await buildSite(siteDir, baseUrl, root);
    const browser = await launchChromium();
    stops.push(() => browser.close());

    const url = (p) => new URL(p.replace(/^\//, ''), baseUrl).href;

    /**
     * Open a fresh browser context at the given viewport, run `fn`, close it.
     * `errors` collects what a developer console would show in red: console errors,
     * uncaught exceptions, failed requests and HTTP errors on sub-resources.
     */
    const withPage = async (viewport, fn, { colorScheme = 'light' } = {}) => {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
      const page = await context.newPage();
      const errors = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') {
          const { url: where, lineNumber } = msg.location();
          errors.push(`console: ${msg.text()}${where ? ` (${where}:${lineNumber})` : ''}`);
        }
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      // A request the browser itself cancels because the page navigated on
      // (net::ERR_ABORTED) says nothing about the site; a missing file shows
      // up as a 4xx response below.
      page.on('requestfailed', (req) => {
        const reason = req.failure()?.errorText ?? '';
        if (reason !== 'net::ERR_ABORTED') errors.push(`request failed: ${req.url()} ${reason}`);
      });
      page.on('response', (res) => {
        if (res.status() >= 400 && !res.request().isNavigationRequest()) {
          errors.push(`HTTP ${res.status()}: ${res.url()}`);
        }
      });
      try {
        return await fn({ page, context, errors });
      } finally {
        await context.close().catch(() => {});
      }
    };

    return { baseUrl, origin: server.origin, siteDir, buildLog, browser, url, withPage, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A file-name-friendly name for a page path: "/" → "home", "/en/article/" → "en-article". */
export function slug(pagePath) {
  const s = pagePath.replace(/\.html$/, '').replace(/^\/|\/$/g, '').replace(/\//g, '-');
  if (s === '') return 'home';
  if (s === 'en') return 'en-home';
  return s;
}
