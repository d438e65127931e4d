import type { AddressInfo } from 'node:net';
import { Clock, TimerPoller } from '@shuping/worker';
import type { Browser, Page } from 'playwright-core';
import { createApp, type ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { testConfig } from '../support/app.js';
import { chromiumAvailable, launchChromium, screenshot } from '../support/browser.js';
import { PASSWORD } from '../support/factories.js';
import { completeOpenTask, seedTwoTownships, type World } from '../e2e/supervision-fixtures.js';

const run = chromiumAvailable() ? describe : describe.skip;
const DAY = 24 * 3600 * 1000;
const P = 'wsv';

run('supervision dashboard in the browser', () => {
  let shuping: ShupingApp;
  let browser: Browser;
  let baseUrl: string;
  let w: World;

  beforeAll(async () => {
    // The real Vite build, served by the api; timers are fired by the test, not the poller.
    shuping = await createApp(
      testConfig({ WEB_DIST_DIR: 'apps/web/dist', TIMER_POLL_INTERVAL_MS: '3600000' }),
    );
    await shuping.app.listen(0, '127.0.0.1');
    const { port } = shuping.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    w = await seedTwoTownships(shuping, P);
    // Villages 1, 2 and 4 write their reports at once; villages 3 and 5 do not.
    await completeOpenTask(shuping, `${P}-cun1`, w.villages[0]);
    await completeOpenTask(shuping, `${P}-cun2`, w.villages[1]);
    await completeOpenTask(shuping, `${P}-cun4`, w.villages[3]);
    // Three and a half days later: two reports are overdue.
    shuping.app.get(Clock).advance(3.5 * DAY);
    await shuping.app.get(TimerPoller).tick();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shuping?.close();
  });

  /** The value of an overview statistic card. */
  const stat = (page: Page, id: string) =>
    page.getByTestId(`stat-${id}`).locator('.ant-statistic-content-value');

  it('finds the overdue village, urges it, extends its deadline and sees the count fall', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    await page.goto(`${baseUrl}/supervision`, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill(`${P}-ducha`);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByRole('heading', { name: '督办' }).waitFor();

    // The overview: two overdue reports (villages 3 and 5), across all campaigns.
    await page.getByText('逾期', { exact: true }).first().waitFor();
    await expectText(stat(page, 'overdue'), '2');
    await expectText(stat(page, 'open'), '5');
    await page.locator('canvas').first().waitFor();
    await page.waitForTimeout(800); // the charts' entry animation
    await screenshot(page, 'supervision-overview');

    // Choose the campaign, open the heatmap, expand the county and the eastern township.
    await choose(page, '述职评议批次', `${P}年度述职评议（${P}县）`);
    await page.getByRole('tab', { name: '热力图' }).click();
    await page.waitForURL(/\/supervision\/heatmap\?campaign=/);
    const county = page.locator(`tr[data-org="${P}县"]`);
    await county.getByRole('button', { name: /展开/ }).click();
    const east = page.locator(`tr[data-org="${P}东镇"]`);
    await east.getByRole('button', { name: /展开/ }).click();
    const overdueCell = page.getByRole('button', { name: `${P}村3 撰写述职报告 逾期` });
    await overdueCell.waitFor();
    await screenshot(page, 'supervision-heatmap');

    // Drill into the overdue village.
    await overdueCell.click();
    await page.waitForURL(/\/supervision\/instances\//);
    await page.getByRole('heading', { name: new RegExp(`${P}村3`) }).waitFor();
    const reportRow = page.locator('tr', { hasText: '撰写述职报告' }).filter({
      has: page.getByRole('button', { name: /^催\s*办$/ }),
    });
    await reportRow.getByText(/^逾期 /).waitFor();
    await page.locator('.react-flow__node').first().waitFor();

    // Urge it (催办).
    await reportRow.getByRole('button', { name: /^催\s*办$/ }).click();
    await page.getByText('已催办1项，0项未成功').waitFor();
    await screenshot(page, 'supervision-instance-urged');

    // Extend its deadline by three days, with a reason.
    await reportRow.getByRole('button', { name: /^延\s*期$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '延3天' }).click();
    await dialog.getByLabel('理由').fill('村党支部书记参加防汛抢险，经研究延期三天');
    await screenshot(page, 'supervision-extend-dialog');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('操作成功').first().waitFor();
    await reportRow.getByText(/^剩余 /).waitFor();
    await page.getByRole('cell', { name: '村党支部书记参加防汛抢险，经研究延期三天' }).waitFor();
    await screenshot(page, 'supervision-instance-extended');
    // Opened again, the dialog is empty, and a preset picked at once is kept.
    await reportRow.getByRole('button', { name: /^延\s*期$/ }).click();
    const again = page.getByRole('dialog');
    await again.getByRole('button', { name: '延1天' }).click();
    expect(await again.getByLabel('理由').inputValue()).toBe('');
    expect(await again.getByPlaceholder('请选择日期').inputValue()).not.toBe('');
    await again.getByRole('button', { name: /取\s*消/ }).click();
    await again.waitFor({ state: 'hidden' });

    // Back on the overview, one report is overdue now.
    await page.getByRole('tab', { name: '总览' }).click();
    await expectText(stat(page, 'overdue'), '1');
    await page.waitForTimeout(800);
    await screenshot(page, 'supervision-overview-after');

    // The same change arrives live: village 5 reports late, the count falls to 0 without reload.
    await completeOpenTask(shuping, `${P}-cun5`, w.villages[4]);
    await expectText(stat(page, 'overdue'), '0');

    // The deadlines list with its countdowns, and the supervision records.
    await page.getByRole('tab', { name: '逾期与临期' }).click();
    await page.getByTestId('countdown').first().waitFor();
    await screenshot(page, 'supervision-deadlines');
    // Escalate the first of them (督办) from the list.
    const firstRow = page.locator('.ant-table-row').first();
    await firstRow.getByRole('button', { name: /^督\s*办$/ }).click();
    await page.getByRole('dialog').getByLabel('督办要求').fill('请于明日前完成并书面报告');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await firstRow.getByText('督办中').waitFor();
    await page.getByRole('tab', { name: '督办单' }).click();
    const record = page.locator('.ant-table-row').first();
    await record.getByText(`${P}-ducha`).first().waitFor();
    await record.getByRole('button', { name: /展开/ }).click();
    await page.getByText('督办要求：请于明日前完成并书面报告').waitFor();
    await screenshot(page, 'supervision-escalations');

    expect(errors).toEqual([]);
  });

  it('shows the results with their explanations and publishes them (公示)', async () => {
    for (const [i, score, grade] of [
      [0, 92, '好'],
      [1, 85, '较好'],
      [2, 78, '一般'],
      [3, 88, '好'],
      [4, 70, '一般'],
    ] as const) {
      await shuping.db.dataSource.query(
        `UPDATE process_instance
            SET snapshot = jsonb_set(jsonb_set(snapshot, '{context,facts,score}', to_jsonb($2::numeric)),
                                     '{context,facts,grade}', to_jsonb($3::text)),
                updated_at = now()
          WHERE org_unit_id = $1`,
        [w.villages[i], score, grade],
      );
    }
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    await page.goto(`${baseUrl}/supervision/results?campaign=${w.campaignId}`);
    await page.getByLabel('用户名').fill(`${P}-zzb`);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    const first = page.locator('.ant-table-row', { hasText: `${P}村1` });
    await first.getByText('一类村').waitFor();
    await first.getByRole('button', { name: /展开/ }).click();
    await page
      .getByText(/排名第1/)
      .first()
      .waitFor();
    await screenshot(page, 'supervision-results');

    // 发布公示: the dialog opens with the year's subject and the county's publisher filled in.
    await page.getByRole('button', { name: '发布公示' }).click();
    const dialog = page.getByRole('dialog', { name: '发布考评结果公示' });
    const year = new Date().getFullYear(); // the browser's today, not the server's clock
    await dialog.waitFor();
    expect(await dialog.getByLabel('公示事项').inputValue()).toBe(
      `${year}年度党组织书记抓基层党建工作述职评议考核结果`,
    );
    expect(await dialog.getByLabel('发布单位').inputValue()).toMatch(/^中共.+委组织部$/);
    await dialog.getByLabel('异议受理方式').fill('联系电话：0571-1234567');
    await dialog.getByRole('button', { name: '发布公示' }).click();
    const success = page.locator('.ant-modal-confirm');
    await success
      .locator('.ant-modal-confirm-title')
      .getByText(/^公示已发布，公示期至\d{4}-\d{2}-\d{2}$/)
      .waitFor();
    await success.getByText(/联系电话：0571-1234567/).waitFor();
    await success
      .getByText(new RegExp(`${P}村1`))
      .first()
      .waitFor();

    // The public page lists it; its period ends on its last day at 24:00 (China time).
    await page.goto(`${baseUrl}/notices?county=${w.countyId}`, { waitUntil: 'networkidle' });
    await page
      .getByText(/^\d{4}\/\d{1,2}\/\d{1,2} 24:00$/)
      .first()
      .waitFor();
  });
});

/** Picks an option of an antd Select (the list may still be loading when it first opens). */
async function choose(page: Page, label: string, option: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await page.getByLabel(label).click();
    const item = page.locator('.ant-select-item-option').filter({ hasText: option });
    try {
      await item.waitFor({ timeout: 3000 });
      await item.click();
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Waits until a locator's text is `expected` (live numbers may take a moment). */
async function expectText(
  locator: ReturnType<Page['locator']>,
  expected: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = ((await locator.textContent().catch(() => null)) ?? '').trim();
    if (text === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected "${expected}", still "${text}"`);
}
