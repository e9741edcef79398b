// Importing from the CRMs people leave: HubSpot headers mapped (and changeable), duplicates of a
// stored lead resolved, a Persian Excel file in Windows-1256, vCards, and broken files refused with
// their line while nothing is stored.
import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

const HUBSPOT = [
  'Record ID,First Name,Last Name,Email,Phone Number,Company Name,Lead Status,Number of Employees,Annual Revenue,City',
  '101,Sara,Ahmadi,sara@tehransoft.ir,N/A,Tehran Soft,Open,51-200,5000000,Tehran',
  '102,Reza,Karimi,reza@pars.ir,0912 555 1234,Pars Trading,New,,,',
  '103,Nima,Rad,nima@rad.ir,,Select,,,,',
].join('\r\n');

async function openImport(page: Page, button: 'Import CSV' | 'Import vCard') {
  await page.getByRole('button', { name: button, exact: true }).click();
}

test('a HubSpot export maps its own headers, merges into a stored duplicate and adds the rest in one go', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Reza K.', email: 'reza@pars.ir', company: '' });
  await kariz.goto('/settings');
  await openImport(page, 'Import CSV');
  await page.getByLabel('CSV file').setInputFiles({ name: 'hubspot-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(HUBSPOT) });

  // Proposed from the headers, and changeable.
  const columns = page.getByRole('region', { name: 'Columns' });
  await expect(columns.getByRole('combobox', { name: 'First Name' })).toHaveValue('first_name');
  await expect(columns.getByRole('combobox', { name: 'Company Name' })).toHaveValue('company');
  await expect(columns.getByRole('combobox', { name: 'Record ID' })).toHaveValue('ignore');
  await expect(page.getByRole('combobox', { name: 'Delimiter' })).toHaveValue('comma');
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('UTF-8');
  await columns.getByRole('combobox', { name: 'Record ID' }).selectOption({ label: 'Add to notes' });

  await expect(page.getByText('3 rows ready to import, 0 rows with problems.')).toBeVisible();
  const preview = page.getByRole('table', { name: 'First rows as they will be stored' });
  await expect(preview.getByRole('row').nth(1)).toContainText('Sara Ahmadi');
  await expect(preview.getByRole('row').nth(1)).toContainText('Tehran Soft');

  // Reza is already stored (same e-mail): update him instead of adding a second Reza.
  const duplicates = page.getByRole('region', { name: 'Possible duplicates' });
  await expect(duplicates).toContainText('Stored: Reza K. · reza@pars.ir');
  await expect(page.getByText('2 new leads; 0 stored leads updated.')).toBeVisible();
  await duplicates.getByRole('radio', { name: 'Update' }).check();
  await expect(page.getByText('2 new leads; 1 stored leads updated.')).toBeVisible();
  await expect(kariz.leadRow('Sara Ahmadi'), 'nothing is stored before confirming').toHaveCount(0);
  await page.getByRole('button', { name: 'Import 3 leads' }).click();
  await expect(page.getByLabel('CSV file'), 'the panel closes once stored').toHaveCount(0);

  await kariz.goto('/leads');
  await expect(kariz.leadRow('Sara Ahmadi')).toHaveCount(1);
  await expect(kariz.leadRow('Nima Rad')).toHaveCount(1);
  await expect(kariz.leadRow('Reza Karimi'), 'the duplicate was merged, not added').toHaveCount(0);
  await kariz.reload();
  await kariz.openLead('Reza K.');
  await expect(page.getByText('Pars Trading').first()).toBeVisible();
  await kariz.goto('/leads');
  await kariz.openLead('Sara Ahmadi');
  await expect(page.getByText('Record ID: 101')).toBeVisible();
});

test('a Persian Excel file in Windows-1256 with semicolons reads as Persian text', async ({ kariz, page }) => {
  // نام;نام خانوادگی;موبایل / علی;رضایی;09121234567 in the code page, which has no Persian yeh:
  // Excel writes the Arabic one (0xED), as here.
  const bytes = Buffer.from([
    0xe4, 0xc7, 0xe3, 0x3b, 0xe4, 0xc7, 0xe3, 0x20, 0xce, 0xc7, 0xe4, 0xe6, 0xc7, 0xcf, 0x90, 0xed,
    0x3b, 0xe3, 0xe6, 0xc8, 0xc7, 0xed, 0xe1, 0x0d, 0x0a, 0xda, 0xe1, 0xed, 0x3b, 0xd1, 0xd6, 0xc7,
    0xed, 0xed, 0x3b, ...Buffer.from('09121234567'), 0x0d, 0x0a,
  ]);
  await kariz.goto('/leads');
  await openImport(page, 'Import CSV');
  await page.getByLabel('CSV file').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: bytes });
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('windows-1256');
  await expect(page.getByRole('combobox', { name: 'Delimiter' })).toHaveValue('semicolon');
  await expect(page.getByText('1 rows ready to import, 0 rows with problems.')).toBeVisible();
  await page.getByRole('button', { name: 'Import 1 leads' }).click();
  await expect(kariz.leadRow('علی رضایی')).toHaveCount(1);
  await expect(kariz.leadRow('علی رضایی')).toContainText('+98 912 123 4567');
});

