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
