import { test, expect, type ChosenOptions } from './kariz';

test('a new lead is saved and listed with a link to its page', async ({ kariz }) => {
  await kariz.goto('/leads');
  await expect(kariz.heading('Leads')).toBeVisible();
  const { path } = await kariz.createLead({
    name: 'Arash Karimi',
    company: 'Pars Textiles',
    jobTitle: 'Purchasing manager',
    email: 'arash@pars-textiles.example',
    phone: '09121234567',
    source: 1,
    industry: 'Textiles',
    employees: '120',
    city: 'Isfahan',
    budget: '250000000',
    currency: 0,
    decisionRole: 1,
    timeline: '2026-05-01',
    journeyStage: 1,
    owner: 'Shirin',
    notes: 'Met at the Tehran trade fair.',
  });
  await expect(kariz.leadsTable()).toBeVisible();
  await expect(kariz.leadRow('Arash Karimi')).toHaveCount(1);
  expect(path).toMatch(/^\/leads\/[^/]+$/);
});

test.describe('with three leads', () => {
  let arash: ChosenOptions = {};
  test.beforeEach(async ({ kariz }) => {
    await kariz.goto('/leads');
    ({ chosen: arash } = await kariz.createLead({
      name: 'Arash Karimi', company: 'Pars Textiles', email: 'arash@pars.example', phone: '09121234567',
      owner: 'Shirin', source: 1, journeyStage: 1,
    }));
    await kariz.createLead({
      name: 'Bita Rahimi', company: 'Caspian Foods', email: 'bita@caspian.example', phone: '09351112233',
      owner: 'Kaveh', source: 2, journeyStage: 2,
    });
    await kariz.createLead({
      name: 'Cyrus Moradi', company: 'Zagros Steel', email: 'cyrus@zagros.example', phone: '09198887766',
      owner: 'Kaveh', source: 2, journeyStage: 2,
    });
  });

  test('search filters by name, company, email and phone', async ({ kariz }) => {
    const search = kariz.searchBox();
    const visible = async (...names: string[]) => {
      for (const n of ['Arash Karimi', 'Bita Rahimi', 'Cyrus Moradi']) {
        await expect(kariz.leadRow(n), `${n} ${names.includes(n) ? 'shown' : 'hidden'}`).toHaveCount(
          names.includes(n) ? 1 : 0,
        );
      }
    };
    await search.fill('Arash');
    await visible('Arash Karimi');
    await search.fill('Caspian');
    await visible('Bita Rahimi');
    await search.fill('cyrus@zagros');
    await visible('Cyrus Moradi');
    await search.fill('7766');
    await visible('Cyrus Moradi');
    await search.fill('');
    await visible('Arash Karimi', 'Bita Rahimi', 'Cyrus Moradi');
  });

  test('filters by source, owner and journey stage', async ({ kariz }) => {
    // Arash has source #1 and stage #1, the others #2; option index 0 of a filter means "all".
    await kariz.field('Filter by owner').selectOption({ label: 'Shirin' });
    await expect(kariz.leadRow('Arash Karimi')).toHaveCount(1);
    await expect(kariz.leadRow('Bita Rahimi')).toHaveCount(0);
    await kariz.field('Filter by owner').selectOption({ label: 'Kaveh' });
    await expect(kariz.leadRow('Arash Karimi')).toHaveCount(0);
    await expect(kariz.leadRow('Cyrus Moradi')).toHaveCount(1);
    await kariz.field('Filter by owner').selectOption({ index: 0 });
    await expect(kariz.leadRow('Arash Karimi')).toHaveCount(1);

    for (const [filterLabel, label] of [
      ['Filter by source', arash.source!],
      ['Filter by journey stage', arash.journeyStage!],
    ]) {
      const filter = kariz.field(filterLabel);
      await filter.selectOption({ label });
      await expect(kariz.leadRow('Arash Karimi'), `${filterLabel} = ${label}`).toHaveCount(1);
      await expect(kariz.leadRow('Bita Rahimi'), `${filterLabel} = ${label}`).toHaveCount(0);
      await filter.selectOption({ index: 0 });
      await expect(kariz.leadRow('Bita Rahimi')).toHaveCount(1);
    }
  });

  test('sort by every option keeps all rows; name sort is alphabetical', async ({ kariz }) => {
    const sort = kariz.field('Sort by');
    await expect(sort).toBeVisible();
    const options = (await sort.getByRole('option').allTextContents()).map((t) => t.trim());
    expect(options.length, 'Sort by offers at least two orders').toBeGreaterThanOrEqual(2);
    for (const option of options) {
      await sort.selectOption({ label: option });
      await expect(kariz.leadsTable().getByRole('link')).toHaveCount(3);
      if (/name/i.test(option)) {
        const names = await kariz.leadNames();
        const asc = [...names].sort((a, b) => a.localeCompare(b));
        const desc = [...asc].reverse();
        expect(/z\s*[–-]\s*a|desc/i.test(option) ? desc : asc, `order for "${option}"`).toEqual(names);
      }
    }
  });
});

test('opening a lead from the table stays in the app: no page load, and Back returns to the list', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await kariz.createLead({ name: 'Ladan Sadeghi', company: 'Kavir Tiles' });
  // A full page load would lose this marker.
  await page.evaluate(() => { (window as unknown as { kept: boolean }).kept = true; });
  await page.getByRole('table', { name: 'Leads' }).getByRole('link', { name: 'Ladan Sadeghi', exact: true }).click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  await expect(kariz.heading('Ladan Sadeghi')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
  await page.goBack();
  await expect(kariz.heading('Leads')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
});

test('markup in a lead\'s fields is shown as text in the table, never parsed', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  const name = '<img src=x onerror="window.__owned=1">Nima & "Co"';
  const company = '</td><script>window.__owned=2</script><b>bold</b>';
  await kariz.createLead({ name, company, email: 'nima@example.com' });
  const row = kariz.leadRow(name);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: company, exact: true })).toHaveCount(1);
  const body = page.locator('table.leads-table tbody');
  await expect(body.locator('img, script, b')).toHaveCount(0);
  await expect(body.locator('tr')).toHaveCount(1);
  await expect(body.locator('tr').first().locator('td, th')).toHaveCount(9);
  expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
});
