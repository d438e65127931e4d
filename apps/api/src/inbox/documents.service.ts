import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { countChars, FORM_LABELS, rectificationLists, reportSections } from '@shuping/contracts';
import type { EngineSnapshot } from '@shuping/engine';
import { Clock } from '@shuping/worker';
import PDFDocument from 'pdfkit';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import { RectificationService } from './rectification.service.js';
import { TaskScopeService, type ScopedTask } from './task-scope.service.js';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** Noto Sans SC (regular and bold), read once; pdfkit embeds only the glyphs a document uses. */
function chineseFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(
      require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    ),
    bold: readFileSync(
      require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
    ),
  };
  return fonts;
}

/** A printable document. */
export interface PrintableDocument {
  fileName: string;
  content: Buffer;
}

type Data = Record<string, unknown>;

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

function chinaDate(date: Date): string {
  const d = new Date(date.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** A small writer over pdfkit: A4, Chinese fonts, headings, labelled fields and paragraphs. */
class Writer {
  readonly doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: '述评', Producer: 'Shuping' },
  });
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(title: string) {
    const f = chineseFonts();
    this.doc.registerFont('cn', f.regular);
    this.doc.registerFont('cn-bold', f.bold);
    this.doc.info.Title = title;
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  title(text: string, sub?: string): this {
    this.doc.font('cn-bold').fontSize(20).fillColor('#c8102e').text(text, { align: 'center' });
    if (sub)
      this.doc
        .moveDown(0.3)
        .font('cn')
        .fontSize(11)
        .fillColor('#333')
        .text(sub, { align: 'center' });
    this.doc.moveDown(1).fillColor('#000');
    return this;
  }

  heading(text: string): this {
    this.doc.moveDown(0.6).font('cn-bold').fontSize(13).text(text).moveDown(0.3);
    return this;
  }

  field(label: string, value: string): this {
    this.doc.font('cn-bold').fontSize(11).text(`${label}：`, { continued: true });
    this.doc.font('cn').text(value || '—');
    return this;
  }

  paragraph(text: string, options: { indent?: boolean; size?: number } = {}): this {
    this.doc
      .font('cn')
      .fontSize(options.size ?? 11)
      .text(text || '—', { indent: options.indent ? 22 : 0, lineGap: 3, align: 'justify' });
    return this;
  }

  signature(lines: string[]): this {
    this.doc.moveDown(2);
    for (const line of lines) this.doc.font('cn').fontSize(11).text(line, { align: 'right' });
    return this;
  }

  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}

