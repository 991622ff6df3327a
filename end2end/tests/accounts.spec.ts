import { test, expect, PASSWORD, signIn } from './fixtures';

test.describe('with JavaScript', () => {
  test('from a fresh install to a signed-in agent: the admin creates the account', async ({ page }) => {
    // Nothing is reachable before signing in.
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?next=\//);

    await signIn(page, 'admin');
    await page.goto('/team');
    const form = page.getByRole('form', { name: 'New account' });
    // The page's own code loads before it comes to life: wait for it, as
    // the status line below is written by the browser.
    await expect(form).toHaveAttribute('data-hydrated', 'true');
    await form.getByLabel('Login').fill('wang.fang');
    await form.getByLabel('Name').fill('Wang Fang');
    await form.getByLabel('Role').selectOption('agent');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('status')).toContainText('Created the account wang.fang.');
    await expect(page.locator('tr[data-login="wang.fang"]')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    await signIn(page, 'wang.fang');
    await expect(page.locator('.account .who')).toContainText('Wang Fang');
    await page.getByRole('link', { name: 'New ticket' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Register a fault');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/intake');
    await expect(page).toHaveURL(/\/login\?next=/);
  });

  test('a wrong password shows a clear error', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong login or password.');
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a wrong password shows a clear error', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong login or password.');
  });

  test('signing in comes back to the page asked for, and signing out leaves', async ({ page }) => {
    await page.goto('/team');
    await expect(page).toHaveURL(/\/login\?next=%2Fteam|\/login\?next=\/team/);
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/team$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Team');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });
});
