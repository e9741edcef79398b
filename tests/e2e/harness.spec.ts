// Checks of the test harness itself (static server, privacy guard). These pass without the UI.
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
});
