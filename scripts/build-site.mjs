#!/usr/bin/env node
// Builds the static site from index.html: the app's wasm (cargo, release), its JS glue
// (wasm-bindgen, the Cargo.lock version), wasm-opt -Oz, the loader, the style sheets and public/,
// every code file named by a hash of its content (so a static host may cache them forever) and
// linked from index.html with Subresource Integrity; then the service worker (sw.js), which lists
// every file of the build with its integrity. Run through the toolchain wrapper, which puts the
// pinned tools on PATH and picks the wasm toolchain:
//
//   scripts/toolchain.sh wasm node scripts/build-site.mjs [--dist dist] [--base /crm/] [--sync-origin https://…]
//
// --base (or env BASE, default /) is the path the site is served under; every URL in index.html
// that starts with "/" is rewritten under it, and the app reads it from <meta name="kariz-base">.
// --sync-origin (or env SYNC_ORIGIN) is the one other origin the Content-Security-Policy lets the
// app connect to; without it the app may connect to no other origin.
//
// index.html marks what to build with `data-kariz` elements:
//   <meta data-kariz http-equiv="Content-Security-Policy">   filled with the policy (keep it first)
//   <meta data-kariz name="kariz-base">                      filled with the base path
//   <link data-kariz rel="rust" data-bin="kariz" data-loader="web/loader.js">
//                                                  the app: glue + wasm preloads, then the loader script
//   <link data-kariz rel="css" href="style/x.css">  a style sheet
//   <link data-kariz rel="manifest" href="web/manifest.webmanifest">   the web app manifest
//   <link data-kariz rel="service-worker" href="web/sw.js">          the service worker (sw.js)
//   <link data-kariz rel="copy-dir" href="public">  a folder copied as is
// The new site is assembled beside the old one and swapped in only when complete, so a failed
// build never leaves a half-written dist/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const dist = path.resolve(root, opt('dist', 'dist'));
const staging = `${dist}.partial`;
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');

const log = (msg) => process.stderr.write(`\x1b[1;34m[site]\x1b[0m ${msg}\n`);
function fail(msg) {
  process.stderr.write(`\x1b[1;31m[site] ${msg}\x1b[0m\n`);
  process.exit(1);
}
function run(cmd, cmdArgs, { quiet = false } = {}) {
  if (!quiet) log(`${cmd} ${cmdArgs.join(' ')}`);
  // Quiet: the output is shown only if the command fails (wasm-opt warns about every split file's
  // name section, which it drops anyway).
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: quiet ? 'pipe' : 'inherit' });
  if (quiet && r.status !== 0) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.error) fail(`${cmd} could not start (${r.error.message}); run \`make setup\` first`);
  if (r.status !== 0) fail(`${cmd} failed (exit ${r.status})`);
}
const contentHash = (...buffers) => {
  const h = createHash('sha256');
  buffers.forEach((b) => h.update(b));
  return h.digest('hex').slice(0, 16);
};
const integrity = (buffer) => `sha384-${createHash('sha384').update(buffer).digest('base64')}`;
const attr = (tag, name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];

function normalizeBase(value) {
  const base = `/${value.trim().replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  if (!/^\/([A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/.test(base)) fail(`--base ${value}: expected a path such as /crm/`);
  return base;
}
function normalizeOrigin(value) {
  if (!value) return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    fail(`--sync-origin ${value}: not a URL`);
  }
  if (!/^https?:$/.test(url.protocol) || url.origin === 'null') fail(`--sync-origin ${value}: expected https://host[:port]`);
  return url.origin;
}
const base = normalizeBase(opt('base', process.env.BASE || '/'));
const syncOrigin = normalizeOrigin(opt('sync-origin', process.env.SYNC_ORIGIN || ''));

