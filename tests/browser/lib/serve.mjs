// Shared helper for the tests that drive `broadsheet serve` itself (not the static
// build): a temp copy of the default site, the release binary serving it, and a
// clean stop. The repository is never edited.
//
//   const running = await serveTempSite();   // { dir, url, child, log() }
//   await stopServer(running);               // SIGINT, then SIGKILL after 5 s; removes the copy
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './site.mjs';

/** The release binary, where `cargo build --release` puts it. */
export function binary() {
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, 'target');
  return path.join(target, 'release', 'broadsheet');
}

/** Starts `broadsheet serve` and resolves with its URL once it says it is serving. */
export function startServer(root) {
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

/** A temp copy of the default site, served; `dir` is the copy's root. */
export async function serveTempSite() {
  const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-serve-'));
  for (const part of ['config.toml', 'content', 'templates']) {
    cpSync(path.join(REPO_ROOT, part), path.join(dir, part), { recursive: true });
  }
  try {
    return { dir, ...(await startServer(dir)) };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Stops the server (Ctrl-C, then SIGKILL after 5 s) and removes its site copy. */
export async function stopServer(running) {
  if (!running) return;
  running.child.kill('SIGINT');
  await new Promise((r) => {
    const t = setTimeout(() => {
      running.child.kill('SIGKILL');
      r();
    }, 5_000);
    running.child.on('close', () => {
      clearTimeout(t);
      r();
    });
  });
  await rm(running.dir, { recursive: true, force: true });
}
