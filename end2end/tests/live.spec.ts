import {
  test,
  expect,
  apiAs,
  createAccount,
  openNewTicket,
  p0Report,
  restartServer,
  signIn,
  waitForHydration,
} from './fixtures';

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

test("an agent's change shows in a colleague's queue and on the wall within a second, without a reload", async ({
  page,
  browser,
  baseURL,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  await createAccount(baseURL!, 'colleague', 'agent');
  await createAccount(baseURL!, 'lead', 'lead');
  const api = await apiAs(baseURL!, 'agent');
  expect((await api.post('/api/v1/tickets', { data: p0Report() })).status()).toBe(201);
  await api.dispose();

  // The colleague watches the queue; the wall runs in a browser of its own.
  const colleague = await browser.newContext({ baseURL });
  const queue = await colleague.newPage();
  await signIn(queue, 'colleague');
  const queueLive = queue.waitForResponse((r) => r.url().includes('/api/v1/events'));
  await queue.goto('/');
  await queueLive;
  const row = queue.locator('.queue-row[data-number="FL-00001"] .clock-name');
  await expect(row).toHaveText('Response');

  const wallContext = await browser.newContext({ baseURL });
  const wall = await wallContext.newPage();
  await signIn(wall, 'lead');
  await wall.goto('/wall');
  await expect(wall.locator('.wall')).toHaveAttribute('data-connection', 'live');
  const card = wall.locator('.lane[data-priority="P0"] .card[data-number="FL-00001"] .clock-name');
  await expect(card).toHaveText('Response');
  let reloads = 0;
  queue.on('framenavigated', () => reloads++);
  wall.on('framenavigated', () => reloads++);

  // The agent answers the reporter on the ticket page.
  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'First response to the reporter' });
  await page.getByLabel('Message, note or summary').fill('We are on it');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.locator('.timeline .event[data-kind="first_response"]')).toBeVisible();

  // The next clock is now the progress update, everywhere.
  await expect(row).toHaveText('Progress update', { timeout: 1_000 });
  await expect(card).toHaveText('Progress update', { timeout: 1_000 });
  expect(reloads).toBe(0);
  await colleague.close();
  await wallContext.close();
});

test('the wall says when it lost the desk, reconnects by itself and replays what it missed', async ({
  page,
  baseURL,
  server,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  await createAccount(baseURL!, 'lead', 'lead');
  await signIn(page, 'lead');
  await page.goto('/wall');
  const wall = page.locator('.wall');
  await expect(wall).toHaveAttribute('data-connection', 'live');
  await expect(page.locator('.card')).toHaveCount(0);

  // The server goes away; a ticket is registered the moment it is back,
  // before the wall has reconnected.
  await restartServer(server, async () => {
    await expect(page.locator('.wall-banner')).toContainText('Disconnected since');
  });
  const api = await apiAs(baseURL!, 'agent');
  expect((await api.post('/api/v1/tickets', { data: p0Report() })).status()).toBe(201);
  await api.dispose();

  // The wall resumes from the last entry it saw and shows the new ticket.
  await expect(page.locator('.card[data-number="FL-00001"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.wall-banner')).toHaveCount(0);
  await expect(wall).toHaveAttribute('data-connection', 'live');
});

test('two agents on one ticket see each other, and who is editing', async ({ page, browser, baseURL }) => {
  await createAccount(baseURL!, 'li.na', 'agent');
  await openNewTicket(page, baseURL!);

  const other = await browser.newContext({ baseURL });
  const second = await other.newPage();
  await signIn(second, 'li.na');
  await second.goto('/tickets/FL-00001');
  await waitForHydration(second);
  await expect(page.locator('.presence')).toContainText('Also here: li.na');
  await expect(second.locator('.presence')).toContainText('Also here: agent');

  await second.getByLabel('Message, note or summary').click();
  await expect(page.locator('.presence .editing')).toHaveText('li.na is editing');
  // Leaving the ticket for the queue says goodbye at once.
  await second.locator('.site-header nav').getByRole('link', { name: 'Queue' }).click();
  await expect(second).toHaveURL(/\/$/);
  await expect(page.locator('.presence')).toHaveCount(0, { timeout: 5_000 });
  await other.close();
});
