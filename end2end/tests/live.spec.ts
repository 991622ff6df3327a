import { test, expect, apiAs, createAccount, p0Report, signIn } from './fixtures';

test('a ticket another agent registers appears in the queue within a second, without a reload', async ({
  page,
  baseURL,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  await createAccount(baseURL!, 'colleague', 'agent');
  await signIn(page, 'agent');
  // The page is live once the browser has opened the desk's stream.
  const stream = page.waitForResponse((r) => r.url().includes('/api/v1/events'));
  await page.goto('/');
  await expect(page.locator('.empty')).toBeVisible();
  expect((await stream).status()).toBe(200);
  let reloads = 0;
  page.on('framenavigated', () => reloads++);

  const colleague = await apiAs(baseURL!, 'colleague');
  const created = await colleague.post('/api/v1/tickets', { data: p0Report() });
  expect(created.status(), await created.text()).toBe(201);
  await expect(page.locator('.queue-row[data-number="FL-00001"]')).toBeVisible({ timeout: 1_000 });

  const second = await colleague.post('/api/v1/tickets', { data: p0Report() });
  expect(second.status()).toBe(201);
  await expect(page.locator('.queue-row')).toHaveCount(2, { timeout: 1_000 });
  await colleague.dispose();
  expect(reloads).toBe(0);
});
