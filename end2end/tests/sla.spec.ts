import { test, expect, apiAs, createAccount, p0Report, signIn, waitForHydration } from './fixtures';
import type { Locator } from '@playwright/test';

/** Seconds in a countdown's text: "Due in 1h 05m 09s", "Overdue by 4m 30s" (negative). */
function countdownSeconds(text: string): number {
  const units: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+)([dhms])/g)) total += Number(value) * units[unit];
  return /overdue/i.test(text) ? -total : total;
}

async function readCountdown(countdown: Locator): Promise<number> {
  return countdownSeconds((await countdown.textContent()) ?? '');
}

test('R12: with the browser clock an hour ahead, the ticket countdown shows the server remaining time', async ({
  page,
  baseURL,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  const api = await apiAs(baseURL!, 'agent');
  const created = await api.post('/api/v1/tickets', { data: p0Report() });
  expect(created.status(), await created.text()).toBe(201);

  // The browser's clock runs one hour ahead of the server's from the first page on.
  await page.clock.install({ time: Date.now() + 3_600_000 });
  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  const browserAhead = (await page.evaluate(() => Date.now())) - Date.now();
  expect(browserAhead).toBeGreaterThan(3_590_000);

  const countdown = page.locator('li.clock[data-clock="response"] .countdown');
  await expect(countdown).toHaveAttribute('data-tone', 'ok');
  // The countdown is live: it ticks in the browser, not only in the served page.
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first ?? '', { timeout: 3_000 });

  for (let sample = 0; sample < 3; sample++) {
    const before = await readCountdown(countdown);
    const clocks = await api.get('/api/v1/tickets/FL-00001/clocks');
    expect(clocks.status()).toBe(200);
    const after = await readCountdown(countdown);
    const response = (await clocks.json()).clocks.find((c: { name: string }) => c.name === 'response');
    // About 29 minutes left on a 30-minute P0 target, never 29 minutes minus the browser's hour.
    expect(response.remaining_seconds).toBeGreaterThan(25 * 60);
    expect(response.remaining_seconds).toBeLessThanOrEqual(before + 1);
    expect(response.remaining_seconds).toBeGreaterThanOrEqual(after - 1);
    // The next sample at the next tick.
    const shown = await countdown.textContent();
    await expect(countdown).not.toHaveText(shown ?? '', { timeout: 3_000 });
  }
  await api.dispose();
});

test('R12: a P0 passes its warning and its breach live in the queue', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await createAccount(baseURL!, 'lead', 'lead');
  await createAccount(baseURL!, 'agent', 'agent');

  // A lead shortens the P0 response target to one minute; warnings come at 80 %, after 48 s.
  const lead = await apiAs(baseURL!, 'lead');
  const current = await (await lead.get('/api/v1/sla/policy')).json();
  const policy = { ...current.current, response_minutes: [1, ...current.current.response_minutes.slice(1)] };
  const saved = await lead.post('/api/v1/sla/policy', {
    data: { based_on: current.current.version, policy, note: 'A one-minute P0 target for the drill' },
  });
  expect(saved.status(), await saved.text()).toBe(201);
  await lead.dispose();

  // Reported 38 s ago: 10 s before the warning, 22 s before the breach.
  const agent = await apiAs(baseURL!, 'agent');
  const created = await agent.post('/api/v1/tickets', { data: p0Report(new Date(Date.now() - 38_000)) });
  expect(created.status(), await created.text()).toBe(201);

  await signIn(page, 'agent');
  await page.goto('/');
  const row = page.locator('tr.queue-row[data-number="FL-00001"]');
  const countdown = row.locator('.countdown');
  // A screen reader hears the breach once, not every tick: the ticking text
  // is no live region, and the row's polite live region stays empty until then.
  const announced = row.locator('[role="status"][aria-live="polite"]');
  await expect(countdown).toHaveAttribute('data-tone', 'ok');
  await expect(row).not.toHaveClass(/breached/);
  await expect(announced).toHaveText('');
  expect(await countdown.evaluate((e) => e.closest('[aria-live]'))).toBeNull();

  await expect(countdown).toHaveAttribute('data-tone', 'warning', { timeout: 20_000 });
  await expect(countdown).toHaveText(/^due in \d+s$/i);

  await expect(countdown).toHaveAttribute('data-tone', 'breached', { timeout: 25_000 });
  await expect(row).toHaveClass(/breached/);
  await expect(countdown).toHaveText(/^overdue by \d+s$/i);
  await expect(announced).toHaveText('Ticket FL-00001, Response: deadline passed');

  // The server's scheduler has recorded the same breach.
  await expect
    .poll(
      async () => {
        const clocks = await (await agent.get('/api/v1/tickets/FL-00001/clocks')).json();
        return clocks.clocks.find((c: { name: string }) => c.name === 'response').state;
      },
      { timeout: 15_000 },
    )
    .toBe('breached');
  await agent.dispose();
});

test('R03: a calendar in a zone the browser holds no rules for counts down to the server due time', async ({
  page,
  baseURL,
}) => {
  await createAccount(baseURL!, 'lead', 'lead');
  await createAccount(baseURL!, 'agent', 'agent');

  // Lord Howe Island moves its clocks by half an hour. The browser has no
  // zone database: it counts with the offsets the server sends with the page.
  const zone = 'Australia/Lord_Howe';
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
  );
  // One working hour a day, not the present one: the clock counts from the next opening.
  const start = hour <= 11 ? hour + 3 : hour - 8;
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const day = { start: hh(start), end: hh(start + 1) };
  const calendar = {
    time_zone: zone,
    week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays: [],
  };
  const lead = await apiAs(baseURL!, 'lead');
  const current = await (await lead.get('/api/v1/sla/policy')).json();
  const policy = { ...current.current, calendars: [calendar, ...current.current.calendars.slice(1)] };
  const saved = await lead.post('/api/v1/sla/policy', {
    data: { based_on: current.current.version, policy, note: 'P0 on Lord Howe Island working hours' },
  });
  expect(saved.status(), await saved.text()).toBe(201);
  await lead.dispose();

  const agent = await apiAs(baseURL!, 'agent');
  const created = await agent.post('/api/v1/tickets', { data: p0Report() });
  expect(created.status(), await created.text()).toBe(201);
  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);

  const countdown = page.locator('li.clock[data-clock="response"] .countdown');
  // The countdown ticks in the browser: what it shows is the browser's evaluation.
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first ?? '', { timeout: 3_000 });

  const clocks = await (await agent.get('/api/v1/tickets/FL-00001/clocks')).json();
  const response = clocks.clocks.find((c: { name: string }) => c.name === 'response');
  // Counted from the zone rules on the server and from the offsets in the
  // browser, the due time is the same instant: the next opening plus 30 minutes.
  expect(Date.parse((await countdown.getAttribute('datetime')) ?? '')).toBe(Date.parse(response.due_at));
  expect(response.remaining_seconds).toBeGreaterThan(30 * 60);
  const shown = await readCountdown(countdown);
  expect(Math.abs(shown - response.remaining_seconds)).toBeLessThanOrEqual(3);
  await agent.dispose();
});
