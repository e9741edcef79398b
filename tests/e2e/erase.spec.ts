// Erasing one lead for a privacy request: a confirmation naming the lead, then the lead and all
// of it gone — from the list, after a reload, and from every byte IndexedDB holds.
import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

/** Whether any record of any object store of any database holds `text` (as JSON or as bytes). */
async function storedAnywhere(page: Page, text: string): Promise<boolean> {
  return page.evaluate(async (needle) => {
    const utf8 = new TextEncoder().encode(needle);
    const holds = (bytes: Uint8Array) => {
      outer: for (let i = 0; i + utf8.length <= bytes.length; i++) {
        for (let j = 0; j < utf8.length; j++) if (bytes[i + j] !== utf8[j]) continue outer;
        return true;
      }
      return false;
    };
    const found = (value: unknown): boolean => {
      if (value instanceof Uint8Array) return holds(value);
      if (value instanceof ArrayBuffer) return holds(new Uint8Array(value));
      return JSON.stringify(value ?? null).includes(needle);
    };
    for (const info of await indexedDB.databases()) {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all: unknown[] = await new Promise((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        if (all.some(found)) {
          db.close();
          return true;
        }
      }
      db.close();
    }
    return false;
  }, text);
}

test('erasing a lead asks first, then removes it and its activities from everything stored', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Parvaneh Erasable', company: 'Secret Works', email: 'parvaneh@secret.example' });
  await kariz.createLead({ name: 'Kept Lead', company: 'Staying Co' });
  await kariz.openLead('Parvaneh Erasable');
  await kariz.logActivity('Call', 'Confidential call notes');
  expect(await storedAnywhere(page, 'Confidential call notes')).toBe(true);

  await page.getByRole('button', { name: 'Erase this lead permanently' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase Parvaneh Erasable permanently?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(kariz.heading('Parvaneh Erasable')).toBeVisible();

  await page.getByRole('button', { name: 'Erase this lead permanently' }).click();
  await dialog.getByRole('button', { name: 'Erase permanently' }).click();
  await expect(page).toHaveURL(/\/leads$/);
  await expect(kariz.leadRow('Parvaneh Erasable')).toHaveCount(0);
  await expect(kariz.leadRow('Kept Lead')).toHaveCount(1);

  await kariz.reload();
  await expect(kariz.leadRow('Kept Lead')).toHaveCount(1);
  await expect(kariz.leadRow('Parvaneh Erasable')).toHaveCount(0);
  for (const trace of ['Parvaneh Erasable', 'Secret Works', 'parvaneh@secret.example', 'Confidential call notes']) {
    expect(await storedAnywhere(page, trace), `${trace} is still stored`).toBe(false);
  }
  expect(await storedAnywhere(page, 'Staying Co')).toBe(true);
});
