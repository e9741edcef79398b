// The Dashboard on a small pipeline built through the UI: its tiles' numbers, the links behind
// them, ranking performance (by the learned model too, on the demo history), lead-source yield,
// overdue tasks in Follow-up health, and the chart downloads (SVG, PNG, CSV with a byte-order mark).
import { test, expect } from './kariz';
import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

const REQUIRED = [
  'Is the company in our sales territory?',
  'Does the company match our buyer persona?',
  'Do they have a challenge our product solves?',
  'Is there a team or person who would use it?',
  'Does the purchase fit their budget?',
];

async function answer(page: Page, no: string[] = []) {
  const region = page.getByRole('region', { name: 'Qualification' });
  for (const q of REQUIRED) {
    await region.getByRole('radiogroup', { name: q }).getByRole('radio', { name: no.includes(q) ? 'No' : 'Yes', exact: true }).check();
  }
  await region.getByRole('button', { name: 'Save qualification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();
}

function tile(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

test('the tiles count a small pipeline built through the UI and link to what is behind them; charts download', async ({ kariz, page }) => {
  test.setTimeout(90_000);
  await kariz.createLead({ name: 'Deal Lead', company: 'Pars Data', budget: '5000', owner: 'Sara' });
  await kariz.createLead({ name: 'Side Lead', company: 'Side Co', budget: '2000', owner: 'Sara' });
  await kariz.createLead({ name: 'Waiting Lead', company: 'Later Co', owner: 'Sara' });

  // Deal Lead: qualified, converted, won. Side Lead: converted with an override, left open.
  await kariz.openLead('Deal Lead');
  await answer(page);
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();
  await kariz.goto('/leads');
  await kariz.openLead('Side Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await kariz.field('Override reason').fill('CEO asked for a quote');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();
  // Waiting Lead: no challenge we solve → Nurture.
  await kariz.goto('/leads');
  await kariz.openLead('Waiting Lead');
  await answer(page, ['Do they have a challenge our product solves?']);

  await kariz.goto('/pipeline');
  const board = page.getByRole('region', { name: 'Pipeline board' });
  await board.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Pars Data' }) }).getByRole('button', { name: 'Mark won' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal marked won' })).toBeVisible();

  await kariz.navLink('Dashboard').click();
  await expect(kariz.heading('Dashboard')).toBeVisible();
  await expect(tile(page, 'Open pipeline value')).toContainText('2,000');
  await expect(tile(page, 'Open pipeline value')).toContainText('1 open deals');
  await expect(tile(page, 'Win rate')).toContainText('100%');
  await expect(tile(page, 'Win rate')).toContainText('(1 of 1)');
  await expect(tile(page, 'Weighted forecast vs target')).toContainText('5,');
  await expect(tile(page, 'Stale deals').locator('.tile-value')).toHaveText('0');
  await expect(tile(page, 'Leads waiting in Nurture').locator('.tile-value')).toHaveText('1');
  await expect(tile(page, 'Leads in the Lost queue').locator('.tile-value')).toHaveText('0');
  await expect(tile(page, 'Average days lead → deal → won')).toBeVisible();
  await expect(tile(page, 'Sales velocity')).toBeVisible();
  await expect(tile(page, 'Hot leads not contacted in two days')).toBeVisible();

  const ranking = page.getByRole('region', { name: 'Ranking performance' });
  await expect(ranking).toContainText('disqualified by a rule: 1.');
  const sources = page.getByRole('region', { name: 'Lead-source yield' });
  // Three leads → one qualified → two with deals → one won, for 5,000.
  await expect(sources.locator('table.data-table').getByRole('row').nth(1)).toHaveText(/3\s*1\s*2\s*1\s*5,000/);
  await expect(page.getByRole('region', { name: 'Follow-up health' })).toBeVisible();

  // The rep filter keeps Sara's numbers; the Nurture tile opens her nurtured leads.
  await page.getByRole('combobox', { name: 'Sales rep' }).selectOption('Sara');
  await expect(tile(page, 'Leads waiting in Nurture').locator('.tile-value')).toHaveText('1');
  await tile(page, 'Leads waiting in Nurture').getByRole('link', { name: 'Show these leads' }).click();
  await expect(page).toHaveURL(/\/leads\?queue=nurture&owner=Sara$/);
  await expect(kariz.leadRow('Waiting Lead')).toBeVisible();
  await expect(kariz.leadRow('Deal Lead')).toHaveCount(0);

  // Downloads of the source-yield chart.
  await kariz.navLink('Dashboard').click();
  const chart = page.locator('#chart-source-yield');
  const [csv] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe('chart-source-yield.csv');
  const csvText = await readFile((await csv.path())!, 'utf8');
  expect(csvText.startsWith('\ufeffSource,Leads,Qualified,Deals,Won\n')).toBe(true);
  expect(csvText).toContain('Other,3,1,2,1\n');
  const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('chart-source-yield.svg');
  const svgText = await readFile((await svg.path())!, 'utf8');
  expect(svgText).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('<title>Leads → qualified → deals → won, by source</title>');
  expect(svgText).not.toContain('xhtml');
  const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('chart-source-yield.png');
  const pngBytes = await readFile((await png.path())!);
  expect([...pngBytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await expect(chart.getByRole('button', { name: 'Print' })).toBeVisible();

  // A bar shows its exact value on keyboard focus.
  await chart.locator('rect.chart-bar').first().focus();
  await expect(chart.locator('.chart-tip')).toContainText('Other — Leads: 3');
});

test('Follow-up health counts the overdue tasks and opens them; without tasks it says so', async ({ kariz, page }) => {
  const health = page.getByRole('region', { name: 'Follow-up health' });
  await kariz.goto('/dashboard');
  await expect(health).toContainText('Not measured: no task yet');
  // No learned model in a fresh profile: no learned table.
  await expect(page.getByRole('table', { name: 'Win rate by learned win probability' })).toHaveCount(0);

  await kariz.navLink('Tasks').click();
  const addTask = async (title: string, due: string, past: boolean) => {
    await page.getByRole('button', { name: 'New task', exact: true }).click();
    const form = page.getByRole('region', { name: 'New task' });
    await kariz.field('Title', form).fill(title);
    await kariz.field('Due', form).fill(due);
    await form.getByRole('button', { name: 'Save task' }).click();
    if (past) await form.getByRole('button', { name: 'Save with a past due time' }).click();
    await expect(form).toBeHidden();
  };
  await addTask('Late call', '2020-01-01', true);
  await addTask('Send the quote', '2099-01-01', false);

  await kariz.navLink('Dashboard').click();
  await expect(health).toContainText('1 of 2 open tasks');
  await health.getByRole('link', { name: 'Show overdue tasks' }).click();
  await expect(page).toHaveURL(/\/tasks\?show=overdue$/);
  await expect(kariz.field('Show')).toHaveValue('overdue');
  const list = page.getByRole('list', { name: 'Task list' });
  await expect(list.getByRole('checkbox')).toHaveCount(1);
  await expect(list.getByRole('checkbox', { name: 'Late call' })).toBeVisible();
});

test('with a learned model Ranking performance shows the win rate by learned win probability', async ({ kariz, page }) => {
  await kariz.goto('/?demo');
  await expect(page.getByRole('region', { name: 'Demo' })).toBeVisible();
  await kariz.navLink('Dashboard').click();
  const ranking = page.getByRole('region', { name: 'Ranking performance' });
  // The model trains shortly after start; the table appears with it.
  // The visible table (the chart keeps a copy of its numbers for screen readers).
  const table = (caption: string) => ranking.locator('table.data-table', { has: page.locator('caption', { hasText: caption }) });
  const learned = table('Win rate by learned win probability');
  await expect(learned).toBeVisible({ timeout: 15_000 });
  const rows = learned.getByRole('row');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(1).getByRole('rowheader')).toHaveText('0–19%');
  await expect(rows.nth(5).getByRole('rowheader')).toHaveText('80–100%');
  await expect(ranking.locator('#chart-ranking-learned')).toBeVisible();
  // Every decided lead the model scored is in one band: the bands add up to the decided count.
  const decided = await rows.evaluateAll((trs) =>
    trs.slice(1).reduce((sum, tr) => sum + Number(tr.querySelectorAll('td')[0].textContent!.replace(/,/g, '')), 0));
  const byGrade = await table('Win rate by grade').getByRole('row').evaluateAll((trs) =>
    trs.slice(1).reduce((sum, tr) => sum + Number(tr.querySelectorAll('td')[0].textContent!.replace(/,/g, '')), 0));
  expect(decided).toBeGreaterThan(0);
  expect(decided).toBe(byGrade);
});