/** The Content-Security-Policy of the page (a meta tag: frame-ancestors and reporting need headers, see docs/hosting.md). */
const csp = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile WebAssembly; it allows no JavaScript eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  `connect-src 'self'${syncOrigin ? ` ${syncOrigin}` : ''}`,
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  // The base path is read from <meta name="kariz-base">, so no <base> element is needed or allowed.
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const template = await fs.readFile(path.join(root, 'index.html'), 'utf8');
const marked = [...template.matchAll(/<(?:link|meta)\s+data-kariz\b[^>]*>/g)].map((m) => m[0]);
const relOf = (tag) => (tag.startsWith('<meta') ? 'meta' : attr(tag, 'rel'));
if (!marked.some((l) => relOf(l) === 'rust')) fail('index.html has no <link data-kariz rel="rust" data-bin="…">');
if (!marked.some((l) => attr(l, 'http-equiv') === 'Content-Security-Policy')) fail('index.html has no <meta data-kariz http-equiv="Content-Security-Policy">');

await fs.rm(staging, { recursive: true, force: true });
await fs.mkdir(staging, { recursive: true });
const replacements = new Map();
const readSource = (href) => fs.readFile(path.join(root, href)).catch(() => fail(`index.html links ${href}, which does not exist`));
let serviceWorker = null;

