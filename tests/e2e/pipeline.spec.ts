// The sales pipeline end to end: convert a qualified lead, move its deal across the board by
// keyboard, mark it won, see the forecast and the sales velocity change, and keep it all after reload.
import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

const REQUIRED = [
  'Is the company in our sales territory?',
  'Does the company match our buyer persona?',
  'Do they have a challenge our product solves?',
  'Is there a team or person who would use it?',
  'Does the purchase fit their budget?',
];

async function qualify(page: Page) {
  const region = page.getByRole('region', { name: 'Qualification' });
  for (const q of REQUIRED) {
    await region.getByRole('radiogroup', { name: q }).getByRole('radio', { name: 'Yes', exact: true }).check();
  }
  await region.getByRole('button', { name: 'Save qualification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();
}

function board(page: Page) {
  return page.getByRole('region', { name: 'Pipeline board' });
}

function column(page: Page, stage: string) {
  return board(page).getByRole('list', { name: stage, exact: true });
}

function card(page: Page, title: string) {
  return board(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
}

test('convert a qualified lead, move its deal by keyboard, mark it won; reports follow; reload keeps it', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Deal Lead', company: 'Pars Data', budget: '5000', owner: 'Sara' });
  await kariz.createLead({ name: 'Side Lead', company: 'Side Co', budget: '2000', owner: 'Sara' });

  // An unqualified lead converts only with an override reason.
  await kariz.openLead('Side Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not qualified on all three levels' })).toBeVisible();
  await kariz.field('Override reason').fill('CEO asked for a quote');
  await kariz.field('Value').fill('-5');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Value' })).toBeVisible();
  await kariz.field('Value').fill('2000');
  await kariz.field('Probability (%)').fill('150');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'from 0 to 100' })).toBeVisible();
  await kariz.field('Probability (%)').fill('');
  const close = await kariz.field('Expected close date').inputValue();
  await kariz.field('Expected close date').fill('2020-01-01');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be before the day the deal was created' })).toBeVisible();
  await kariz.field('Expected close date').fill(close);
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();

  // A qualified lead converts freely.
  await kariz.goto('/leads');
  await kariz.openLead('Deal Lead');
  await qualify(page);
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await expect(kariz.field('Override reason')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();

  await kariz.goto('/reports');
  const forecast = page.getByRole('region', { name: 'Forecast' });
  const velocity = page.getByRole('region', { name: 'Sales velocity' });
  await expect(forecast).toBeVisible();
  const forecastBefore = await forecast.innerText();
  const velocityBefore = await velocity.innerText();

  await kariz.navLink('Pipeline').click();
  await expect(column(page, 'Prospecting').getByRole('heading', { name: 'Pars Data' })).toBeVisible();

  // Keyboard: focus the card's "Move to stage", open the menu, pick a stage with the arrows.
  const move = card(page, 'Pars Data').getByRole('button', { name: 'Move to stage' });
  await move.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Qualification' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Contact' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(column(page, 'Contact').getByRole('heading', { name: 'Pars Data' })).toBeVisible();
  await expect(column(page, 'Prospecting').getByRole('heading', { name: 'Pars Data' })).toHaveCount(0);
  await expect(card(page, 'Pars Data').getByRole('button', { name: 'Move to stage' }), 'focus follows the card').toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Prospecting' }), 'the menu opens on its first stage').toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(column(page, 'Close').getByRole('heading', { name: 'Pars Data' })).toBeVisible();

  // Lost and on hold need a reason.
  const side = card(page, 'Side Co');
  await side.getByRole('button', { name: 'Put on hold' }).click();
  await side.getByRole('button', { name: 'Put on hold' }).click();
  await expect(side.getByRole('alert')).toContainText('Give a reason');
  await side.getByLabel('Reason').fill('Budget frozen');
  await side.getByRole('button', { name: 'Put on hold' }).click();
  await expect(card(page, 'Side Co')).toHaveCount(0);
  await expect(page.getByText('On hold (1)')).toBeVisible();

  await card(page, 'Pars Data').getByRole('button', { name: 'Mark won' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal marked won' })).toBeVisible();
  await expect(card(page, 'Pars Data')).toHaveCount(0);
  await expect(page.getByText('Won (1)')).toBeVisible();
  // Reopen the held deal so velocity has an open deal to work with.
  await page.getByText('On hold (1)').click();
  await page.getByRole('button', { name: 'Reopen' }).click();
  await expect(column(page, 'Prospecting').getByRole('heading', { name: 'Side Co' })).toBeVisible();

  await kariz.navLink('Reports').click();
  await expect(forecast).not.toHaveText(forecastBefore);
  await expect(forecast).toContainText('5,000');
  await expect(velocity).not.toHaveText(velocityBefore);

  await kariz.reload();
  await expect(forecast).toContainText('5,000');
  const velocityAfter = await velocity.innerText();
  expect(velocityAfter).not.toEqual(velocityBefore);
  await kariz.navLink('Pipeline').click();
  await expect(page.getByText('Won (1)')).toBeVisible();
  await expect(column(page, 'Prospecting').getByRole('heading', { name: 'Side Co' })).toBeVisible();

  // Drag and drop moves a card too, and the arrow keys open the menu.
  await card(page, 'Side Co').dragTo(board(page).getByRole('region', { name: 'Qualification', exact: true }));
  await expect(column(page, 'Qualification').getByRole('heading', { name: 'Side Co' })).toBeVisible();
  await card(page, 'Side Co').getByRole('button', { name: 'Move to stage' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Prospecting' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(card(page, 'Side Co').getByRole('button', { name: 'Move to stage' })).toBeFocused();
  await expect(page.getByRole('menu')).toHaveCount(0);
});

test('stage settings refuse bad input, targets feed the forecast, stale deals close as lost and come back with Undo', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  const stages = page.getByRole('region', { name: 'Pipeline stages' });
  const stage = (n: number) => stages.getByRole('group', { name: `Stage ${n}`, exact: true });
  await stage(2).getByLabel('Name (English)').fill('prospecting');
  await stages.getByRole('button', { name: 'Save stages' }).click();
  await expect(stages.getByRole('alert')).toContainText('Stage names must be different');
  await stage(2).getByLabel('Name (English)').fill('Qualification');
  await stage(1).getByLabel('Default probability (%)').fill('150');
  await stages.getByRole('button', { name: 'Save stages' }).click();
  await expect(stages.getByRole('alert')).toContainText('from 0 to 100');
  await stage(1).getByLabel('Default probability (%)').fill('abc');
  await stages.getByRole('button', { name: 'Save stages' }).click();
  await expect(stages.getByRole('alert')).toContainText('Default probability (%) must be a whole number');
  for (let i = 0; i < 6; i++) await stage(1).getByRole('button', { name: 'Delete stage' }).click();
  await stages.getByRole('button', { name: 'Save stages' }).click();
  await expect(stages.getByRole('alert')).toContainText('The pipeline needs at least one stage.');

  // Start again from the saved stages; make Prospecting rot after 3 days.
  await kariz.reload();
  await stage(1).getByLabel('Rotting days').fill('3');
  await stages.getByRole('button', { name: 'Save stages' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();

  const targets = page.getByRole('region', { name: 'Sales reps and targets' });
  await targets.getByRole('button', { name: 'Add rep' }).click();
  await targets.getByLabel('Rep 1', { exact: true }).fill('Sara');
  await targets.getByRole('button', { name: 'Add target' }).click();
  const target = targets.getByRole('group', { name: 'Target 1', exact: true });
  await target.getByLabel('Rep', { exact: true }).selectOption({ label: 'Sara' });
  await target.getByLabel('Period').selectOption({ index: 3 });
  await target.getByLabel('Target amount').fill('10000');
  await targets.getByRole('button', { name: 'Save targets' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();

  await kariz.createLead({ name: 'Old Lead', company: 'Old Co', budget: '2000', owner: 'Sara' });
  await kariz.openLead('Old Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await kariz.field('Override reason').fill('Known customer');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();

  await kariz.navLink('Reports').click();
  const forecast = page.getByRole('region', { name: 'Forecast' });
  await expect(forecast.getByRole('row', { name: /^Sara/ }).first()).toContainText('10,000');

  // Five days later the deal has sat in Prospecting past its 3 rotting days.
  await page.clock.install({ time: new Date(Date.now() + 5 * 24 * 3600 * 1000) });
  await kariz.goto('/pipeline');
  await expect(card(page, 'Old Co')).toContainText('Stale');
  await page.getByRole('button', { name: 'Remove stale deals' }).click();
  await expect(page.getByRole('checkbox', { name: /Old Co/ })).toBeChecked();
  await page.getByRole('button', { name: 'Close selected as lost' }).click();
  await expect(card(page, 'Old Co')).toHaveCount(0);
  await expect(page.getByText('Lost (1)')).toBeVisible();
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(column(page, 'Prospecting').getByRole('heading', { name: 'Old Co' })).toBeVisible();
  await expect(page.getByText('Lost (0)')).toBeVisible();

  // Deleting a stage that holds deals asks where they go.
  await kariz.goto('/settings');
  await stage(1).getByRole('button', { name: 'Delete stage' }).click();
  await stage(1).getByLabel('Move its deals to').selectOption({ label: 'Qualification' });
  await stage(1).getByRole('button', { name: 'Delete stage' }).click();
  await stages.getByRole('button', { name: 'Save stages' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await kariz.goto('/pipeline');
  await expect(column(page, 'Prospecting')).toHaveCount(0);
  await expect(column(page, 'Qualification').getByRole('heading', { name: 'Old Co' })).toBeVisible();
});

test('in Persian the reports use Jalali months and Persian digits, and narrow screens do not scroll sideways', async ({ kariz, page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await kariz.createLead({ name: 'Narrow Lead', company: 'Narrow Co', budget: '1234567', owner: 'Sara' });
  await kariz.openLead('Narrow Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await kariz.field('Override reason').fill('Test');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();

  const noSidewaysScroll = async (where: string) => {
    const { overflow, culprits } = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const culprits = [...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1 || e.getBoundingClientRect().left < -1)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
      return { overflow: document.documentElement.scrollWidth - width, culprits };
    });
    expect(overflow, `${where} scrolls sideways: ${culprits.join(', ')}`).toBeLessThanOrEqual(1);
  };
  await kariz.goto('/pipeline');
  await expect(board(page)).toBeVisible();
  await noSidewaysScroll('/pipeline');
  await kariz.goto('/reports');
  await expect(page.getByRole('heading', { name: 'Forecast' })).toBeVisible();
  await noSidewaysScroll('/reports');

  await kariz.setLanguage('فارسی');
  const forecast = page.getByRole('region', { name: 'پیش‌بینی' });
  await expect(forecast).toBeVisible();
  await expect(forecast).toContainText(/فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند/);
  await expect(forecast).toContainText('۱٬۲۳۴٬۵۶۷');
  const chartText = await forecast.locator('svg').first().textContent();
  expect(chartText, 'chart labels use Persian digits').not.toMatch(/[0-9]/);
  for (const name of ['نرخ تبدیل', 'سرعت فروش', 'منابع سرنخ', 'سناریوهای قیف']) {
    await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  }
  await noSidewaysScroll('/reports in Persian');
  await kariz.goto('/pipeline');
  await expect(page.getByRole('region', { name: 'تابلوی قیف فروش' })).toBeVisible();
  await noSidewaysScroll('/pipeline in Persian');
});

test('a board of thousands of deals draws only the first cards of each column and stays quick to move', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Bulk Lead', company: 'Bulk Co', budget: '1000', owner: 'Sara' });
  await kariz.openLead('Bulk Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await kariz.field('Override reason').fill('Load test');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();

  // Seed 3,000 more deals straight into the database, copies of the one just made.
  await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('kariz');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all: { collection: string; id: number; json: string }[] = await new Promise((resolve, reject) => {
      const req = db.transaction('docs').objectStore('docs').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const template = JSON.parse(all.find((d) => d.collection === 'deal')!.json);
    const tx = db.transaction('docs', 'readwrite');
    for (let i = 1; i <= 3000; i++) {
      const deal = { ...template, id: 100000 + i, title: `Bulk deal ${i}` };
      tx.objectStore('docs').put({ collection: 'deal', id: deal.id, json: JSON.stringify(deal) });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });

  await kariz.goto('/pipeline');
  const prospecting = column(page, 'Prospecting');
  await expect(board(page).getByRole('region', { name: 'Prospecting', exact: true })).toContainText('Deals: 3,001');
  await expect(prospecting.getByRole('listitem')).toHaveCount(50);
  await board(page).getByRole('button', { name: 'Show more (2,951 more)' }).click();
  await expect(prospecting.getByRole('listitem')).toHaveCount(100);

  const first = prospecting.getByRole('listitem').first();
  const title = (await first.getByRole('heading').textContent())!.trim();
  await first.getByRole('button', { name: 'Move to stage' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Qualification' })).toBeFocused();
  const started = Date.now();
  await page.keyboard.press('Enter');
  await expect(column(page, 'Qualification').getByRole('heading', { name: title, exact: true })).toBeVisible();
  expect(Date.now() - started, 'a move on a board of 3,001 deals is saved and redrawn quickly').toBeLessThan(3000);
  await expect(board(page).getByRole('region', { name: 'Prospecting', exact: true })).toContainText('Deals: 3,000');
});
