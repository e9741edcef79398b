import { readFile } from 'node:fs/promises';
import { test, expect, labelRe } from './kariz';
import type { Page } from '@playwright/test';

const modelReport = (page: Page) => page.getByRole('region', { name: 'Model', exact: true });
const winProbability = (page: Page) => page.getByRole('region', { name: 'Win probability' });
/** "−7" as the UI writes it (true minus sign) to the number an input holds ("-7"). */
const plain = (points: string) => points.replace('\u2212', '-');

test('with the demo history Reports shows the model, retrains it, and applying a suggested weight changes the scoring model', async ({ kariz, page }) => {
  await kariz.goto('/?demo');
  await expect(page.getByRole('region', { name: 'Demo' })).toBeVisible();

  // Trained on its own shortly after start, off the input path.
  await kariz.goto('/reports');
  const model = modelReport(page);
  await expect(model.getByRole('heading', { name: 'Model', exact: true })).toBeVisible();
  const auc = model.getByRole('table', { name: 'ROC AUC' });
  await expect(auc).toBeVisible();
  await expect(auc.getByRole('row').filter({ hasText: 'Learned model' })).toContainText(/[01]\.\d\d/);
  await expect(auc.getByRole('row').filter({ hasText: 'Hand-set score' })).toContainText(/[01]\.\d\d/);
  await expect(model).toContainText(/Trained on .+ from \d+ won and \d+ lost outcomes/);
  // A header row and at least one bin.
  await expect(model.getByRole('table', { name: 'Calibration on the same leads' }).getByRole('row').nth(1)).toContainText('%');
  await expect(model.getByRole('list', { name: 'Strongest factors' }).getByRole('listitem').first()).toContainText(/[+−]\d+/);

  await model.getByRole('button', { name: 'Retrain model' }).click();
  await expect(page.getByText('Model retrained.')).toBeVisible();
  await expect(model.getByRole('button', { name: 'Retrain model' })).toBeEnabled();
  await expect(auc.getByRole('row').filter({ hasText: 'Learned model' })).toContainText(/[01]\.\d\d/);

  // The stored model as readable JSON.
  const [file] = await Promise.all([page.waitForEvent('download'), model.getByRole('button', { name: 'Export model (JSON)' }).click()]);
  expect(file.suggestedFilename()).toMatch(/^kariz-model-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await readFile((await file.path())!, 'utf8'));
  expect(exported.model.encoder.columns.map((c: { name: string }) => c.name)).toContain('source');
  expect(exported.model.won).toBeGreaterThanOrEqual(30);
  expect(exported.model.lost).toBeGreaterThanOrEqual(30);

  // One suggestion applied alone: the hand-set model's row takes the learned points.
  const suggestions = model.getByRole('list', { name: 'Suggested weights' });
  const industry = suggestions.getByRole('listitem').filter({ hasText: /^Industry: / }).first();
  const text = (await industry.textContent()) ?? '';
  const match = text.match(/^Industry: (.+?) — from (−?\d+) to (−?\d+) points/);
  expect(match, `a suggestion reads "Industry: value — from a to b points": ${text}`).not.toBeNull();
  const [, value, , suggested] = match!;
  const before = await suggestions.getByRole('listitem').count();
  await industry.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Suggested weights applied to the scoring model.')).toBeVisible();
  await expect(suggestions.getByRole('listitem')).toHaveCount(before - 1);

  await kariz.navLink('Settings').click();
  const scoring = page.getByRole('region', { name: 'Scoring model' });
  await expect(scoring.getByLabel(labelRe(`Industry: ${value}`))).toHaveValue(plain(suggested));

  // The rest at once.
  await kariz.navLink('Reports').click();
  await modelReport(page).getByRole('button', { name: 'Apply all' }).click();
  await expect(modelReport(page)).toContainText('The hand-set weights agree with what was learned: nothing to suggest.');
  await expect(modelReport(page).getByRole('list', { name: 'Suggested weights' })).toHaveCount(0);

  // A lead's page: the probability beside the hand-set score, explained in points.
  await kariz.goto('/leads');
  await kariz.leadsTable().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/leads\/[^/]+$/);
  const region = winProbability(page);
  await expect(region).toContainText(/\d+%\s*chance of winning/);
  await expect(region).toContainText(/Hand-set score: −?\d+/);
  const factors = region.getByRole('list', { name: 'Factors of the win probability' });
  await expect(factors.getByRole('listitem').first()).toContainText(/^.+: .+[+−]\d+$/);
});

test('with no closed history the lead page says how many outcomes are needed and shows no probability', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Solo Lead', company: 'Alone Ltd' });
  await kariz.openLead('Solo Lead');
  const region = winProbability(page);
  await expect(region).toContainText('Kariz needs 30 more won and 30 more lost outcomes (so far 0 won, 0 lost)');
  await expect(region).not.toContainText('%');
  await expect(region.getByRole('list')).toHaveCount(0);

  await kariz.goto('/reports');
  await expect(modelReport(page)).toContainText('Kariz needs 30 more won and 30 more lost outcomes');
  await expect(modelReport(page).getByRole('table', { name: 'ROC AUC' })).toHaveCount(0);
  await expect(modelReport(page).getByRole('button', { name: 'Export model (JSON)' })).toBeDisabled();

  await kariz.setLanguage('فارسی');
  await kariz.goto('/leads');
  await kariz.openLead('Solo Lead');
  await expect(page.getByRole('region', { name: 'احتمال برد' })).toContainText('۳۰ نتیجهٔ برده و ۳۰ نتیجهٔ باختهٔ دیگر');
});