for (const tag of marked) {
  const rel = relOf(tag);
  if (rel === 'meta') {
    if (attr(tag, 'http-equiv') === 'Content-Security-Policy') {
      replacements.set(tag, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
    } else if (attr(tag, 'name') === 'kariz-base') {
      replacements.set(tag, `<meta name="kariz-base" content="${base}">`);
    } else {
      fail(`index.html: unknown <meta data-kariz …>: ${tag}`);
    }
  } else if (rel === 'rust') {
    const bin = attr(tag, 'data-bin') ?? 'kariz';
    const loaderSource = attr(tag, 'data-loader') ?? 'web/loader.js';
    const { name, js, wasm, split } = await buildApp(bin);
    // The loader learns the build (URLs under the base, the wasm's integrity) from this object.
    const loaderBuild = {
      base,
      glue: `${base}${name}.js`,
      wasm: `${base}${name}_bg.wasm`,
      wasmIntegrity: integrity(wasm),
      split: `${base}${split.name}`,
      sw: `${base}sw.js`,
    };
    const loader = Buffer.from(fill(await readSource(loaderSource), loaderBuild, loaderSource));
    const loaderName = `loader-${contentHash(loader)}.js`;
    await fs.writeFile(path.join(staging, loaderName), loader);
    replacements.set(tag, [
      `<link rel="modulepreload" href="/${name}.js" crossorigin="anonymous" integrity="${integrity(js)}">`,
      `<link rel="modulepreload" href="/${split.name}" crossorigin="anonymous" integrity="${integrity(split.js)}">`,
      `<link rel="preload" href="/${name}_bg.wasm" crossorigin="anonymous" integrity="${integrity(wasm)}" as="fetch" type="application/wasm">`,
      `<script type="module" src="/${loaderName}" integrity="${integrity(loader)}"></script>`,
    ].join('\n    '));
  } else if (rel === 'css') {
    const href = attr(tag, 'href');
    const css = await readSource(href);
    const name = `${path.basename(href, '.css')}-${contentHash(css)}.css`;
    await fs.writeFile(path.join(staging, name), css);
    replacements.set(tag, `<link rel="stylesheet" href="/${name}" integrity="${integrity(css)}">`);
  } else if (rel === 'manifest') {
    // Its URLs are relative to itself, so the same manifest works under any base.
    const href = attr(tag, 'href');
    const manifest = await readSource(href);
    JSON.parse(manifest.toString('utf8'));
    await fs.writeFile(path.join(staging, path.basename(href)), manifest);
    replacements.set(tag, `<link rel="manifest" href="/${path.basename(href)}">`);
  } else if (rel === 'service-worker') {
    serviceWorker = attr(tag, 'href');
    replacements.set(tag, '');
  } else if (rel === 'copy-dir') {
    const href = attr(tag, 'href');
    await fs.cp(path.join(root, href), path.join(staging, path.basename(href)), { recursive: true })
      .catch((e) => fail(`cannot copy ${href}: ${e.message}`));
    replacements.set(tag, '');
  } else {
    fail(`index.html: unknown <link data-kariz rel="${rel}">`);
  }
}

let html = template;
for (const [tag, replacement] of replacements) html = html.replace(tag, () => replacement);
// Every root-absolute URL in the page goes under the base (a no-op for the default "/").
html = html.replace(/\b(href|src)="\/(?!\/)/g, (_, name) => `${name}="${base}`);
html = html.replace(/\n[ \t]+(?=\n)/g, ''); // the lines of elements replaced by nothing
await fs.writeFile(path.join(staging, 'index.html'), html);

if (serviceWorker) {
  // Every file of the site (but sw.js itself and dotfiles), with its integrity; the cache name
  // changes whenever any of them does, which is how a browser learns of a new deployment.
  const files = [];
  for (const rel of (await listFiles(staging)).sort()) {
    files.push({ path: `${base}${rel}`, integrity: integrity(await fs.readFile(path.join(staging, rel))) });
  }
  const version = contentHash(Buffer.from(JSON.stringify(files)));
  const sw = fill(await readSource(serviceWorker), { version, base, index: `${base}index.html`, files }, serviceWorker);
  await fs.writeFile(path.join(staging, 'sw.js'), sw);
  log(`sw.js: ${files.length} files, cache kariz-${version}`);
}

await fs.rm(dist, { recursive: true, force: true });
await fs.rename(staging, dist);
log(`site ready in ${dist} (base ${base}${syncOrigin ? `, sync origin ${syncOrigin}` : ''})`);

/**
 * Builds the app's code: cargo (release), then wasm-split, which moves every lazy route (Leptos's
 * `#[lazy_route]`, see src/ui/routes.rs) into wasm files of its own, with the code several of them
 * share in further chunks; wasm-bindgen makes the JS glue of the main module; wasm-opt -Oz
 * shrinks every module. Files are named by content hash. wasm-split writes a link module that
 * fetches a split file when its route is first wanted; it is rewritten here to fetch the hashed
 * names with their Subresource Integrity, so lazily loaded code is checked like the rest.
 * Returns the glue's name (without .js), the glue and main wasm, and the link module's name and text.
 */
async function buildApp(bin) {
  const locked = process.env.CI === 'true' ? ['--locked'] : [];
  // wasm-split needs the linker's relocations; `cargo rustc` passes the flag to the app's final
  // link only, so the dependencies' builds are shared with every other release build.
  run('cargo', ['rustc', '--release', '--target', 'wasm32-unknown-unknown', '--bin', bin, ...locked,
    '--', '-Clink-args=--emit-relocs']);
  const work = path.join(staging, '.app');
  run('wasm-split-cli', [path.join(targetDir, 'wasm32-unknown-unknown', 'release', `${bin}.wasm`),
    path.join(work, 'split'), '--out-name', bin]);
  // The split main module exports what the lazy modules import from it (--keep-lld-exports).
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--no-demangle',
    '--out-dir', work, '--out-name', bin, path.join(work, 'split', `${bin}.wasm`)]);
  const splitFiles = (await fs.readdir(path.join(work, 'split')))
    .filter((f) => f.endsWith('.wasm') && f !== `${bin}.wasm`).sort();
  // The same features rustc enables for wasm32; binaryen must accept the instructions they allow.
  // KARIZ_WASM_NAMES=1 keeps the functions' names, for CPU profiles (a larger build).
  const names = process.env.KARIZ_WASM_NAMES === '1' ? ['-g'] : [];
  const optimise = (file, quiet) => run('wasm-opt', ['-Oz', ...names, '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-simd', file, '-o', file], { quiet });
  optimise(path.join(work, `${bin}_bg.wasm`), false);
  log(`wasm-opt -Oz (the same options) on the ${splitFiles.length} split files`);
  splitFiles.forEach((f) => optimise(path.join(work, 'split', f), true));

  let link = await fs.readFile(path.join(work, 'split', '__wasm_split.js'), 'utf8');
  for (const file of splitFiles) {
    const bytes = await fs.readFile(path.join(work, 'split', file));
    const hashed = `${bin}-${path.basename(file, '.wasm').replace(/^split_+|_\d+$/g, '')}-${contentHash(bytes)}.wasm`;
    await fs.writeFile(path.join(staging, hashed), bytes);
    const fetchOf = `fetch(new URL("./${file}", import.meta.url))`;
    if (link.split(fetchOf).length !== 2) fail(`wasm-split's link module does not fetch ${file} exactly once`);
    link = link.replace(fetchOf, () =>
      `fetch(new URL("./${hashed}", import.meta.url), { integrity: "${integrity(bytes)}", credentials: "same-origin" })`);
  }
  if (/fetch\(new URL\("\.\/[^"]*", import\.meta\.url\)\)/.test(link)) fail('wasm-split\'s link module fetches a file without integrity');

  // The glue and the link module need each other, but a static import between them would be
  // fetched by the browser without its integrity. So neither imports the other: the loader imports
  // both (each checked by its <link rel="modulepreload" integrity>) and introduces them.
  const importOfGlue = `import { initSync } from "./${bin}.js";`;
  if (link.split(importOfGlue).length !== 2) fail(`wasm-split's link module does not import ${bin}.js once`);
  link = link.replace(importOfGlue, () => 'let initSync;\n'
    + '// Added by scripts/build-site.mjs: the loader passes in the glue\'s initSync (see buildApp).\n'
    + 'export function __karizUseGlue(glueInitSync) { initSync = glueInitSync; }');
  const wasm = await fs.readFile(path.join(work, `${bin}_bg.wasm`));
  let js = await fs.readFile(path.join(work, `${bin}.js`), 'utf8');
  const importsOfLink = /^import \* as (import\d+) from "\.\/__wasm_split\.js";?$/gm;
  const namespaces = [...js.matchAll(importsOfLink)].map((m) => m[1]);
  if (!namespaces.length) fail('the wasm-bindgen glue does not import wasm-split\'s link module');
  js = js.replace(importsOfLink, 'let $1;');
  if (/from "\.\/__wasm_split\.js"/.test(js)) fail('the wasm-bindgen glue imports wasm-split\'s link module in an unknown form');
  js += '\n// Added by scripts/build-site.mjs: the loader passes in wasm-split\'s link module (see buildApp).\n'
    + `export function __karizUseSplit(split) { ${namespaces.map((n) => `${n} = split;`).join(' ')} }\n`;
  const name = `${bin}-${contentHash(wasm, Buffer.from(js))}`;
  const linkName = `${bin}-split-${contentHash(Buffer.from(link))}.js`;
  await fs.writeFile(path.join(staging, `${name}.js`), js);
  await fs.writeFile(path.join(staging, `${name}_bg.wasm`), wasm);
  await fs.writeFile(path.join(staging, linkName), link);
  await fs.rm(work, { recursive: true });
  return { name, js: Buffer.from(js), wasm, split: { name: linkName, js: Buffer.from(link) } };
}

/** A JS source with its one `__KARIZ_BUILD__` placeholder replaced by `build` as JSON. */
function fill(source, build, name) {
  const text = source.toString('utf8');
  if (text.split('__KARIZ_BUILD__').length !== 2) fail(`${name} must contain __KARIZ_BUILD__ exactly once`);
  return text.replace('__KARIZ_BUILD__', () => JSON.stringify(build));
}

/** Paths of the files under `dir`, relative and with "/" separators, dotfiles left out. */
async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await fs.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}
