import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createApp, type ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { testConfig } from '../support/app.js';
import { chromiumAvailable, launchChromium, screenshot } from '../support/browser.js';
import { login, PASSWORD, seedCounty, type TestCounty } from '../support/factories.js';
import { sampleStepData } from '@shuping/contracts';

const run = chromiumAvailable() ? describe : describe.skip;
const plan = JSON.parse(readFileSync('workflows/township-plan-2017.json', 'utf8')) as Record<
  string,
  unknown
>;
const haiyan = JSON.parse(readFileSync('workflows/haiyan-topic-assigned.json', 'utf8')) as Record<
  string,
  unknown
>;

const SECTIONS: [string, string][] = [
  [
    '履职情况',
    '今年以来，村党支部认真落实“三会一课”制度，全年召开支部党员大会十二次，上党课四次，发展党员两名。',
  ],
  [
    '存在的问题和原因分析',
    '一是党员教育管理方式单一，流动党员参加组织生活不经常；二是村级集体经济收入偏低，原因是产业基础薄弱。',
  ],
  [
    '下一步工作措施',
    '一要建立流动党员微信群，按月开展线上学习；二要依托合作社发展特色种植，力争集体经济收入突破十万元。',
  ],
];

run('work inbox in the browser: one village through the 2017 township plan', () => {
  let shuping: ShupingApp;
  let browser: Browser;
  let baseUrl: string;
  let c: TestCounty;
  let instanceId: string;
  let ids: Map<string, string>;
  const errors: string[] = [];

  const state = async () =>
    (
      await shuping.db.dataSource.query<{ current_states: string[] }[]>(
        `SELECT current_states FROM process_instance WHERE id = $1`,
        [instanceId],
      )
    )[0].current_states;

  /** A fresh browser session signed in as `username`, on the inbox. */
  async function signIn(username: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${username}: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 4'))
        errors.push(`${username}: ${m.text()}`);
    });
    await page.goto(`${baseUrl}/inbox`, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    return page;
  }

  /** Opens the task of a step from the inbox list. */
  async function openTask(page: Page, title: string): Promise<void> {
    await page.getByRole('link', { name: title }).first().click();
    await page.getByRole('tab', { name: '办理' }).waitFor();
  }

  async function expectState(expected: string[]): Promise<void> {
    for (let i = 0; i < 50 && JSON.stringify(await state()) !== JSON.stringify(expected); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await state()).toEqual(expected);
  }

  beforeAll(async () => {
    shuping = await createApp(
      testConfig({ WEB_DIST_DIR: 'apps/web/dist', TIMER_POLL_INTERVAL_MS: '3600000' }),
    );
    await shuping.app.listen(0, '127.0.0.1');
    const { port } = shuping.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    c = await seedCounty(shuping.app, 'web7', 2);
    const setup = shuping.app.get(CountySetupService);
    for (const i of [1, 2, 3]) {
      await setup.createUser({
        username: `web7-panel${i}`,
        displayName: `评议组成员${i}`,
        password: PASSWORD,
        countyId: c.county.id,
        orgUnitId: c.township.id,
        roles: [{ role: 'rater', orgUnitId: c.township.id, raterGroup: 'panel' }],
      });
    }
    ids = await setup.installTemplates(c.county.id, [
      { file: 'township-plan-2017.json', document: plan },
      { file: 'haiyan-topic-assigned.json', document: haiyan },
    ]);
    const admin = await login(shuping.app, c.users.admin);
    const launched = await request(shuping.app.getHttpServer())
      .post('/api/campaigns')
      .set('authorization', admin)
      .send({
        name: '2017年度党支部书记述职评议',
        definitionId: ids.get('township-plan-2017'),
        scopeOrgId: c.villages[0].id,
        orgKinds: ['village'],
      })
      .expect(202);
    await shuping.app.get(CampaignLauncher).start(launched.body.id as string);
    [{ id: instanceId }] = await shuping.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM process_instance WHERE campaign_id = $1`,
      [launched.body.id],
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shuping?.close();
  });

  it('writes, speaks, critiques, rates 一般, talks, and rectifies three lists item by item', async () => {
    // 调研: the town secretary records the research visit.
    let xiang = await signIn(c.users.township);
    await xiang.getByRole('link', { name: '深入调研摸清情况' }).waitFor();
    await screenshot(xiang, 'inbox-list');
    await openTask(xiang, '深入调研摸清情况');
    await xiang.getByRole('checkbox', { name: '走访党员群众' }).check();
    await xiang.getByLabel('调研情况').fill('走访党员群众二十人，查阅三会一课记录。');
    await screenshot(xiang, 'inbox-investigate');
    await xiang.getByRole('button', { name: '提 交' }).click();
    await expectState(['reportWriting']);

    // 撰写述职报告: errors first, then the three sections with their counts.
    const cun = await signIn(c.users.villages[0]);
    await openTask(cun, '认真撰写述职报告');
    await cun.getByRole('button', { name: '提 交' }).click();
    await cun.getByText('请撰写「履职情况」部分').waitFor();
    await screenshot(cun, 'inbox-report-errors');
    for (const [title, text] of SECTIONS) await cun.getByLabel(title, { exact: true }).fill(text);
    await cun.getByText(/^全文 \d+ 字/).waitFor();
    await screenshot(cun, 'inbox-report');
    await cun.getByRole('button', { name: '提 交' }).click();
    await expectState(['speaking']);

    // 现场述职: the meeting order and the big countdown (7 minutes).
    await cun.goto(`${baseUrl}/inbox`, { waitUntil: 'networkidle' });
    await openTask(cun, '现场述职');
    const countdown = cun.getByTestId('countdown');
    expect(await countdown.textContent()).toBe('07:00');
    await cun.getByRole('button', { name: '开始计时' }).click();
    await cun
      .getByTestId('countdown')
      .filter({ hasText: /^06:5\d$/ })
      .waitFor();
    await cun.getByRole('button', { name: '结束述职' }).click();
    await cun.getByText(/用时 00:0\d，未超时/).waitFor();
    await screenshot(cun, 'inbox-speaking');
    await cun.getByRole('button', { name: '提交述职记录' }).click();
    await expectState(['critique']);

    // 点评
    await xiang.goto(`${baseUrl}/inbox`, { waitUntil: 'networkidle' });
    await openTask(xiang, '镇党委书记点评');
    await xiang.getByLabel('点评意见').fill('成绩总结实在，问题查摆不够深入，整改措施要量化到月。');
    await screenshot(xiang, 'inbox-critique');
    await xiang.getByRole('button', { name: '提 交' }).click();
    await expectState(['rating']);

    // 现场测评: three raters vote; the round closes itself with the third ballot.
    for (const [i, grade] of [
      [1, '一般'],
      [2, '一般'],
      [3, '较好'],
    ] as const) {
      const rater = await signIn(`web7-panel${i}`);
      await openTask(rater, '现场测评');
      await rater.getByText(`${i - 1} / 3`).waitFor();
      await rater.locator('.ant-radio-button-wrapper', { hasText: grade }).click();
      if (i === 1) await screenshot(rater, 'inbox-rating');
      await rater.getByRole('button', { name: '投 票' }).click();
      if (i < 3) await rater.getByText('您已投票，感谢参与。').waitFor();
      await rater.context().close();
    }
    await expectState(['aggregation']);

    // 汇总反馈: the grade comes pre-filled from the ballots.
    await xiang.goto(`${baseUrl}/inbox`, { waitUntil: 'networkidle' });
    await openTask(xiang, '镇党建办汇总反馈');
    await xiang.getByText('测评结果：一般（收回 3 票）').waitFor();
    await xiang.getByLabel('反馈意见').fill('综合评价为一般，由镇党委约谈。');
    await screenshot(xiang, 'inbox-aggregation');
    await xiang.getByRole('button', { name: '提 交' }).click();
    await expectState(['talk']);

    // 约谈
    await xiang.goto(`${baseUrl}/inbox`, { waitUntil: 'networkidle' });
    await openTask(xiang, '镇党委约谈');
    await xiang.getByLabel('约谈人和被约谈人').fill('镇党委书记、村党支部书记');
    await xiang
      .getByLabel('约谈记录')
      .fill('指出党员管理和集体经济两方面问题，要求三十天内完成整改。');
    await screenshot(xiang, 'inbox-talk');
    await xiang.getByRole('button', { name: '提 交' }).click();
    await expectState(['rectification']);

    // 三张清单: the village lists one item per list with evidence.
    await cun.goto(`${baseUrl}/inbox`, { waitUntil: 'networkidle' });
    await openTask(cun, '三张清单逐项整改');
    for (const list of ['问题清单', '责任清单', '整改清单']) {
      await cun.getByRole('button', { name: `添加到${list}` }).click();
      await cun.getByLabel('事项内容').fill(`${list}：流动党员组织生活不经常`);
      await cun.getByLabel('责任人', { exact: true }).fill('村党支部书记');
      await cun.getByLabel('完成时限').fill('2030-01-31');
      await cun.getByLabel('完成时限').press('Enter');
      await cun
        .getByLabel('整改佐证', { exact: true })
        .fill('已建立流动党员微信群，按月开展线上学习。');
      await cun.getByRole('button', { name: '保存事项' }).click();
      // Saved once the page has reloaded the task: the editor closes (its text area shows the
      // same text until then, so the item's text alone would be found too early).
      await cun.getByLabel('事项内容').waitFor({ state: 'detached' });
      await cun.getByText(`${list}：流动党员组织生活不经常`).waitFor();
    }
    await cun.getByText('待验收').nth(2).waitFor();
    await cun.getByRole('button', { name: '提交整改情况' }).click();
    await cun.getByText('该项尚未经上级验收').first().waitFor();
    await screenshot(cun, 'inbox-rectification');

    // The town verifies item by item.
    await xiang.close();
    xiang = await signIn(c.users.township);
    const rectification = (
      await shuping.db.dataSource.query<{ id: string }[]>(
        `SELECT id FROM task WHERE instance_id = $1 AND task_key = 'rectification'`,
        [instanceId],
      )
    )[0].id;
    await xiang.goto(`${baseUrl}/inbox/tasks/${rectification}`, { waitUntil: 'networkidle' });
    for (let i = 0; i < 3; i++) {
      await xiang.getByRole('button', { name: '验收通过' }).first().click();
      await xiang.getByText('已验收').nth(i).waitFor();
    }
    await screenshot(xiang, 'inbox-rectification-verified');

    await cun.reload({ waitUntil: 'networkidle' });
    await cun.getByRole('button', { name: '提交整改情况' }).click();
    await expectState(['resultApplication']);

    // History and diagram of the instance; the list on a phone.
    await cun.getByRole('tab', { name: '流转记录' }).click();
    await cun
      .getByText(/提交 · .* → resultApplication/)
      .first()
      .waitFor();
    await screenshot(cun, 'inbox-history');
    const phone = await signIn(c.users.township, { width: 390, height: 844 });
    await phone.getByText('强化结果运用').first().waitFor();
    await screenshot(phone, 'inbox-mobile');
    expect(errors).toEqual([]);
  }, 180_000);

  it('takes topic proposals and votes on the public page, and the staff choose the topic', async () => {
    const server = shuping.app.getHttpServer();
    const admin = await login(shuping.app, c.users.admin);
    const launched = await request(server)
      .post('/api/campaigns')
      .set('authorization', admin)
      .send({
        name: '点题述职',
        definitionId: ids.get('haiyan-topic-assigned'),
        scopeOrgId: c.villages[1].id,
        orgKinds: ['village'],
      })
      .expect(202);
    await shuping.app.get(CampaignLauncher).start(launched.body.id as string);
    const xiangToken = await login(shuping.app, c.users.township);
    const open = async (key: string) =>
      (
        await shuping.db.dataSource.query<{ id: string; form_settings: unknown }[]>(
          `SELECT id, form_settings FROM task WHERE campaign_id = $1 AND task_key = $2 AND status IN ('open','claimed')`,
          [launched.body.id, key],
        )
      )[0];
    for (const key of ['nominate', 'investigate']) {
      const t = await open(key);
      await request(server)
        .post(`/api/tasks/${t.id}/complete`)
        .set('authorization', xiangToken)
        .send({ data: sampleStepData({ kind: key, settings: t.form_settings }) })
        .expect(200);
    }
    const topicTask = await open('topicSelection');
    const round = await request(server)
      .get(`/api/tasks/${topicTask.id}/topics`)
      .set('authorization', xiangToken)
      .expect(200);

    // The public page: no login, phone-sized.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`public: ${error.message}`));
    await page.goto(`${baseUrl}/notices/topics/${round.body.id as string}`, {
      waitUntil: 'networkidle',
    });
    await page.getByRole('heading', { name: /群众点题/ }).waitFor();
    await page.getByLabel('建议的述职题目').fill('如何盘活村集体闲置资产，增加集体经济收入？');
    await page.getByLabel('手机号或身份证号').first().fill('13812345678');
    await page.getByRole('button', { name: '提交题目' }).click();
    await page.getByText('题目已提交，感谢参与！').waitFor();
    await page.getByLabel('建议的述职题目').fill('再提一个题目试试看');
    await page.getByLabel('手机号或身份证号').first().fill('138 1234 5678');
    await page.getByRole('button', { name: '提交题目' }).click();
    await page.getByText(/每人每轮只能提一个题目/).waitFor();
    await page.getByRole('button', { name: '支 持' }).first().click();
    await page.getByRole('dialog').getByLabel('手机号或身份证号').fill('13987654321');
    await page.getByRole('dialog').getByRole('button', { name: '提 交' }).click();
    await page.getByText('1 人支持').waitFor();
    await screenshot(page, 'inbox-topic-public');
    await context.close();

    // The staff choose the most supported topic as the step's data.
    const xiang = await signIn(c.users.township);
    await xiang.goto(`${baseUrl}/inbox/tasks/${topicTask.id}`, { waitUntil: 'networkidle' });
    await xiang.getByRole('radio', { name: '如何盘活村集体闲置资产，增加集体经济收入？' }).check();
    await screenshot(xiang, 'inbox-topics');
    await xiang.getByRole('button', { name: '确定述职题目' }).click();
    await xiang.getByText('已提交，流程已推进').waitFor();
    const [done] = await shuping.db.dataSource.query<{ form_data: Record<string, unknown> }[]>(
      `SELECT form_data FROM task WHERE id = $1`,
      [topicTask.id],
    );
    expect(done.form_data).toMatchObject({
      topic: '如何盘活村集体闲置资产，增加集体经济收入？',
      support: 1,
    });
    expect(errors).toEqual([]);
  }, 120_000);
});
