import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createApp, type ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { testConfig } from '../support/app.js';
import { chromiumAvailable, launchChromium, screenshot } from '../support/browser.js';
import { PASSWORD, seedCounty } from '../support/factories.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('web shell', () => {
  let shuping: ShupingApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    // The real Vite build (npm test builds it first), served by the api.
    shuping = await createApp(testConfig({ WEB_DIST_DIR: 'apps/web/dist' }));
    await shuping.app.listen(0, '127.0.0.1');
    const { port } = shuping.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    await seedCounty(shuping.app, 'web');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shuping?.close();
  });

  it('signs in, then shows every section in Chinese with no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill('web-admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByText('用户名或密码错误').waitFor();
    await screenshot(page, 'shell-login-error');
    // The browser itself logs the deliberate 401 above; only what follows must be clean.
    errors.length = 0;
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByText('web-admin', { exact: true }).waitFor();
    const nav = page.getByRole('menu', { name: '主导航' });
    for (const label of ['流程设计', '我的待办', '督办', '公示', '管理']) {
      await nav.getByText(label, { exact: true }).waitFor();
    }
    expect(page.url()).toBe(`${baseUrl}/inbox`);
    await screenshot(page, 'shell-inbox');

    await nav.getByText('督办', { exact: true }).click();
    await page.waitForURL(`${baseUrl}/supervision`);
    await page.getByRole('heading', { name: '督办' }).waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Supervision' }).waitFor();
    await screenshot(page, 'shell-supervision-en');

    expect(errors).toEqual([]);
  });

  it('offers a village secretary only what they can use, and says why in Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill('web-cun1');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByText('web-cun1', { exact: true }).waitFor();
    const nav = page.getByRole('menu', { name: '主导航' });
    await nav.getByText('我的待办', { exact: true }).waitFor();
    const labels = (await nav.getByRole('menuitem').allTextContents()).map((l) => l.trim());
    expect(labels).toEqual(['我的待办', '公示', '管理']);

    // The dashboard by its address: the api refuses, and the page says so in Chinese.
    await page.goto(`${baseUrl}/supervision`, { waitUntil: 'networkidle' });
    await page.getByText('督办页面供督查员、组织部门和乡镇（街道）党委书记使用').first().waitFor();
    await screenshot(page, 'shell-supervision-refused');
  });
});