/**
 * Printable documents (PDF with Noto Sans SC embedded): the written report (述职报告), the
 * rectification notice (整改通知单) and the supervision order (问责督办单), from the task's
 * submitted data, or its draft while it is being written.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: TaskScopeService,
    private readonly rectification: RectificationService,
    private readonly clock: Clock,
  ) {}

  async forTask(principal: Principal, taskId: string): Promise<PrintableDocument> {
    const task = await this.scope.load(principal, taskId);
    const data = await this.dataOf(task);
    const [campaign] = await this.db.query<{ name: string }[]>(
      `SELECT name FROM campaign WHERE id = $1`,
      [task.campaign_id],
    );
    switch (task.step_kind) {
      case 'reportWriting':
        return this.report(task, data, campaign?.name ?? '');
      case 'rectification':
        return this.rectificationNotice(principal, task, campaign?.name ?? '');
      case 'accountability':
        return this.supervisionOrder(task, data, campaign?.name ?? '');
      default:
        throw new InboxException(InboxErrorCode.NoDocument, 'This step has no printable document');
    }
  }

  private async dataOf(task: ScopedTask): Promise<Data> {
    if (task.form_data) return task.form_data;
    const [draft] = await this.db.query<{ data: Data }[]>(
      `SELECT data FROM task_draft WHERE task_id = $1`,
      [task.id],
    );
    return draft?.data ?? {};
  }

  private async report(task: ScopedTask, data: Data, campaign: string): Promise<PrintableDocument> {
    const sections = (data['sections'] ?? {}) as Record<string, unknown>;
    const w = new Writer('述职报告');
    w.title(
      str(data['title']) || `${task.org_name}党组织书记抓基层党建工作述职报告`,
      `${campaign} · ${task.form_data ? '已提交' : '草稿'}`,
    );
    let total = 0;
    for (const section of reportSections(task.form_settings)) {
      const text = str(sections[section.key]);
      total += countChars(text);
      w.heading(`${section.title.zh}（${countChars(text)}字）`);
      for (const para of text.split(/\n+/)) w.paragraph(para, { indent: true });
    }
    const attachments = await this.db.query<{ file_name: string }[]>(
      `SELECT file_name FROM attachment WHERE id = ANY($1)`,
      [Array.isArray(data['attachments']) ? data['attachments'] : []],
    );
    if (attachments.length > 0) {
      w.heading('附件');
      attachments.forEach((a, i) => w.paragraph(`${i + 1}. ${a.file_name}`));
    }
    w.signature([
      `${task.org_name}党组织书记`,
      `全文共${total}字`,
      chinaDate(task.closed_at ?? this.clock.now()),
    ]);
    return { fileName: `述职报告-${task.org_name}.pdf`, content: await w.finish() };
  }

  private async rectificationNotice(
    principal: Principal,
    task: ScopedTask,
    campaign: string,
  ): Promise<PrintableDocument> {
    const [instance] = await this.db.query<{ snapshot: EngineSnapshot }[]>(
      `SELECT snapshot FROM process_instance WHERE id = $1`,
      [task.instance_id],
    );
    const context = instance.snapshot.context;
    const talk = Object.values(context.results).find(
      (r) => typeof r['rectificationDeadline'] === 'string',
    );
    const items = await this.rectification.forInstance(principal, task.instance_id);
    const issuer = task.parent_name ? `中共${task.parent_name}委员会` : '县委组织部';
    const w = new Writer('整改通知单');
    w.title('整改通知单', `编号：ZG-${task.instance_id.slice(0, 8).toUpperCase()}`);
    w.paragraph(`${task.org_name}党组织：`);
    w.paragraph(
      `根据${campaign}述职评议情况${context.facts.grade ? `（综合评价：${context.facts.grade}）` : ''}，` +
        `现将存在的问题通知你单位，请对照问题清单、责任清单、整改清单逐项抓好整改落实，` +
        `${talk ? `于${str(talk['rectificationDeadline'])}前` : '限期'}完成整改并将整改情况书面报告，整改事项由上级逐项验收。`,
      { indent: true },
    );
    if (talk?.['record']) {
      w.heading('约谈意见');
      w.paragraph(str(talk['record']), { indent: true });
    }
    for (const list of rectificationLists(task.form_settings)) {
      w.heading(FORM_LABELS.lists[list].zh);
      const own = items.filter((i) => i.list === list);
      if (own.length === 0) w.paragraph('（尚未列出）');
      own.forEach((item, i) => {
        const status = { open: '整改中', done: '待验收', verified: '已验收', rejected: '退回整改' }[
          item.status
        ];
        w.paragraph(`${i + 1}. ${item.content}`);
        w.paragraph(`    责任人：${item.owner}    完成时限：${item.deadline}    状态：${status}`, {
          size: 10,
        });
        if (item.evidence) w.paragraph(`    整改佐证：${item.evidence}`, { size: 10 });
      });
    }
    w.signature([issuer, chinaDate(this.clock.now())]);
    return { fileName: `整改通知单-${task.org_name}.pdf`, content: await w.finish() };
  }

  private async supervisionOrder(
    task: ScopedTask,
    data: Data,
    campaign: string,
  ): Promise<PrintableDocument> {
    const grounds = (Array.isArray(data['grounds']) ? data['grounds'] : [])
      .map((g) => FORM_LABELS.grounds[g as keyof typeof FORM_LABELS.grounds]?.zh ?? str(g))
      .join('、');
    const sanction =
      FORM_LABELS.sanctions[str(data['sanction']) as keyof typeof FORM_LABELS.sanctions]?.zh;
    const w = new Writer('问责督办单');
    w.title(
      '问责督办单',
      `编号：${str(data['orderNo']) || `WZ-${task.id.slice(0, 8).toUpperCase()}`}`,
    );
    w.field('被问责对象', `${task.org_name}党组织书记`);
    w.field('事由', campaign);
    w.field('问责情形', grounds);
    w.heading('问题事实');
    w.paragraph(str(data['facts']), { indent: true });
    w.heading('问责依据');
    w.paragraph(str(data['basis']), { indent: true });
    if (sanction) w.field('处理方式', sanction);
    if (data['requirements']) {
      w.heading('督办要求');
      w.paragraph(str(data['requirements']), { indent: true });
    }
    if (data['deadline']) w.field('办结时限', str(data['deadline']));
    w.paragraph('');
    w.paragraph(
      '请于办结时限前将办理情况书面报告。对办理不到位、整改不及时、群众不满意的，视情节轻重依规依纪追究责任。',
      {
        indent: true,
      },
    );
    w.signature([
      task.parent_name ? `中共${task.parent_name}委员会` : '县委组织部',
      chinaDate(task.closed_at ?? this.clock.now()),
    ]);
    return { fileName: `问责督办单-${task.org_name}.pdf`, content: await w.finish() };
  }
}
