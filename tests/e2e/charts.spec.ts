// Charts fit for a meeting: on Reports and the Dashboard, in English and Persian, at 375 and
// 1440 px, no text inside a chart overlaps other text by more than 2 px or lies outside the chart;
// Persian charts use Persian digits only. The demo data gives every chart something to show.
import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

const VIEWPORTS = [
  { width: 375, height: 812 },
  { width: 1440, height: 900 },
];

type Box = { text: string; x: number; y: number; w: number; h: number };

/** Every chart on the page: its id, its box, and the boxes of its text. */
async function chartTexts(page: Page) {
  return page.locator('figure.chart').evaluateAll((figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg')!;
      const frame = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll('text')].map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
      });
      return { id: figure.id, frame: { x: frame.x, y: frame.y, w: frame.width, h: frame.height }, texts };
    }),
  );
}

function overlap(a: Box, b: Box) {
  const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return Math.min(dx, dy);
}

async function expectReadableCharts(page: Page, where: string, persian: boolean) {
  await expect(page.locator('figure.chart svg').first()).toBeVisible();
  // Let the charts measure their containers.
  await page.waitForTimeout(300);
  const charts = await chartTexts(page);
  expect(charts.length, `${where}: charts are drawn`).toBeGreaterThan(0);
  for (const chart of charts) {
    const { frame, texts } = chart;
    for (const t of texts) {
      if (!t.text.trim()) continue;
      const inside = t.x >= frame.x - 1 && t.y >= frame.y - 1 && t.x + t.w <= frame.x + frame.w + 1 && t.y + t.h <= frame.y + frame.h + 1;
      expect(inside, `${where} ${chart.id}: "${t.text}" lies inside the chart`).toBe(true);
      if (persian) expect(t.text, `${where} ${chart.id}: Persian digits`).not.toMatch(/[0-9]/);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const o = overlap(texts[i], texts[j]);
        expect(o, `${where} ${chart.id}: "${texts[i].text}" and "${texts[j].text}" overlap by ${o.toFixed(1)} px`).toBeLessThanOrEqual(2);
      }
    }
  }
}

test('every chart on Reports and the Dashboard is readable in both languages at 375 and 1440 px', async ({ kariz, page }) => {
  test.setTimeout(180_000);
  await kariz.goto('/?demo');
  await expect(page.getByRole('region', { name: 'Demo' })).toBeVisible();
  for (const lang of ['en', 'fa'] as const) {
    if (lang === 'fa') await kariz.setLanguage('فارسی');
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const path of ['/reports', '/dashboard']) {
        await page.getByRole('navigation').getByRole('link', { name: lang === 'en' ? (path === '/reports' ? 'Reports' : 'Dashboard') : (path === '/reports' ? 'گزارش‌ها' : 'داشبورد'), exact: true }).click();
        await expectReadableCharts(page, `${lang} ${viewport.width}px ${path}`, lang === 'fa');
        if (process.env.KARIZ_SHOTS) {
          await page.screenshot({ path: `${process.env.KARIZ_SHOTS}/${path.slice(1)}-${lang}-${viewport.width}.png`, fullPage: true });
        }
      }
    }
  }
});
