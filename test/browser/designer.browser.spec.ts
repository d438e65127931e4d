import type { AddressInfo } from 'node:net';
import { generateLinearDefinition } from '@shuping/engine';
import type { Browser, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { createApp, type ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { testConfig } from '../support/app.js';
import { chromiumAvailable, launchChromium, screenshot } from '../support/browser.js';
import { login, PASSWORD, seedCounty } from '../support/factories.js';

const run = chromiumAvailable() ? describe : describe.skip;

/** Drags a palette item onto the canvas at a point relative to the pane. */
async function dropStep(page: Page, kind: string, x: number, y: number): Promise<void> {
  const item = page.locator(`.sp-palette__item[data-kind="${kind}"]`);
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

function node(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

/** Draws an edge by dragging from the source handle of one node to the target handle of another. */
async function connect(page: Page, source: string, target: string): Promise<void> {
  const edges = page.locator('.react-flow__edge-transition');
  const before = await edges.count();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const from = await node(page, source).locator('.react-flow__handle.source').boundingBox();
    const to = await node(page, target).locator('.react-flow__handle.target').boundingBox();
    if (!from || !to) throw new Error(`handles of ${source} → ${target} not visible`);
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
    try {
      await waitForCount(edges, before + 1, 2000);
      return;
    } catch {
      // A drag lost under load: try again.
    }
  }
  throw new Error(`could not connect ${source} → ${target}`);
}

async function selectNode(page: Page, id: string): Promise<void> {
  await node(page, id).click();
}

/** Picks an option of an antd Select found by its accessible name. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.locator('.ant-select-dropdown:visible').getByText(option, { exact: true }).click();
}

/** Waits for the canvas to stop moving (layout, fit-view animation). */
async function settle(page: Page): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i += 1) {
    await page.waitForTimeout(150);
    const now = (
      await page
        .locator('.react-flow__viewport')
        .evaluateAll((els) => els.map((e) => e.getAttribute('style')))
    ).join('|');
    if (now === last) return;
    last = now;
  }
}

/** Waits until the locator matches exactly `count` elements. */
async function waitForCount(locator: Locator, count: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const actual = await locator.count();
    if (actual === count) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} elements, found ${actual}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function graphShape(page: Page): Promise<{ nodes: string[]; edges: number }> {
  const nodes = await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? '').sort());
  const edges = await page.locator('.react-flow__edge').count();
  return { nodes, edges };
}

