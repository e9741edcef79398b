import { readFile } from 'node:fs/promises';
import { test, expect } from './kariz';

/** Writes straight into the app's IndexedDB, as a damaged disk or a buggy old version might have. */
async function plantUnreadable(page: import('@playwright/test').Page, docs: { collection: string; id: number; json: string }[]) {
  await page.evaluate(
    (docs) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('kariz');
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['docs', 'lead_chunks'], 'readwrite');
          for (const doc of docs) tx.objectStore('docs').put(doc);
          // A chunk of leads 5,120–6,143 that no format can read (format byte 9).
          tx.objectStore('lead_chunks').put(new Uint8Array([9, 1, 2, 3]), 5);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    docs,
  );
}

test('stored data that cannot be read is reported and offered for download; the app works with the rest', async ({ kariz, page }) => {
  const { path } = await kariz.createLead({ name: 'Parisa Karimi', company: 'Arvand' });
  await kariz.goto('/leads');
  await expect(kariz.leadRow('Parisa Karimi')).toBeVisible();

  await plantUnreadable(page, [{ collection: 'deal', id: 9001, json: '{"title": "half a deal' }]);
  await kariz.reload();

  const notice = page.getByRole('alert').filter({ hasText: 'Some stored data could not be read' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('deal document 9001');
  await expect(notice).toContainText('lead chunk 5');
  // Everything else loads and works.
  await kariz.goto(path);
  await expect(kariz.heading('Parisa Karimi')).toBeVisible();
  await kariz.goto('/settings');
  await page.getByLabel('Your name').fill('Nima');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status')).toContainText('Settings saved');
  await expect(page.getByText('2 stored items could not be read and are not in a backup.')).toBeVisible();

  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Download unreadable data' }).click();
  const file = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
  type Item = { what: string; bytes_base64: string };
  const items: Item[] = file.kariz_unreadable;
  const doc = items.find((i) => i.what.startsWith('deal'))!;
  const chunk = items.find((i) => i.what.startsWith('lead'))!;
  expect(items).toHaveLength(2);
  expect(doc.what).toBe('deal document 9001');
  expect(Buffer.from(doc.bytes_base64, 'base64').toString('utf8')).toBe('{"title": "half a deal');
  expect(chunk.what).toBe('lead chunk 5');
  expect([...Buffer.from(chunk.bytes_base64, 'base64')]).toEqual([9, 1, 2, 3]);

  // Nothing was overwritten: the unreadable document is still there, as it was.
  const stored = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const req = indexedDB.open('kariz');
        req.onsuccess = () => {
          const tx = req.result.transaction(['docs', 'lead_chunks']);
          const get = tx.objectStore('docs').get(['deal', 9001]);
          const chunk = tx.objectStore('lead_chunks').get(5);
          tx.oncomplete = () => resolve(`${get.result.json}|${Array.from(chunk.result as Uint8Array).join(',')}`);
          get.onerror = () => reject(get.error);
        };
      }),
  );
  expect(stored).toBe('{"title": "half a deal|9,1,2,3');
});