test('a file with an unclosed quote is refused naming the line, and nothing is imported', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await openImport(page, 'Import CSV');
  const csv = 'Name,Notes\nGood Row,fine\nBroken Row,"never closed\nLater Row,x\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('alert').filter({ hasText: 'A quote opened on line 3 is never closed' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import \d+ leads$/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(kariz.leadRow('Good Row')).toHaveCount(0);
});

test('vCards become business-card leads; a file that is not a vCard is refused', async ({ kariz, page }) => {
  const cards = [
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:مریم احمدی', 'ORG:نگین پارس', 'TEL;TYPE=CELL:09351112233',
    'EMAIL:maryam@negin.ir', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:4.0', 'N:Doe;Jane;;;', 'EMAIL:jane@example.com', 'END:VCARD',
  ].join('\r\n');
  await kariz.goto('/settings');
  await openImport(page, 'Import vCard');
  await page.getByLabel('vCard file').setInputFiles({ name: 'notes.vcf', mimeType: 'text/vcard', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert').filter({ hasText: 'This is not a vCard file' })).toBeVisible();

  await page.getByLabel('vCard file').setInputFiles({ name: 'cards.vcf', mimeType: 'text/vcard', buffer: Buffer.from(cards) });
  await expect(page.getByText('2 rows ready to import, 0 rows with problems.')).toBeVisible();
  await page.getByRole('button', { name: 'Import 2 leads' }).click();
  await expect(page.getByLabel('vCard file'), 'the panel closes once stored').toHaveCount(0);
  await kariz.goto('/leads');
  await expect(kariz.leadRow('Jane Doe')).toHaveCount(1);
  await kariz.openLead('مریم احمدی');
  await expect(page.getByText('Business card').first()).toBeVisible();
  await expect(page.getByText('نگین پارس').first()).toBeVisible();
});

test('a CSV dropped on the import panel is read like a picked one; two files at once are refused', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await openImport(page, 'Import CSV');
  const dropZone = page.locator('.drop-zone').filter({ has: page.getByLabel('CSV file') });
  const drop = async (files: { name: string; text: string }[]) => {
    const dataTransfer = await page.evaluateHandle((files) => {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(new File([f.text], f.name, { type: 'text/csv' }));
      return transfer;
    }, files);
    await dropZone.dispatchEvent('dragover', { dataTransfer });
    await dropZone.dispatchEvent('drop', { dataTransfer });
  };

  await drop([{ name: 'a.csv', text: 'Name\nAda\n' }, { name: 'b.csv', text: 'Name\nBob\n' }]);
  await expect(page.getByRole('alert').filter({ hasText: 'Drop one file at a time' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import \d+ leads$/ })).toHaveCount(0);

  await drop([{ name: 'pipedrive.csv', text: 'Name,Email\nDropped Dana,dana@example.com\n' }]);
  await expect(page.getByText('1 rows ready to import, 0 rows with problems.')).toBeVisible();
  await page.getByRole('button', { name: 'Import 1 leads' }).click();
  await expect(kariz.leadRow('Dropped Dana')).toHaveCount(1);
});

test('a column of counts becomes that many activities on each lead; a cell that is not a count is a row problem', async ({ kariz, page }) => {
  const csv = [
    'First Name,Email,Marketing emails opened',
    'Sara,sara@example.com,3',
    'Reza,reza@example.com,',
    'Nima,nima@example.com,lots',
  ].join('\n');
  await kariz.goto('/leads');
  await openImport(page, 'Import CSV');
  await page.getByLabel('CSV file').setInputFiles({ name: 'hubspot.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const columns = page.getByRole('region', { name: 'Columns' });
  await expect(columns.getByRole('combobox', { name: 'Marketing emails opened' })).toHaveValue('count_email_opened');
  await expect(page.getByText('2 rows ready to import, 1 rows with problems.')).toBeVisible();
  await expect(page.getByRole('list', { name: /Rows with problems/ })).toContainText('Marketing emails opened must be a whole number.');
  const preview = page.getByRole('table', { name: 'First rows as they will be stored' });
  await expect(preview.getByRole('row').nth(1)).toContainText('Email opened × 3');
  await page.getByRole('button', { name: 'Import 2 leads' }).click();
  await expect(page.getByLabel('CSV file')).toHaveCount(0);
  await kariz.openLead('Sara');
  await expect(page.getByText('Marketing emails opened: 3')).toHaveCount(3);
});
