// Reports and the Dashboard printed on A4: no navigation or controls on paper, every chart within
// the printable width, and Reports' sections on pages of their own.
import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

// A4 is 210 mm wide; the print style sheet's margins are 12 mm on each side (96 px per inch).
const PRINTABLE_PX = ((210 - 2 * 12) / 25.4) * 96;

async function printedPages(page: Page): Promise<number> {
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

for (const screen of ['Dashboard', 'Reports'] as const) {
  test(`${screen} prints on A4 without navigation, with every chart within the page`, async ({ kariz, page }) => {
    test.setTimeout(90_000);
    await kariz.goto('/?demo');
    await expect(page.getByRole('region', { name: 'Demo' })).toContainText('Demo data');
    await kariz.navLink(screen).click();
    await expect(kariz.heading(screen)).toBeVisible();
    await expect(page.locator('.chart svg').first()).toBeVisible();

    await page.setViewportSize({ width: Math.floor(PRINTABLE_PX), height: 1100 });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation').first(), 'the navigation is not printed').toBeHidden();
    await expect(page.getByRole('button', { name: 'Print' }).first(), 'nor the chart buttons').toBeHidden();
    const charts = page.locator('.chart svg');
    const count = await charts.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const box = await charts.nth(i).boundingBox();
      if (!box) continue;
      expect(box.x, `chart ${i} starts on the page`).toBeGreaterThanOrEqual(-1);
      expect(box.x + box.width, `chart ${i} ends within the printable width`).toBeLessThanOrEqual(PRINTABLE_PX + 1);
    }
    const pages = await printedPages(page);
    expect(pages, 'more than one section, more than one page').toBeGreaterThan(1);
  });
}
