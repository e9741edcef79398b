// axe-core for the e2e tests: the serious and critical accessibility violations on a page.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The serious and critical violations on the page as it is now, one readable line per element. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  // Kariz has no frames, so axe runs in the page itself (legacy mode) rather than once per frame and
  // then again in a new blank page to merge the frames' results: the same rules, 5x faster here on a
  // large screen (Prune with the demo: ~5,000 elements). Only violations are collected.
  expect(await page.locator('iframe, frame').count(), 'no frames (axe runs in legacy mode)').toBe(0);
  const results = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${where}: ${v.id} (${v.impact}) ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`,
      ),
    );
}

/** Fails, listing them, if the page as it is now has serious or critical violations. */
export async function expectNoSeriousViolations(page: Page, where: string) {
  expect(await seriousViolations(page, where), `serious or critical accessibility violations (${where})`).toEqual([]);
}
