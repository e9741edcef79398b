#!/usr/bin/env node
// Builds the static site from index.html: the app's wasm (cargo, release), its JS glue
// (wasm-bindgen, the Cargo.lock version), wasm-opt -Oz, the style sheets and public/, every asset
// named by a hash of its content (so a static host may cache them forever) and linked from
// index.html with Subresource Integrity. Run through the toolchain wrapper, which puts the pinned
// tools on PATH and picks the wasm toolchain:
//
//   scripts/toolchain.sh wasm node scripts/build-site.mjs [--dist dist]
//
// index.html marks what to build with `data-kariz` links:
//   <link data-kariz rel="rust" data-bin="kariz">   the app (script + preloads go here)
//   <link data-kariz rel="css" href="style/x.css">  a style sheet
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
function run(cmd, cmdArgs) {
  log(`${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
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

const template = await fs.readFile(path.join(root, 'index.html'), 'utf8');
const links = [...template.matchAll(/<link\s+data-kariz\b[^>]*>/g)].map((m) => m[0]);
if (!links.some((l) => attr(l, 'rel') === 'rust')) fail('index.html has no <link data-kariz rel="rust" data-bin="…">');

await fs.rm(staging, { recursive: true, force: true });
await fs.mkdir(staging, { recursive: true });
const replacements = new Map();
const preloads = [];

for (const link of links) {
  const rel = attr(link, 'rel');
  if (rel === 'rust') {
    const bin = attr(link, 'data-bin') ?? 'kariz';
    const locked = process.env.CI === 'true' ? ['--locked'] : [];
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--bin', bin, ...locked]);
    const glue = path.join(staging, '.bindgen');
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', glue, '--out-name', bin,
      path.join(targetDir, 'wasm32-unknown-unknown', 'release', `${bin}.wasm`)]);
    // The same features rustc enables for wasm32; binaryen must accept the instructions they allow.
    run('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
      '--enable-mutable-globals', '--enable-reference-types', '--enable-simd',
      path.join(glue, `${bin}_bg.wasm`), '-o', path.join(glue, `${bin}_bg.wasm`)]);
    const wasm = await fs.readFile(path.join(glue, `${bin}_bg.wasm`));
    const js = await fs.readFile(path.join(glue, `${bin}.js`));
    const name = `${bin}-${contentHash(wasm, js)}`;
    await fs.writeFile(path.join(staging, `${name}.js`), js);
    await fs.writeFile(path.join(staging, `${name}_bg.wasm`), wasm);
    await fs.rm(glue, { recursive: true });
    replacements.set(link, `<script type="module">
import init from '/${name}.js';
await init({ module_or_path: '/${name}_bg.wasm' });
</script>`);
    preloads.push(`<link rel="modulepreload" href="/${name}.js" crossorigin="anonymous" integrity="${integrity(js)}">`,
      `<link rel="preload" href="/${name}_bg.wasm" crossorigin="anonymous" integrity="${integrity(wasm)}" as="fetch" type="application/wasm">`);
  } else if (rel === 'css') {
    const href = attr(link, 'href');
    const css = await fs.readFile(path.join(root, href)).catch(() => fail(`index.html links ${href}, which does not exist`));
    const name = `${path.basename(href, '.css')}-${contentHash(css)}.css`;
    await fs.writeFile(path.join(staging, name), css);
    replacements.set(link, `<link rel="stylesheet" href="/${name}" integrity="${integrity(css)}"/>`);
  } else if (rel === 'copy-dir') {
    const href = attr(link, 'href');
    await fs.cp(path.join(root, href), path.join(staging, path.basename(href)), { recursive: true })
      .catch((e) => fail(`cannot copy ${href}: ${e.message}`));
    replacements.set(link, '');
  } else {
    fail(`index.html: unknown <link data-kariz rel="${rel}">`);
  }
}

let html = template;
for (const [link, replacement] of replacements) html = html.replace(link, () => replacement);
html = html.replace("</head>", () => `  ${preloads.join("\n    ")}\n  </head>`);
await fs.writeFile(path.join(staging, 'index.html'), html);

await fs.rm(dist, { recursive: true, force: true });
await fs.rename(staging, dist);
log(`site ready in ${dist}`);
