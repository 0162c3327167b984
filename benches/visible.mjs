// Edit-to-visible latency of `broadsheet serve`, measured in Chromium: a page is
// open on the dev server, a paragraph is appended to its Markdown, and the page
// itself notes the moment the new text is in its DOM (same clock as the write).
// Run by hand through benches/visible.sh; prints one line per site.
//
//   node benches/visible.mjs SITE_DIR URL_PATH MARKDOWN_FILE [RUNS]
// (the release binary, as the browser tests find it: target/ or CARGO_TARGET_DIR)
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../tests/browser/lib/site.mjs';
import { startServer } from '../tests/browser/lib/serve.mjs';

const [site, urlPath, markdown, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);

const server = await startServer(site);
const browser = await launchChromium();
const file = path.join(site, markdown);
const original = readFileSync(file, 'utf8');
const times = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}${urlPath}`);
  await page.evaluate(() => { window.notReloaded = true; });
  for (let i = 0; i < runs + 1; i++) {
    const marker = `visible-marker-${Date.now()}-${i}`;
    const seen = page.evaluate((m) => new Promise((resolve) => {
      const look = () => document.body.innerText.includes(m) && (resolve(Date.now()), true);
      if (!look()) new MutationObserver((_, o) => look() && o.disconnect()).observe(document.body, { subtree: true, childList: true, characterData: true });
    }), marker);
    const written = Date.now();
    appendFileSync(file, `\n\n${marker}\n`);
    const shown = await Promise.race([seen, new Promise((_, no) => setTimeout(() => no(new Error(`edit ${i} not shown in 30 s`)), 30_000))]);
    if (i > 0) times.push(shown - written); // the first edit warms up
    await new Promise((r) => setTimeout(r, 300));
  }
  const patched = await page.evaluate(() => window.notReloaded === true);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${site}${urlPath}: edit to visible median ${median} ms (min ${times[0]}, max ${times.at(-1)}, ${times.length} edits; ${patched ? 'patched in place' : 'page reloaded'})`);
} finally {
  writeFileSync(file, original);
  await browser.close();
  server.child.kill('SIGINT');
}
