import type { AddressInfo } from 'node:net';
import { nationalCalendar, toChinaLocalDate } from '@shuping/engine';
import type { Browser, Page } from 'playwright-core';
import { createApp, type ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { testConfig } from '../support/app.js';
import { chromiumAvailable, launchChromium, screenshot } from '../support/browser.js';
import { PASSWORD, seedCounty, type TestCounty } from '../support/factories.js';

const run = chromiumAvailable() ? describe : describe.skip;

const HEADER = '组织编码*,组织名称*,组织类型*,上级组织编码,书记姓名,书记手机号,书记登录名';
const csv = (rows: string[]) => Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
const BAD = csv([
  'XC,新城镇,乡镇,,周新城,13900000001,',
  'XC-01,新一村,村,XC,,,',
  'XC-01,新二村,村,XC,,,',
  'XC-03,新三村,村,NOPE,,,',
  'XC-04,新四村,村,XC,吴四,1390000,',
]);
const GOOD = csv([
  'XC,新城镇,乡镇,,周新城,13900000001,',
  'XC-01,新一村,村,XC,,,',
  'XC-02,新二村,村,XC,郑二,13900000002,',
  'XC-03,新三社区,社区,XC,王三,13900000003,',
  'XC-04,新四村,村,XC,吴四,13900000004,',
]);

/** The next national working day after today (China time), as shown in the calendar. */
function nextWorkingDay(): string {
  for (let i = 1; ; i++) {
    const date = toChinaLocalDate(new Date(Date.now() + i * 86_400_000));
    if (nationalCalendar.isWorkingDay(date)) return date;
  }
}

run('administration in the browser', () => {
  let shuping: ShupingApp;
  let browser: Browser;
  let baseUrl: string;
  let county: TestCounty;

  beforeAll(async () => {
    shuping = await createApp(testConfig({ WEB_DIST_DIR: 'apps/web/dist' }));
    await shuping.app.listen(0, '127.0.0.1');
    const { port } = shuping.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    county = await seedCounty(shuping.app, 'adm', 1);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shuping?.close();
  });

  /**
   * Picks a person in a dialog's search field. The list answers each search after a pause, so
   * under load an option can be replaced as it is clicked: the pick is tried again then.
   */
  const pickPerson = async (page: Page, label: string, username: string) => {
    const dialog = page.getByRole('dialog');
    for (let attempt = 0; ; attempt++) {
      await dialog.getByLabel(label).click();
      // The search text afresh each time (fill replaces what an earlier attempt left).
      await dialog.getByLabel(label).fill(username);
      await page.locator('.ant-select-item-option').filter({ hasText: username }).first().click();
      try {
        // The choice is shown in the field before the dialog is confirmed.
        await dialog
          .locator('.ant-select')
          .filter({ hasText: username })
          .first()
          .waitFor({ timeout: 5000 });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };

  it('imports a tree, appoints a secretary, sets a stand-in and adds a county holiday', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${baseUrl}/admin`, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill(county.users.admin);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.waitForURL(`${baseUrl}/admin/orgs`);
    const tree = page.getByRole('tree');
    await tree.getByText(county.township.name, { exact: true }).waitFor();

    // Import: a file with three bad rows is refused row by row, the fixed file goes in.
    await page.getByRole('button', { name: '导入组织架构' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('下载 Excel 模板').waitFor();
    const input = drawer.locator('input[type=file]');
    await input.setInputFiles({ name: '新城镇.csv', mimeType: 'text/csv', buffer: BAD });
    await drawer.getByText('文件有错误，请修改后重新上传').waitFor();
    await drawer.getByRole('tab', { name: '错误（3）' }).waitFor();
    for (const code of ['DUPLICATE_CODE', 'UNKNOWN_PARENT', 'BAD_PHONE'])
      await drawer.getByText(code, { exact: true }).waitFor();
    expect(await drawer.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await screenshot(page, 'admin-import-errors');

    await input.setInputFiles({ name: '新城镇.csv', mimeType: 'text/csv', buffer: GOOD });
    await drawer.getByText('文件检查通过，可以导入').waitFor();
    await drawer.getByText('新三社区').waitFor();
    await screenshot(page, 'admin-import-preview');
    await drawer.getByRole('button', { name: '确认导入' }).click();
    await drawer.getByText('已导入 5 个组织、4 名书记账号').waitFor();
    const download = page.waitForEvent('download');
    await drawer.getByRole('button', { name: '为新账号生成一次性密码并下载' }).click();
    expect((await download).suggestedFilename()).toMatch(/^一次性密码-.*\.csv$/);
    await drawer.getByText('已生成 4 个一次性密码').waitFor();
    await screenshot(page, 'admin-import-done');
    await page.locator('.ant-drawer-close').click();

    // Appoint the secretary of the village that has none.
    await page.getByLabel('搜索组织名称或编码').fill('新一村');
    await tree.getByText('新一村', { exact: true }).click();
    await page.getByRole('button', { name: '任命书记' }).click();
    await pickPerson(page, '人员', county.users.raters[0]);
    await page.getByRole('dialog').getByRole('button', { name: '确 定' }).click();
    await page.locator('.ant-descriptions').getByText(county.users.raters[0]).waitFor();
    await page.getByLabel('搜索组织名称或编码').fill('');
    await tree.getByText('新城镇', { exact: true }).waitFor();
    await screenshot(page, 'admin-secretary');

    // A stand-in for the township secretary while away.
    const nav = page.getByRole('menu', { name: '管理' });
    await nav.getByText('人员与角色', { exact: true }).click();
    await page.getByLabel('搜索').fill(county.users.township);
    await page.getByLabel('搜索').press('Enter');
    await page.getByRole('cell', { name: county.users.township, exact: true }).first().click();
    const userDrawer = page.locator('.ant-drawer');
    await userDrawer.getByRole('button', { name: '设置代理' }).click();
    await pickPerson(page, '代理人', county.users.supervisor);
    await page.getByRole('dialog').getByLabel('事由').fill('赴省委党校学习');
    await page.getByRole('dialog').getByRole('button', { name: '确 定' }).click();
    await userDrawer.getByText('赴省委党校学习').waitFor();
    await screenshot(page, 'admin-stand-in');
    await page.locator('.ant-drawer-close').click();
    await nav.getByText('代理', { exact: true }).click();
    await page.getByRole('cell', { name: '赴省委党校学习' }).waitFor();

    // A county holiday on the next working day.
    const holiday = nextWorkingDay();
    await nav.getByText('工作日历', { exact: true }).click();
    if (holiday.slice(0, 7) !== toChinaLocalDate(new Date()).slice(0, 7)) {
      // Not shown in this month's panel: move to the next month.
      await page.locator('.ant-picker-calendar-header .ant-select').nth(1).click();
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: `${Number(holiday.slice(5, 7))}月` })
        .click();
    }
    await page.locator(`td[title="${holiday}"]`).click();
    const dayDialog = page.getByRole('dialog');
    await dayDialog.getByText(`设置 ${holiday}`).waitFor();
    await dayDialog.getByLabel('备注').fill('县庆');
    await dayDialog.getByRole('button', { name: '保 存' }).click();
    await page.getByRole('cell', { name: holiday }).waitFor();
    await page.getByRole('cell', { name: '县庆' }).waitFor();
    await screenshot(page, 'admin-calendar');

    // Everything above is in the audit log.
    await nav.getByText('审计日志', { exact: true }).click();
    for (const action of ['org.import', 'org.secretary_appoint', 'stand_in.create', 'calendar.set'])
      await page.getByText(action, { exact: true }).first().waitFor();
    await screenshot(page, 'admin-audit');

    const db = shuping.db.dataSource;
    const [override] = await db.query<{ kind: string; note: string }[]>(
      `SELECT kind, note FROM county_calendar_day WHERE county_id = $1 AND day = $2`,
      [county.county.id, holiday],
    );
    expect(override).toEqual({ kind: 'holiday', note: '县庆' });
    const standIns = await db.query<{ role: string }[]>(
      `SELECT r.role FROM role_assignment r JOIN app_user u ON u.id = r.user_id
        WHERE u.username = $1 AND r.stand_in_for IS NOT NULL`,
      [county.users.supervisor],
    );
    expect(standIns).toEqual([{ role: 'township_secretary' }]);
    const [secretary] = await db.query<{ name: string }[]>(
      `SELECT o.name FROM role_assignment r JOIN org_unit o ON o.id = r.org_unit_id
         JOIN app_user u ON u.id = r.user_id
        WHERE u.username = $1 AND r.role = 'village_secretary'`,
      [county.users.raters[0]],
    );
    expect(secretary.name).toBe('新一村');
    expect(errors).toEqual([]);
  });

  it('makes a person with a one-time password set their own before anything else', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const otp = (
      await shuping.db.dataSource.query<{ id: string }[]>(
        `SELECT id FROM app_user WHERE username = '13900000002'`,
      )
    )[0];
    expect(otp).toBeDefined();
    // An administrator resets the password of an imported secretary over the api.
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: county.users.admin, password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const reset = await fetch(`${baseUrl}/api/admin/users/${otp.id}/reset-password`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const { oneTimePassword } = (await reset.json()) as { oneTimePassword: string };

    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill('13900000002');
    await page.getByLabel('密码').fill(oneTimePassword);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByText('请先修改一次性密码').waitFor();
    await page.getByLabel('当前密码').fill(oneTimePassword);
    await page.getByLabel('新密码（至少 8 位，含字母和数字）').fill('mima-2025a');
    await page.getByLabel('再次输入新密码').fill('mima-2025a');
    await screenshot(page, 'admin-first-login');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByRole('menu', { name: '主导航' }).waitFor();
    await page.getByText('请先修改一次性密码').waitFor({ state: 'detached' });
  });
});
