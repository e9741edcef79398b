#!/usr/bin/env node
// Tiny static server for the built site (dist/), used by the end-to-end tests and `make serve`.
//   node tests/e2e/serve.mjs [--dir dist] [--port 0] [--host 127.0.0.1] [--base /]
// Port 0 (default) picks a free port. Prints "Serving <dir> at http://host:port<base>" when ready.
// --base /crm/ serves the site at that prefix, like a host serving it in a sub-folder: /crm
// redirects to /crm/, and every path outside /crm/ is a 404.
// --couchdb http://127.0.0.1:5984/ passes every request under <base>couchdb/ on to that server, as
// the reverse proxy of docs/sync.md does: the app reaches its sync server on its own origin.
// SPA fallback: a path without a file extension that matches no file (e.g. /leads/3) gets
// index.html; a missing path WITH an extension (e.g. /missing.js) is a real 404.
import { createServer, request as httpRequest } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = path.resolve(repoRoot, opt('dir', process.env.KARIZ_DIST_DIR ?? 'dist'));
const host = opt('host', '127.0.0.1');
const port = Number(opt('port', process.env.KARIZ_E2E_PORT ?? '0'));
const base = `/${opt('base', '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
const couchdb = opt('couchdb', process.env.KARIZ_E2E_COUCHDB ?? '');
const couchPrefix = `${base}couchdb/`;

/** Passes the request on to the sync server and its answer back. */
function proxy(req, res, url) {
  const target = new URL(url.pathname.slice(couchPrefix.length) + url.search, couchdb);
  const headers = { ...req.headers, host: target.host };
  delete headers.origin;
  const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('the sync server is not answering\n');
  });
  req.pipe(upstream);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.csv': 'text/csv; charset=utf-8',
};

async function isFile(p) {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function resolveFile(urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null; // no escaping dist/
  if (await isFile(file)) return file;
  if (await isFile(path.join(file, 'index.html'))) return path.join(file, 'index.html');
  if (path.posix.extname(rel) === '') return path.join(root, 'index.html'); // SPA route
  return null;
}

if (!(await isFile(path.join(root, 'index.html')))) {
  console.error(`serve.mjs: ${root}/index.html not found — build the site first (make dist)`);
  process.exit(1);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (couchdb && url.pathname.startsWith(couchPrefix)) {
    proxy(req, res, url);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  if (base !== '/' && url.pathname === base.slice(0, -1)) {
    res.writeHead(301, { Location: base + url.search }).end();
    return;
  }
  const file = url.pathname.startsWith(base) ? await resolveFile(url.pathname.slice(base.length - 1)) : null;
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Serving ${path.relative(repoRoot, root) || '.'} at http://${host}:${actual}${base}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
