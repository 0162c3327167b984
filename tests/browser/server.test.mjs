// The test server must behave like the static hosts the site is published to,
// or the browser tests would prove nothing. No build and no browser here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveStatic } from './lib/server.mjs';

/** A raw request, so paths such as "/../x" reach the server unnormalised. */
function request(port, rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${rawPath}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('static test server', { timeout: 30_000 }, () => {
  let dir;
  let server;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-server-test-'));
    const files = {
      'index.html': '<!doctype html><title>home</title>',
      'article/index.html': '<!doctype html><title>article</title>',
      '404.html': '<!doctype html><title>not found</title>',
      'style.css': 'body{}',
      'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'sitemap.xml': '<urlset/>',
      'robots.txt': 'User-agent: *',
      'photos/a.jpg': 'jpg',
      'photos/b.png': 'png',
      'photos/c.webp': 'webp',
    };
    for (const [name, body] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, 'site', name)), { recursive: true });
      await writeFile(path.join(dir, 'site', name), body);
    }
    await writeFile(path.join(dir, 'secret.txt'), 'outside the site');
    server = await serveStatic(path.join(dir, 'site'));
  });

  after(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('serves each file type with its content type', async () => {
    const expected = {
      '/index.html': 'text/html; charset=utf-8',
      '/style.css': 'text/css; charset=utf-8',
      '/favicon.svg': 'image/svg+xml',
      '/sitemap.xml': 'application/xml; charset=utf-8',
      '/robots.txt': 'text/plain; charset=utf-8',
      '/photos/a.jpg': 'image/jpeg',
      '/photos/b.png': 'image/png',
      '/photos/c.webp': 'image/webp',
    };
    for (const [p, type] of Object.entries(expected)) {
      const res = await request(server.port, p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers['content-type'], type, p);
    }
  });

  test('clean URLs: /x/ serves x/index.html and /x redirects to /x/', async () => {
    assert.match((await request(server.port, '/')).body, /<title>home/);
    const article = await request(server.port, '/article/');
    assert.equal(article.status, 200);
    assert.match(article.body, /<title>article/);
    const bare = await request(server.port, '/article?x=1');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.location, '/article/?x=1');
  });

  test('an unknown path gets the 404 page with status 404', async () => {
    for (const p of ['/nope', '/nope/', '/article/nope.html', '/photos/']) {
      const res = await request(server.port, p);
      assert.equal(res.status, 404, p);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', p);
      assert.match(res.body, /<title>not found/, p);
    }
  });

  test('refuses paths with ".." and never serves files outside the root', async () => {
    for (const p of ['/../secret.txt', '/article/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..']) {
      const res = await request(server.port, p);
      assert.equal(res.status, 400, p);
      assert.doesNotMatch(res.body, /outside the site/, p);
    }
  });

  test('answers HEAD without a body and refuses other methods', async () => {
    const head = await request(server.port, '/style.css', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    const post = await request(server.port, '/', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });
});
