import { test, expect, apiAs, createAccount, p0Report, signIn, waitForHydration } from './fixtures';

test('R12: an agent answers a P0 and waits on the reporter through the action form', async ({ page, baseURL }) => {
  await createAccount(baseURL!, 'agent', 'agent');
  const api = await apiAs(baseURL!, 'agent');
  expect((await api.post('/api/v1/tickets', { data: p0Report() })).status()).toBe(201);
  await api.dispose();

  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  const clock = (name: string) => page.locator(`li.clock[data-clock="${name}"]`);
  await expect(clock('response')).toHaveAttribute('data-state', 'running');

  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'First response to the reporter' });
  await page.getByLabel('Message, note or summary').fill('We are on it: the payment gateway is being checked');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(clock('response')).toHaveAttribute('data-state', 'met');
  // P0: progress updates are now due every 30 minutes.
  await expect(clock('update')).toHaveAttribute('data-state', 'running');
  await expect(page.locator('.timeline .event[data-kind="first_response"]')).toBeVisible();

  // Waiting on the reporter pauses the workaround and update clocks; response is met.
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Wait on the reporter' });
  await page.getByLabel('Message, note or summary').fill('Asked for the failing order number');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(clock('workaround')).toHaveAttribute('data-state', 'paused');
  await expect(clock('update')).toHaveAttribute('data-state', 'paused');
  await expect(clock('workaround').locator('.countdown')).toHaveAttribute('data-tone', 'paused');

  // The form offers only what the procedure allows now: while waiting, the
  // reporter's reply, and no second wait.
  const options = page.getByLabel('Action', { exact: true }).locator('option');
  await expect(options.filter({ hasText: 'The reporter replied' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'Wait on the reporter' })).toHaveCount(0);
});

test('a change made meanwhile refuses the form without losing what the agent typed', async ({ page, baseURL }) => {
  await createAccount(baseURL!, 'agent', 'agent');
  const api = await apiAs(baseURL!, 'agent');
  expect((await api.post('/api/v1/tickets', { data: p0Report() })).status()).toBe(201);

  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  const action = page.getByLabel('Action', { exact: true });
  const text = page.getByLabel('Message, note or summary');
  await action.selectOption({ label: 'First response to the reporter' });
  await text.fill('We are on it');

  // A colleague records something first: the page's version is now stale.
  const meanwhile = await api.post('/api/v1/tickets/FL-00001/actions', {
    data: { version: 1, action: 'progress_update', message: 'Gateway team paged' },
  });
  expect(meanwhile.status(), await meanwhile.text()).toBe(200);
  await api.dispose();

  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.locator('.act-failure [role="alert"]')).toBeVisible();
  await expect(page.locator('.timeline .event[data-kind="progress_update"]')).toBeVisible();
  await expect(action).toHaveValue('first_response');
  await expect(text).toHaveValue('We are on it');

  // The reloaded form carries the new version: sending again records it.
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.locator('li.clock[data-clock="response"]')).toHaveAttribute('data-state', 'met');
  await expect(text).toHaveValue('');
});
