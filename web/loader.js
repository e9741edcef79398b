// Kariz's loader: the only script index.html runs (a file, never inline, so the page's
// Content-Security-Policy allows no inline script). scripts/build-site.mjs fills in the build below,
// names this file by its content hash and links it with Subresource Integrity.
//
// 1. Starts the app: the wasm is fetched with its integrity, so the code that runs is the code
//    this build shipped; a mismatch stops here with a message in the loading placeholder.
// 2. Then registers the service worker (offline start, sw.js) and tells the app when a new version is
//    waiting: it sets <html data-kariz-update> and fires `kariz:update-ready` on window; the app's
//    banner answers with `kariz:update-apply`, which activates the new worker and reloads.
const build = __KARIZ_BUILD__;

function showFailure() {
  const placeholder = document.getElementById('app-loading');
  if (!placeholder) return;
  placeholder.setAttribute('role', 'alert');
  placeholder.replaceChildren(
    ...[
      ['en', 'ltr', 'Kariz could not start: a file of the app could not be downloaded, or it does not match this version of the app (its integrity check failed). Your data is safe. Reload the page; if this keeps happening, the site is serving damaged files.'],
      ['fa', 'rtl', 'کاریز اجرا نشد: یکی از فایل‌های برنامه دریافت نشد یا با این نسخهٔ برنامه مطابقت ندارد (بررسی درستی آن ناموفق بود). داده‌های شما امن است. صفحه را دوباره بارگذاری کنید؛ اگر باز هم تکرار شد، سایت فایل‌های خراب می‌فرستد.'],
    ].map(([lang, dir, text]) => {
      const p = document.createElement('p');
      p.lang = lang;
      p.dir = dir;
      p.textContent = text;
      return p;
    }),
  );
}

async function start() {
  try {
    // The integrity of the glue and of the split screens' loader is checked by their
    // <link rel="modulepreload" integrity> in index.html, which puts the checked modules in the
    // page's module map before these imports ask for them. They do not import each other (that
    // import would be fetched without integrity): they are introduced here.
    const [glue, split] = await Promise.all([import(build.glue), import(build.split)]);
    glue.__karizUseSplit(split);
    split.__karizUseGlue(glue.initSync);
    const init = glue.default;
    const wasm = fetch(build.wasm, { integrity: build.wasmIntegrity, credentials: 'same-origin' });
    await init({ module_or_path: wasm });
  } catch (error) {
    showFailure();
    throw error;
  }
}

function announce() {
  document.documentElement.setAttribute('data-kariz-update', 'ready');
  window.dispatchEvent(new Event('kariz:update-ready'));
}

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  const registration = await sw.register(build.sw, { scope: build.base, updateViaCache: 'none' });
  const watch = (worker) => {
    if (!worker) return;
    const check = () => {
      // A worker installed while another controls the page is a new deployment.
      if (worker.state === 'installed' && sw.controller) announce();
    };
    check();
    worker.addEventListener('statechange', check);
  };
  watch(registration.waiting);
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));

  let reloading = false;
  window.addEventListener('kariz:update-apply', () => {
    const waiting = registration.waiting;
    if (!waiting) return;
    reloading = true;
    waiting.postMessage({ type: 'kariz:activate' });
  });
  sw.addEventListener('controllerchange', () => {
    // Only the user's "Reload" reloads; the first install taking control of the page does not.
    if (reloading) window.location.reload();
  });
  // Look for a new deployment whenever the app comes back into view (browsers also check on navigation).
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });
}

await start();
// After the start, so that on a first visit the worker's copying of every file of the build does
// not compete with the first screen for the network.
registerServiceWorker().catch((error) => console.warn('Kariz: offline support is unavailable:', error));
