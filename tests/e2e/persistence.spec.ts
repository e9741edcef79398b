import { test, expect, Kariz } from './kariz';

test('a lead and its call survive a reload and are seen by a new page', async ({ kariz, page, context }) => {
  await kariz.goto('/leads');
  const { path } = await kariz.createLead({ name: 'Hamid Shokri', company: 'Kish Logistics' });
  await kariz.openLead('Hamid Shokri');
  await kariz.logActivity('Call', 'Asked for a demo next week.');

  const check = async (k: typeof kariz) => {
    await expect(k.heading('Hamid Shokri')).toBeVisible();
    const item = k.activityTimeline().getByRole('listitem').filter({ hasText: 'Asked for a demo next week.' });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Call');
  };

  await kariz.reload();
  await check(kariz);

  const other = await context.newPage();
  const kariz2 = new Kariz(other);
  await kariz2.goto(path);
  await check(kariz2);
  await kariz2.goto('/leads');
  await expect(kariz2.leadRow('Hamid Shokri')).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
});
