import { readFile } from 'node:fs/promises';
import { test, expect } from './kariz';

const CSV = [
  'Full Name,Company,E-mail,Mobile,Lead Source,Owner',
  'Sara Ahmadi,Tehran Soft,sara@tehransoft.ir,09121234567,Web form,Ali',
  ',Nameless Co,nobody@x.com,,,',
  'Reza Karimi,Pars Trading,not-an-email,,,Maryam',
  'Nasrin Moradi,Shiraz Carpets,nasrin@shiraz.ir,۰۹۳۵۱۱۱۲۲۳۳,referral,Ali',
].join('\n');

test('importing a CSV previews every row, stores only valid ones in one go, and survives reload', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

  await expect(page.getByText('2 rows ready to import, 2 rows with problems.')).toBeVisible();
  const problems = page.getByRole('list', { name: 'Rows with problems (not imported)' });
  await expect(problems.getByRole('listitem')).toHaveCount(2);
  await expect(problems).toContainText('Line 3');
  await expect(problems).toContainText('Name is required');
  await expect(problems).toContainText('Line 4');
  await expect(problems).toContainText('valid email');
  await expect(kariz.leadRow('Sara Ahmadi'), 'nothing is stored before confirming').toHaveCount(0);

  await page.getByRole('button', { name: 'Import 2 leads' }).click();
  await expect(kariz.leadRow('Sara Ahmadi')).toHaveCount(1);
  await expect(kariz.leadRow('Nasrin Moradi')).toContainText('+98 935 111 2233');
  await expect(kariz.leadRow('Reza Karimi')).toHaveCount(0);

  await kariz.reload();
  await expect(kariz.leadRow('Sara Ahmadi')).toHaveCount(1);
  await expect(kariz.leadRow('Nasrin Moradi')).toHaveCount(1);
});

test('a file without a name column is refused with a reason and stores nothing', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('company,email\nX,x@y.com\n') });
  await expect(page.getByRole('alert').filter({ hasText: 'No column holds the lead' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import \d+ leads$/ })).toHaveCount(0);
});

test('export downloads every live lead as CSV that names each field', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await kariz.createLead({ name: 'Parisa Karimi', company: 'Isfahan Steel', email: 'parisa@steel.ir' });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const text = (await readFile(file!, 'utf8')).replace(/^\uFEFF/, '');
  const [header, row] = text.trim().split('\n');
  expect(header.split(',').slice(0, 4)).toEqual(['name', 'company', 'job_title', 'email']);
  expect(row).toContain('Parisa Karimi,Isfahan Steel,,parisa@steel.ir');
});
