// Kariz's service worker: the app starts and works with the network off after the first visit.
// scripts/build-site.mjs fills in the build below (every file of the site with its integrity, and a
// cache name that changes with any of them) and writes this file as sw.js at the base of the site.
//
// - install: fetches every file of the build, checked against its integrity, into a new cache;
//   a new version waits until the page asks it to take over (the "A new version is ready" banner).
// - activate: deletes the caches of older builds — only Kariz's caches; data in IndexedDB and
//   localStorage is never touched by an update.
// - fetch: the build's own files come from the cache; a page navigation inside the app's scope gets
//   the cached index.html (deep links work offline). Anything else is not intercepted at all.
const build = __KARIZ_BUILD__;
const CACHE = `kariz-${build.version}`;
const FILES = new Map(build.files.map((f) => [f.path, f.integrity]));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        build.files.map(async ({ path, integrity }) => {
          const response = await fetch(path, { integrity, cache: 'no-cache', credentials: 'same-origin' });
          if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
          await cache.put(path, response);
        }),
      ),
    ),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'kariz:activate') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('kariz-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function isAppRoute(url) {
  // A path under the app's base without a file extension is a route of the app (/crm/leads/3).
  return url.pathname.startsWith(build.base) && !/\.[^/]*$/.test(url.pathname);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  let path;
  if (!url.search && FILES.has(url.pathname)) path = url.pathname;
  else if (request.mode === 'navigate' && isAppRoute(url)) path = build.index;
  else return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(path)) ?? fetch(request)),
  );
});
