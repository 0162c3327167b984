// A tiny static file server (node:http only) that behaves like a plain static host:
//   - binds 127.0.0.1 on a port the OS picks;
//   - clean URLs: "/x/" serves "x/index.html", "/x" redirects (301) to "/x/" when x is a folder;
//   - anything missing: status 404 with the site's 404.html as the body;
//   - a path with a ".." segment (or that would leave the root) is refused with 400;
//   - only GET and HEAD.
// The root folder may not exist yet when the server starts (the site is built after
// the port is known, because the port is part of the site's base URL).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(p) {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p) {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Start serving `root`. Resolves to { server, port, origin, close() }.
 * `close()` stops listening and drops open keep-alive connections.
 */
export async function serveStatic(root) {
  const base = path.resolve(root);

  async function send(req, res, status, file) {
    const body = await fs.readFile(file);
    res.writeHead(status, {
      'Content-Type': contentType(file),
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function plain(req, res, status, text, headers = {}) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
  }

  async function notFound(req, res) {
    const page = path.join(base, '404.html');
    if (await isFile(page)) return send(req, res, 404, page);
    return plain(req, res, 404, 'Not Found');
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(req, res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    }
    // Look at the raw path: URL parsing would silently resolve "/a/../b".
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    let decoded;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return plain(req, res, 400, 'Bad Request');
    }
    const segments = decoded.split(/[/\\]/);
    if (!decoded.startsWith('/') || decoded.includes('\0') || segments.includes('..')) {
      return plain(req, res, 400, 'Bad Request');
    }
    const file = path.resolve(base, `.${decoded}`);
    if (file !== base && !file.startsWith(base + path.sep)) {
      return plain(req, res, 400, 'Bad Request');
    }
    if (decoded.endsWith('/')) {
      const index = path.join(file, 'index.html');
      return (await isFile(index)) ? send(req, res, 200, index) : notFound(req, res);
    }
    if (await isFile(file)) return send(req, res, 200, file);
    if (await isDir(file)) {
      const query = (req.url ?? '').slice(rawPath.length);
      res.writeHead(301, { Location: `${rawPath}/${query}` });
      return res.end();
    }
    return notFound(req, res);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Internal Server Error: ${err.message}\n`);
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
