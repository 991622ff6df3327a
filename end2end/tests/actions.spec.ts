import {
  test,
  expect,
  apiAs,
  createAccount,
  openNewTicket,
  p0Report,
  signIn,
  waitForHydration,
} from './fixtures';

test('R12: an agent answers a P0 and waits on the reporter through the action form', async ({ page, baseURL }) => {
  await openNewTicket(page, baseURL!);
  const clock = (name: string) => page.locator(`li.clock[data-clock="${name}"]`);
  await expect(clock('response')).toHaveAttribute('data-state', 'running');

  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'First response to the reporter' });
  await page.getByLabel('Message, note or summary').fill('We are on it: the payment gateway is being checked');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(clock('response')).toHaveAttribute('data-state', 'met');
  // P0: progress updates are now due every 30 minutes.
  await expect(clock('update')).toHaveAttribute('data-state', 'running');
  await expect(page.locator('.timeline .event[data-kind="first_response"]')).toBeVisible();
  // R12: the first response is what the reporter is told; the page says so.
  await expect(page.locator('.timeline .event[data-kind="first_response"] .audience')).toHaveText(
    'Reporter sees this',
  );

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

test('a stale save shows what changed meanwhile and applies the change again on request', async ({
  page,
  baseURL,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  await createAccount(baseURL!, 'colleague', 'agent');
  const api = await apiAs(baseURL!, 'colleague');
  expect((await api.post('/api/v1/tickets', { data: p0Report() })).status()).toBe(201);

  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  const action = page.getByLabel('Action', { exact: true });
  const text = page.getByLabel('Message, note or summary');
  await action.selectOption({ label: 'First response to the reporter' });
  await text.fill('We are on it');

  // A colleague records something first. The page hears of it, but does
  // not reload under the agent's hands: it says so.
  const meanwhile = await api.post('/api/v1/tickets/FL-00001/actions', {
    data: { version: 1, action: 'progress_update', message: 'Gateway team paged' },
  });
  expect(meanwhile.status(), await meanwhile.text()).toBe(200);
  await api.dispose();
  await expect(page.locator('.live-notice')).toContainText('colleague changed this ticket');
  await expect(text).toHaveValue('We are on it');

  // Saving against the stale version is refused, and the page shows why.
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  const conflict = page.locator('.conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict.locator('.event[data-kind="progress_update"]')).toContainText('Gateway team paged');
  await expect(conflict.locator('.yours')).toContainText('First response: We are on it');
  await expect(page.locator('.timeline .event[data-kind="first_response"]')).toHaveCount(0);
  await expect(action).toHaveValue('first_response');
  await expect(text).toHaveValue('We are on it');

  // Applied again, to the ticket as it stands now.
  await page.getByRole('button', { name: 'Apply my change again' }).click();
  await expect(page.locator('li.clock[data-clock="response"]')).toHaveAttribute('data-state', 'met');
  await expect(conflict).toHaveCount(0);
  await expect(page.locator('.log .timeline .event[data-kind="first_response"]')).toHaveCount(1);
});
