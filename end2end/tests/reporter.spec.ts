import { test, expect, apiAs, openNewTicket } from './fixtures';

test('R12: the reporter follows the ticket on its status link, with no account and without JavaScript', async ({
  page,
  browser,
  baseURL,
}) => {
  await openNewTicket(page, baseURL!);
  const panel = page.locator('#status-link');
  await expect(panel).toContainText('No status link yet.');
  await panel.getByRole('button', { name: 'Create the status link' }).click();
  const link = panel.getByTestId('status-link');
  await expect(link).toHaveText(/^\/r\/[0-9a-f]{40}$/);
  const path = (await link.textContent())!;

  // The first response is public; a note is not.
  const api = await apiAs(baseURL!, 'agent');
  for (const [version, action] of [
    [1, { action: 'first_response', message: 'We are on it: the payment gateway is being checked' }],
    [2, { action: 'note', text: 'Internal: db01 looks overloaded' }],
  ] as const) {
    const reply = await api.post('/api/v1/tickets/FL-00001/actions', { data: { version, ...action } });
    expect(reply.status(), await reply.text()).toBe(200);
  }

  // A fresh browser with no session, as the reporter has.
  const reporter = await browser.newContext({ baseURL: baseURL!, viewport: { width: 390, height: 844 } });
  const view = await reporter.newPage();
  await view.goto(path);
  await expect(view.locator('h1[data-live="true"]')).toBeVisible();
  await expect(view).toHaveURL(new RegExp(`${path}$`));
  await expect(view.getByRole('heading', { level: 1 })).toHaveText('Report FL-00001');
  await expect(view.locator('.reporter-stages [aria-current="step"]')).toHaveText('Received');
  await expect(view.locator('.public-entries li')).toHaveCount(1);
  await expect(view.locator('.public-entries')).toContainText('We are on it');
  await expect(view.locator('body')).not.toContainText('db01');

  // Progress with a target time shows at once: the page follows the ticket.
  const eta = new Date(Date.now() + 2 * 3600_000);
  const update = await api.post('/api/v1/tickets/FL-00001/actions', {
    data: { version: 3, action: 'progress_update', message: 'A fix is being tested', eta: eta.toISOString() },
  });
  expect(update.status(), await update.text()).toBe(200);
  await api.dispose();
  await expect(view.locator('.public-entries li').first()).toContainText('A fix is being tested');
  await expect(view.locator('.eta')).toContainText('a target, not a promise');
  await reporter.close();

  // Without JavaScript the page reads the same.
  const plain = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const still = await plain.newPage();
  await still.goto(path);
  await expect(still.locator('.public-entries li')).toHaveCount(2);
  await still.goto('/r/' + '0'.repeat(40));
  await expect(still.getByRole('heading', { level: 1 })).toHaveText('This link opens no report');
  await plain.close();
});
