// Two tabs edit the same record: the second save never overwrites the first silently; a dialog
// shows both versions and the user keeps one.
import { test, expect, Kariz } from './kariz';

test('a lead edited in two tabs: the later save asks, "Keep mine" wins, and the other tab follows', async ({ context, page }) => {
  const a = new Kariz(page);
  const { path } = await a.createLead({ name: 'Dana Conflict', company: 'Original Co', city: 'Tabriz' });
  const pageB = await context.newPage();
  const b = new Kariz(pageB);
  await b.goto(path);

  // Both tabs open the edit form on the same version.
  await a.goto(path);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await pageB.getByRole('button', { name: 'Edit', exact: true }).click();

  // Tab B saves first.
  await pageB.getByRole('textbox', { name: 'Company', exact: true }).fill('Their Co');
  await pageB.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(b.heading('Dana Conflict')).toBeVisible();
  await expect(pageB.getByRole('heading', { name: 'Edit lead' })).toHaveCount(0);

  // Tab A still shows what it typed, and saving asks.
  await page.getByRole('textbox', { name: 'Company', exact: true }).fill('My Co');
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Shiraz');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Changed in another tab' });
  await expect(dialog).toBeVisible();
  const company = dialog.getByRole('row', { name: /Company/ });
  await expect(company).toContainText('My Co');
  await expect(company).toContainText('Their Co');
  await expect(dialog.getByRole('row', { name: /City/ })).toContainText('Shiraz');
  // Nothing was overwritten meanwhile.
  await b.reload();
  await expect(pageB.getByText('Their Co', { exact: true }).first()).toBeVisible();

  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('My Co', { exact: true }).first()).toBeVisible();
  await expect(pageB.getByText('My Co', { exact: true }).first(), 'the other tab follows').toBeVisible();
  await a.reload();
  await expect(page.getByText('My Co', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('Shiraz', { exact: true }).first()).toBeVisible();
});

test('"Keep theirs" drops my edit and shows theirs', async ({ context, page }) => {
  const a = new Kariz(page);
  const { path } = await a.createLead({ name: 'Omid Twice', company: 'First Co' });
  const pageB = await context.newPage();
  const b = new Kariz(pageB);
  await b.goto(path);
  await a.goto(path);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await pageB.getByRole('button', { name: 'Edit', exact: true }).click();
  await pageB.getByRole('textbox', { name: 'Company', exact: true }).fill('Their Co');
  await pageB.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(pageB.getByRole('heading', { name: 'Edit lead' })).toHaveCount(0);

  await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Mine Co');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Changed in another tab' });
  await dialog.getByRole('button', { name: 'Keep theirs' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Edit lead' })).toHaveCount(0);
  await expect(page.getByText('Their Co', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('Mine Co', { exact: true })).toHaveCount(0);
  await a.reload();
  await expect(page.getByText('Their Co', { exact: true }).first()).toBeVisible();
});

test('a deal edited in two tabs: the later save asks with both values, "Keep mine" saves it', async ({ context, page }) => {
  const a = new Kariz(page);
  const { path } = await a.createLead({ name: 'Deal Twice', company: 'Yazd Tiles', budget: '3000', owner: 'Sara' });
  await a.goto(path);
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await a.field('Override reason').fill('Met at the expo');
  await a.field('Deal title').fill('Yazd ERP');
  await a.field('Value').fill('3000');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();

  const pageB = await context.newPage();
  const b = new Kariz(pageB);
  await b.goto(path);
  const dealsA = page.getByRole('region', { name: 'Deals' });
  const dealsB = pageB.getByRole('region', { name: 'Deals' });
  await dealsA.getByRole('button', { name: 'Edit deal Yazd ERP' }).click();
  await dealsB.getByRole('button', { name: 'Edit deal Yazd ERP' }).click();

  await b.field('Value').fill('5000');
  await pageB.getByRole('button', { name: 'Save deal' }).click();
  await expect(pageB.getByRole('status').filter({ hasText: 'Deal saved' })).toBeVisible();

  await a.field('Value').fill('4000');
  await page.getByRole('button', { name: 'Save deal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Changed in another tab' });
  await expect(dialog).toBeVisible();
  const value = dialog.getByRole('row', { name: /Value/ });
  await expect(value).toContainText('4000');
  await expect(value).toContainText('5000');
  await b.reload();
  await expect(pageB.getByRole('region', { name: 'Deals' }), 'nothing overwritten while asking').toContainText('5,000');

  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Deal saved' })).toBeVisible();
  await a.reload();
  await expect(page.getByRole('region', { name: 'Deals' })).toContainText('4,000');
  await expect(pageB.getByRole('region', { name: 'Deals' }), 'the other tab follows').toContainText('4,000');
});

test('qualification answers saved in two tabs: the later save asks per question, "Keep theirs" takes their answers', async ({ context, page }) => {
  const question = 'Does the purchase fit their budget?';
  const a = new Kariz(page);
  const { path } = await a.createLead({ name: 'Answers Twice', company: 'Qom Print' });
  const pageB = await context.newPage();
  const b = new Kariz(pageB);
  await b.goto(path);
  await a.goto(path);
  const answer = (p: typeof page, value: 'Yes' | 'No') =>
    p.getByRole('region', { name: 'Qualification' }).getByRole('radiogroup', { name: question })
      .getByRole('radio', { name: value, exact: true });

  await answer(pageB, 'Yes').check();
  await pageB.getByRole('region', { name: 'Qualification' }).getByRole('button', { name: 'Save qualification' }).click();
  await expect(pageB.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();

  await answer(page, 'No').check();
  await page.getByRole('region', { name: 'Qualification' }).getByRole('button', { name: 'Save qualification' }).click();
  const dialog = page.getByRole('dialog', { name: 'Changed in another tab' });
  await expect(dialog).toBeVisible();
  const row = dialog.getByRole('row', { name: new RegExp(question.replace('?', '\\?')) });
  await expect(row).toContainText('No');
  await expect(row).toContainText('Yes');

  await dialog.getByRole('button', { name: 'Keep theirs' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(answer(page, 'Yes'), 'their answer is in the form').toBeChecked();
  await a.reload();
  await expect(answer(page, 'Yes'), 'and stored').toBeChecked();
});
