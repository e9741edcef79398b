// Accessibility, checked by axe-core: every screen, with the demo data loaded, in English and Persian,
// on a phone (375 px) and a desktop (1440 px) width, has no serious or critical violation.
// One page per language and width walks all the screens (the demo is loaded once per page).
import { test, expect, type Kariz } from './kariz';
import type { Locator, Page } from '@playwright/test';
import { seriousViolations } from './axe';

const WIDTHS = [375, 1440];
const LANGUAGES = [
  { lang: 'en', label: 'English' },
  { lang: 'fa', label: 'فارسی' },
] as const;

/**
 * The screens, each with something (found without translated text) that shows its demo data has
 * arrived, so axe checks a populated screen. `lead` is the page of the first lead the Leads table links to.
 */
const SCREENS: { path: string; populated: (page: Page) => Locator }[] = [
  { path: '/', populated: (page) => page.locator('main .today-list li').first() },
  { path: '/leads', populated: (page) => page.getByRole('table').first().getByRole('link').first() },
  { path: 'lead', populated: (page) => page.locator('main .deal-card') },
  { path: '/pipeline', populated: (page) => page.locator('main button[aria-haspopup="menu"]').first() },
  { path: '/prune', populated: (page) => page.getByRole('main').getByRole('checkbox').first() },
  { path: '/reports', populated: (page) => page.locator('main svg').first() },
  { path: '/dashboard', populated: (page) => page.locator('main svg').first() },
  { path: '/settings', populated: (page) => page.getByRole('main').getByRole('textbox').first() },
];

async function visit(kariz: Kariz, page: Page, path: string, populated: Locator) {
  await kariz.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(populated, `${path} shows its demo data`).toBeVisible();
}

for (const { lang, label } of LANGUAGES) {
  for (const width of WIDTHS) {
    test(`axe: every screen in ${label} at ${width} px has no serious or critical violation`, async ({ kariz, page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 900 });
      await kariz.goto('/?demo');
      await expect(page.getByRole('region', { name: 'Demo' })).toBeVisible();
      if (lang === 'fa') await kariz.setLanguage('فارسی');
      await kariz.expectDocumentLanguage(lang);

      const found: string[] = [];
      let leadPath = '';
      for (const { path: screen, populated } of SCREENS) {
        const path = screen === 'lead' ? leadPath : screen;
        await test.step(path, async () => {
          await visit(kariz, page, path, populated(page));
          found.push(...(await seriousViolations(page, path)));
          if (screen === '/leads') {
            const href = await page.getByRole('table').first().getByRole('link').first().getAttribute('href');
            leadPath = new URL(href ?? '', page.url()).pathname;
            expect(leadPath).toMatch(/^\/leads\/./);
          }
        });
      }
      expect(found, 'serious or critical accessibility violations').toEqual([]);
    });
  }
}
