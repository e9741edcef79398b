// Checks of the test harness itself (static server, privacy and CSP guards) and of what the built
// page declares.
import { test, expect } from './kariz';

test.describe('harness', () => {
  test('static server: SPA fallback for routes, 404 for missing files, wasm MIME type', async ({ request }) => {
    const route = await request.get('/leads/3');
    expect(route.status()).toBe(200);
    expect(route.headers()['content-type']).toContain('text/html');
    const html = await route.text();
    expect(html).toContain('id="app-loading"');

    expect((await request.get('/definitely-missing.js')).status()).toBe(404);
    expect((await request.get('/../Cargo.toml')).status()).not.toBe(200);

    const wasm = html.match(/["']([^"']+\.wasm)["']/)?.[1];
    expect(wasm, 'the built index.html references a .wasm file').toBeTruthy();
    const res = await request.get(wasm!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/wasm');
  });

  test('privacy guard records (and blocks) requests to other origins', async ({ page, offOriginRequests }) => {
    // A same-origin page that is not the app (404 text), so this test does not depend on the UI.
    await page.goto('/harness-blank.txt');
    const outcome = await page.evaluate(() =>
      fetch('http://198.51.100.7/tracker.gif').then(
        () => 'loaded',
        () => 'blocked',
      ),
    );
    expect(outcome).toBe('blocked');
    expect(offOriginRequests).toContain('http://198.51.100.7/tracker.gif');
    offOriginRequests.length = 0; // expected here; the guard checks the list after the test
  });

  test('CSP guard records violations of the page\'s Content-Security-Policy', async ({ kariz, page, cspViolations }) => {
    await kariz.goto('/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      document.body.setAttribute('style', 'outline: 1px solid red');
    });
    await expect.poll(() => cspViolations.length, { message: 'an inline script and a style attribute are refused' }).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    expect(cspViolations.join('\n')).toMatch(/script-src-elem/);
    expect(cspViolations.join('\n')).toMatch(/style-src-attr/);
    cspViolations.length = 0; // expected here; the guard checks the list after the test
  });

  test('the page declares a strict Content-Security-Policy and runs no inline script', async ({ request }) => {
    const html = await (await request.get('/')).text();
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]) {
      expect(csp.split(/;\s*/), `CSP has ${directive}`).toContain(directive);
    }
    expect(html.indexOf('http-equiv="Content-Security-Policy"'), 'the policy comes before anything it governs').toBeLessThan(html.indexOf('<link'));
    expect(html, 'no inline script').not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const tag of html.match(/<(script|link rel="(stylesheet|modulepreload|preload)")[^>]*>/g) ?? []) {
      expect(tag, 'every script, style sheet and preload carries its integrity').toMatch(/integrity="sha384-/);
    }
  });
});