run('process designer', () => {
  let shuping: ShupingApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    shuping = await createApp(testConfig({ WEB_DIST_DIR: 'apps/web/dist' }));
    await shuping.app.listen(0, '127.0.0.1');
    const { port } = shuping.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    await seedCounty(shuping.app, 'dz');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shuping?.close();
  });

  it('draws, checks, publishes, reloads and dry-runs a process', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));

    // Sign in as the county administrator and open the designer.
    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill('dz-admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByText('dz-admin', { exact: true }).waitFor();
    await page.getByRole('menu', { name: '主导航' }).getByText('流程设计', { exact: true }).click();
    await page.waitForURL(`${baseUrl}/designer`);
    await page.getByRole('heading', { name: '流程设计' }).waitFor();

    // A new, blank process with an id of our choosing.
    await page.getByRole('button', { name: '新建流程' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('空白流程').click();
    await dialog.getByLabel('流程标识（英文小写，可用连字符）').fill('dz-review');
    await dialog.getByLabel('中文名称').fill('德州述职评议');
    await screenshot(page, 'designer-new');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/designer\/[0-9a-f-]{36}$/);
    await page.locator('.sp-palette').waitFor();

    // Every step kind of the engine is in the palette, with Chinese names.
    for (const label of [
      '党委点名',
      '撰写述职报告',
      '述职',
      '测评',
      '公示',
      '整改',
      '问责',
      '判断',
      '结束',
    ]) {
      await page.getByRole('button', { name: new RegExp(`^${label}：`) }).waitFor();
    }

    // Drag five steps onto the canvas.
    await dropStep(page, 'reportWriting', 120, 120);
    await dropStep(page, 'speaking', 340, 120);
    await dropStep(page, 'rating', 560, 120);
    await dropStep(page, 'decision', 560, 320);
    await dropStep(page, 'talk', 340, 320);
    for (const id of ['reportWriting', 'speaking', 'rating', 'decision', 'talk', 'done']) {
      await node(page, id).waitFor();
    }
    // Undo and redo the last drop from the keyboard.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await waitForCount(node(page, 'talk'), 0);
    await page.keyboard.press('Control+Shift+z');
    await node(page, 'talk').waitFor();
    // Unconnected steps are problems the validator reports.
    await page.getByRole('tab', { name: /问题/ }).click();
    await page.getByText('UNREACHABLE_STATE').first().waitFor();

    // Lay them out, then connect them.
    await page.getByRole('button', { name: '自动布局' }).click();
    await settle(page);
    await connect(page, 'reportWriting', 'speaking');
    await connect(page, 'speaking', 'rating');
    await connect(page, 'rating', 'decision');
    await connect(page, 'decision', 'talk');
    await connect(page, 'decision', 'done');
    await connect(page, 'talk', 'done');
    await waitForCount(page.locator('.react-flow__edge-transition'), 6);
    // Now that the steps are connected, the layout follows the flow from left to right.
    await page.getByRole('button', { name: '自动布局' }).click();
    await settle(page);

    // A working-day deadline on the report.
    await selectNode(page, 'reportWriting');
    await page.getByRole('tab', { name: '步骤属性' }).waitFor();
    await page.getByLabel('办理期限数值').fill('3');
    await page.getByLabel('办理期限数值').press('Enter');
    await choose(page, '办理期限单位', '个工作日');
    await node(page, 'reportWriting').getByText('3个工作日').waitFor();

    // The rating step's grades: 好、一般、差 (no 较好).
    await selectNode(page, 'rating');
    await page.getByRole('checkbox', { name: '较好' }).uncheck();
    expect(await page.getByRole('checkbox', { name: '较好' }).isChecked()).toBe(false);

    // The first branch of the decision has no condition: a problem, marked on the node.
    await page.getByRole('tab', { name: /问题/ }).click();
    const problem = page.getByText('判断的每个分支都需要条件', { exact: false });
    await problem.waitFor();
    await node(page, 'decision').locator('.sp-badge').waitFor();
    await screenshot(page, 'designer-validation-problem');
    // Fix it: open the branch from the problem list and give it a condition from the catalogue.
    await problem.click();
    await page.getByRole('tab', { name: '连线属性' }).waitFor();
    await choose(page, '条件', '等次不高于');
    await choose(page, '等次', '一般');
    await page.getByRole('tab', { name: /问题/ }).click();
    await page.getByText('未发现问题，可以发布').waitFor();
    await waitForCount(node(page, 'decision').locator('.sp-badge'), 0);
    await screenshot(page, 'designer-graph');

    // Publish (saves the draft first).
    await page.getByRole('button', { name: '发布' }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('已发布第1版').waitFor();
    await page.getByText('第1版', { exact: true }).waitFor();
    const before = await graphShape(page);

    // Reload: the same graph comes back from the server.
    await page.reload({ waitUntil: 'networkidle' });
    await node(page, 'decision').waitFor();
    await page.waitForTimeout(300);
    expect(await graphShape(page)).toEqual(before);
    await node(page, 'reportWriting').getByText('3个工作日').waitFor();
    await selectNode(page, 'rating');
    expect(await page.getByRole('checkbox', { name: '较好' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: '好', exact: true }).isChecked()).toBe(true);

    // Dry run to the end: submit each task, rating with grade 好.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.getByRole('button', { name: '试运行' }).click();
    await page.getByText('模拟时间').waitFor();
    for (let i = 0; i < 10; i += 1) {
      if (await page.getByText('已结束', { exact: true }).isVisible()) break;
      const good = page.getByRole('button', { name: /^等次：好（/ });
      if (await good.count()) await good.first().click();
      else
        await page
          .getByRole('button', { name: /^提交（/ })
          .first()
          .click();
      await page.waitForTimeout(150);
    }
    await page.getByText('已结束', { exact: true }).waitFor();
    await waitForCount(node(page, 'done').locator('.sp-node.is-active'), 1);
    await waitForCount(node(page, 'talk').locator('.is-completed'), 0);
    await screenshot(page, 'designer-simulation');
    await page.getByRole('button', { name: '退出试运行' }).click();

    // Change the draft after publishing: the talk gets a deadline.
    await selectNode(page, 'talk');
    await page.getByLabel('办理期限数值').fill('5');
    await page.getByLabel('办理期限数值').press('Enter');
    await node(page, 'talk').getByText('5个工作日').waitFor();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();

    // Versions: the draft compared with version 1 (the talk changed), then version 1 read only.
    await page.getByRole('button', { name: '版本' }).click();
    await page.getByRole('heading', { name: '已发布版本' }).waitFor();
    await page.locator('.sp-diff-list').getByText('约谈').waitFor();
    await page
      .locator('.sp-diff .react-flow__node[data-id="talk"] .change-changed')
      .first()
      .waitFor();
    await settle(page);
    await screenshot(page, 'designer-versions-diff');
    await page
      .getByRole('button', { name: /查\s*看/ })
      .first()
      .click();
    await page.getByText('已发布版本（只读）').waitFor();
    await node(page, 'decision').waitFor();
    await screenshot(page, 'designer-version');

    expect(errors).toEqual([]);
  });

  it('opens a 200-step definition and stays responsive', async () => {
    const auth = await login(shuping.app, 'dz-admin');
    const document = { ...generateLinearDefinition(200), id: 'dz-linear-200' };
    const created = await request(shuping.app.getHttpServer())
      .post('/api/process-definitions')
      .set('authorization', auth)
      .send({ document })
      .expect(201);
    const id = (created.body as { id: string }).id;

    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill('dz-admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByText('dz-admin', { exact: true }).waitFor();

    const started = Date.now();
    await page.goto(`${baseUrl}/designer/${id}`);
    const first = page.locator('.react-flow__node-step').first();
    await first.waitFor();
    const opened = Date.now() - started;
    // Once the view has settled (the first frame may come before the viewport is measured),
    // only the steps on screen are rendered.
    await settle(page);
    expect(await page.locator('.react-flow__node').count()).toBeLessThan(200);

    // Selecting a step and editing its title answers quickly.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const onScreen = await page.locator('.react-flow__node-step').evaluateAll(
      (els, box) =>
        els
          .filter((e) => {
            const r = e.getBoundingClientRect();
            const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
            return (
              x > box.x + 20 && x < box.x + box.width - 20 && y > box.y && y < box.y + box.height
            );
          })
          .map((e) => e.getAttribute('data-id') ?? ''),
      pane,
    );
    const stepId = onScreen[0];
    const editStarted = Date.now();
    await selectNode(page, stepId);
    const title = page.getByLabel('名称（中文）');
    await title.fill('改过的步骤');
    await title.press('Enter');
    await node(page, stepId).getByText('改过的步骤').waitFor();
    const edited = Date.now() - editStarted;
    await page.getByRole('tab', { name: /问题/ }).click();
    await page.getByText('未发现问题，可以发布').waitFor();
    await screenshot(page, 'designer-200-steps');
    console.log(`200 steps: opened in ${opened} ms, edit shown in ${edited} ms`);
    expect(opened).toBeLessThan(10_000);
    expect(edited).toBeLessThan(3_000);
    expect(errors).toEqual([]);
  });

  it('starts a process from a built-in template, with two-way parallel regions', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    await page.getByLabel('用户名').fill('dz-admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByText('dz-admin', { exact: true }).waitFor();
    await page.goto(`${baseUrl}/designer`, { waitUntil: 'networkidle' });

    await page.getByRole('button', { name: '新建流程' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('新野“四个双向”述职评议').click();
    const idField = dialog.getByLabel('流程标识（英文小写，可用连字符）');
    expect(await idField.inputValue()).toBe('xinye-four-two-way');
    await idField.fill('dz-xinye');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/designer\/[0-9a-f-]{36}$/);

    // Parallel blocks with their regions; every step of the template is there.
    await node(page, 'reporting').waitFor();
    await node(page, 'reporting.township.speaking').waitFor();
    await node(page, 'evaluation.upward.rating').waitFor();
    expect(await page.locator('.sp-group--parallel').count()).toBe(3);
    await page.getByRole('tab', { name: /问题/ }).click();
    await page.getByText('未发现问题，可以发布').waitFor();
    await settle(page);
    await screenshot(page, 'designer-template-xinye');

    // The rating of a region, with its grades and rater groups.
    await selectNode(page, 'evaluation.downward.rating');
    await page.getByText('evaluation.downward.rating', { exact: false }).waitFor();
    expect(await page.getByRole('checkbox', { name: '较好' }).isChecked()).toBe(true);
    await screenshot(page, 'designer-rating-panel');

    // Keyboard only: add a step from the palette with Enter, delete it with Delete.
    await page.getByRole('button', { name: /^结果运用：/ }).focus();
    await page.keyboard.press('Enter');
    await node(page, 'resultApplication2').waitFor();
    await node(page, 'resultApplication2').focus();
    await page.keyboard.press('Delete');
    await waitForCount(node(page, 'resultApplication2'), 0);
    // The only end of the process is protected.
    await node(page, 'done').click();
    await page.keyboard.press('Delete');
    await page.getByText('这是唯一的结束节点，不能删除').waitFor();
    await node(page, 'done').waitFor();
    expect(errors).toEqual([]);
  });
});
