import {
  accountabilityBasis,
  accountabilityGrounds,
  aggregationMethod,
  categories,
  flag,
  FORM_GRADES,
  FORM_LABELS,
  fullMarks,
  investigateMethods,
  OUTCOME_KEYS,
  outcomes,
  sanctions,
  talkDeadlineDays,
  type GuardField,
} from '@shuping/contracts';
import {
  Alert,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useInboxText } from '../inbox-messages';
import {
  fieldState,
  OtherErrors,
  SubmitBar,
  useLiveValidation,
  useStepSubmit,
  type StepFormProps,
} from './form-kit';

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const arr = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);

function initial(props: StepFormProps, defaults: Data = {}): Data {
  return { ...defaults, ...(props.detail.draft?.data ?? {}) };
}

/** Checkboxes for the boolean fields the definition's guards read (e.g. 情况严重). */
export function GuardFields({
  fields,
  data,
  set,
  except = [],
}: {
  fields: GuardField[] | undefined;
  data: Data;
  set: (patch: Data) => void;
  except?: string[];
}) {
  const { zh } = useInboxText();
  const own = (fields ?? []).filter((g) => g.type === 'boolean' && !except.includes(g.field));
  if (own.length === 0) return null;
  return (
    <Form.Item label={zh ? '流转判断' : 'Routing'}>
      <Space direction="vertical">
        {own.map((g) => (
          <Checkbox
            key={g.field}
            checked={data[g.field] === true}
            onChange={(e) => set({ [g.field]: e.target.checked })}
          >
            {(zh ? g.label?.zh : g.label?.en) ?? g.field}
          </Checkbox>
        ))}
      </Space>
    </Form.Item>
  );
}

/** A text area bound to one field. */
function Text({
  label,
  path,
  data,
  set,
  errors,
  rows = 4,
  required,
}: {
  label: string;
  path: string;
  data: Data;
  set: (patch: Data) => void;
  errors: Record<string, string>;
  rows?: number;
  required?: boolean;
}) {
  return (
    <Form.Item label={label} required={required} {...fieldState(errors, path)}>
      <Input.TextArea
        aria-label={label}
        rows={rows}
        value={str(data[path])}
        onChange={(e) => set({ [path]: e.target.value })}
      />
    </Form.Item>
  );
}

function useData(props: StepFormProps, defaults: Data = {}) {
  const [data, setData] = useState<Data>(() => initial(props, defaults));
  const set = (patch: Data) => setData((d) => ({ ...d, ...patch }));
  return { data, set };
}

/** 调研: methods, findings and the opinions heard. */
export function InvestigateForm(props: StepFormProps) {
  const { zh } = useInboxText();
  const { data, set } = useData(props);
  const { errors, busy, submit, saveDraft, revalidate } = useStepSubmit(props.detail, props.reload);
  useLiveValidation(data, revalidate);
  const methods = investigateMethods(props.detail.form.settings);
  return (
    <Form layout="vertical">
      <Form.Item label="调研方式" required {...fieldState(errors, 'methods')}>
        <Checkbox.Group
          value={arr(data['methods'])}
          onChange={(v) => set({ methods: v })}
          options={methods.map((m) => ({
            value: m,
            label: FORM_LABELS.methods[m as keyof typeof FORM_LABELS.methods][zh ? 'zh' : 'en'],
          }))}
        />
      </Form.Item>
      <Text label="调研情况" path="findings" required rows={6} {...{ data, set, errors }} />
      <Text label="党员群众意见建议" path="opinions" {...{ data, set, errors }} />
      <GuardFields fields={props.detail.form.guardFields} data={data} set={set} />
      <OtherErrors errors={errors} shown={['methods', 'findings', 'opinions']} />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(data)}
      />
    </Form>
  );
}

/** 党委点名: category and reason. */
export function NominateForm(props: StepFormProps) {
  const { zh } = useInboxText();
  const { data, set } = useData(props);
  const { errors, busy, submit, saveDraft, revalidate } = useStepSubmit(props.detail, props.reload);
  useLiveValidation(data, revalidate);
  const cats = categories(props.detail.form.settings);
  return (
    <Form layout="vertical">
      {cats.length > 0 && (
        <Form.Item label="述职类别" required {...fieldState(errors, 'category')}>
          <Radio.Group
            value={data['category']}
            onChange={(e) => set({ category: e.target.value as string })}
          >
            <Space direction="vertical">
              {cats.map((c) => (
                <Radio key={c.key} value={c.key}>
                  {zh ? c.title.zh : c.title.en}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      )}
      <Text label="点名理由" path="reason" required {...{ data, set, errors }} />
      <OtherErrors errors={errors} shown={['category', 'reason']} />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(data)}
      />
    </Form>
  );
}

/** 点评: the superior's comment on the report (and, two-way, the villages' on the town). */
export function CritiqueForm(props: StepFormProps) {
  const { data, set } = useData(props);
  const { errors, busy, submit, saveDraft, revalidate } = useStepSubmit(props.detail, props.reload);
  useLiveValidation(data, revalidate);
  const report = Object.values(props.detail.instance.results).find((r) => r['sections']);
  const sections = (report?.['sections'] ?? {}) as Record<string, string>;
  return (
    <Form layout="vertical">
      {report && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          message="述职报告"
          description={
            <div style={{ maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
              {Object.values(sections).join('\n\n')}
            </div>
          }
        />
      )}
      <Text label="点评意见" path="comment" required rows={6} {...{ data, set, errors }} />
      <Text label="成绩亮点" path="strengths" rows={3} {...{ data, set, errors }} />
      <Text label="存在问题" path="problems" rows={3} {...{ data, set, errors }} />
      <Text label="改进建议" path="suggestions" rows={3} {...{ data, set, errors }} />
      <GuardFields fields={props.detail.form.guardFields} data={data} set={set} />
      <OtherErrors errors={errors} shown={['comment', 'strengths', 'problems', 'suggestions']} />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(data)}
      />
    </Form>
  );
}

/** 汇总反馈: confirm the grade (pre-filled from the rating), score and rank, feedback. */
export function AggregationForm(props: StepFormProps) {
  const { detail } = props;
  const rated = Object.values(detail.instance.results).find(
    (r) => typeof r['ballots'] === 'number',
  );
  const { data, set } = useData(props, {
    ...(typeof rated?.['grade'] === 'string' ? { grade: rated['grade'] } : {}),
  });
  const { errors, busy, submit, saveDraft } = useStepSubmit(detail, props.reload);
  const method = aggregationMethod(detail.form.settings);
  const send = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== ''));
  return (
    <Form layout="vertical">
      {rated && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          message={`测评结果：${str(rated['grade'])}（收回 ${String(rated['ballots'])} 票）`}
          description={str(rated['explanation'])}
        />
      )}
      {detail.objections && detail.objections.length > 0 && (
        <Alert
          type="warning"
          style={{ marginBottom: 16 }}
          message={`公示期异议 ${detail.objections.length} 件`}
          description={detail.objections.map((o) => `· ${o.text}`).join('\n')}
        />
      )}
      <Form.Item
        label="综合评价等次"
        required={method !== 'hundredPointScore'}
        {...fieldState(errors, 'grade')}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={data['grade']}
          onChange={(e) => set({ grade: e.target.value as string })}
          options={FORM_GRADES.map((g) => ({ value: g, label: g }))}
        />
      </Form.Item>
      {method === 'hundredPointScore' && (
        <Form.Item
          label={`得分（满分${fullMarks(detail.form.settings)}）`}
          required
          {...fieldState(errors, 'score')}
        >
          <InputNumber
            aria-label="得分"
            min={0}
            value={data['score'] as number | undefined}
            onChange={(v) => set({ score: v ?? undefined })}
          />
        </Form.Item>
      )}
      {flag(detail.form.settings, 'ranking') && (
        <Space wrap>
          <Form.Item label="名次" {...fieldState(errors, 'rank')}>
            <InputNumber
              aria-label="名次"
              min={1}
              value={data['rank'] as number | undefined}
              onChange={(v) => set({ rank: v ?? undefined })}
            />
          </Form.Item>
          <Form.Item label="参排总数" {...fieldState(errors, 'rankTotal')}>
            <InputNumber
              aria-label="参排总数"
              min={1}
              value={data['rankTotal'] as number | undefined}
              onChange={(v) => set({ rankTotal: v ?? undefined })}
            />
          </Form.Item>
        </Space>
      )}
      <Text label="反馈意见" path="feedback" {...{ data, set, errors }} />
      <GuardFields fields={detail.form.guardFields} data={data} set={set} />
      <OtherErrors errors={errors} shown={['grade', 'score', 'rank', 'rankTotal', 'feedback']} />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(send)}
      />
    </Form>
  );
}

/** 约谈: when, who, the record, and the agreed rectification deadline. */
export function TalkForm(props: StepFormProps) {
  const days = talkDeadlineDays(props.detail.form.settings);
  const { data, set } = useData(props, {
    talkedAt: new Date().toISOString(),
    rectificationDeadline: dayjs().add(days, 'day').format('YYYY-MM-DD'),
  });
  const { errors, busy, submit, saveDraft, revalidate } = useStepSubmit(props.detail, props.reload);
  useLiveValidation(data, revalidate);
  return (
    <Form layout="vertical">
      <Alert
        type="info"
        style={{ marginBottom: 16 }}
        message={`综合评价：${props.detail.instance.facts.grade ?? '—'}；约定整改期限默认 ${days} 天`}
      />
      <Form.Item label="约谈时间" required {...fieldState(errors, 'talkedAt')}>
        <DatePicker
          showTime
          aria-label="约谈时间"
          value={data['talkedAt'] ? dayjs(str(data['talkedAt'])) : null}
          onChange={(d) => set({ talkedAt: d ? d.toISOString() : undefined })}
        />
      </Form.Item>
      <Form.Item label="约谈地点" {...fieldState(errors, 'place')}>
        <Input
          aria-label="约谈地点"
          value={str(data['place'])}
          onChange={(e) => set({ place: e.target.value })}
        />
      </Form.Item>
      <Form.Item label="约谈人和被约谈人" required {...fieldState(errors, 'participants')}>
        <Input
          aria-label="约谈人和被约谈人"
          value={str(data['participants'])}
          onChange={(e) => set({ participants: e.target.value })}
        />
      </Form.Item>
      <Text label="约谈记录" path="record" required rows={6} {...{ data, set, errors }} />
      <Form.Item label="约定整改期限" required {...fieldState(errors, 'rectificationDeadline')}>
        <DatePicker
          aria-label="约定整改期限"
          value={data['rectificationDeadline'] ? dayjs(str(data['rectificationDeadline'])) : null}
          onChange={(d) => set({ rectificationDeadline: d ? d.format('YYYY-MM-DD') : undefined })}
        />
      </Form.Item>
      <GuardFields fields={props.detail.form.guardFields} data={data} set={set} />
      <OtherErrors
        errors={errors}
        shown={['talkedAt', 'place', 'participants', 'record', 'rectificationDeadline']}
      />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(data)}
      />
    </Form>
  );
}

/** 问责: grounds, facts, basis, sanction; the supervision order's requirements and deadline. */
export function AccountabilityForm(props: StepFormProps) {
  const { zh } = useInboxText();
  const settings = props.detail.form.settings;
  const { data, set } = useData(props, { basis: accountabilityBasis(settings)?.zh ?? '' });
  const { errors, busy, submit, saveDraft, revalidate } = useStepSubmit(props.detail, props.reload);
  useLiveValidation(data, revalidate);
  const allowed = sanctions(settings);
  const order = flag(settings, 'supervisionOrder');
  return (
    <Form layout="vertical">
      <Form.Item label="问责情形" required {...fieldState(errors, 'grounds')}>
        <Checkbox.Group
          value={arr(data['grounds'])}
          onChange={(v) => set({ grounds: v })}
          options={accountabilityGrounds(settings).map((g) => ({
            value: g,
            label: FORM_LABELS.grounds[g as keyof typeof FORM_LABELS.grounds][zh ? 'zh' : 'en'],
          }))}
        />
      </Form.Item>
      <Text label="问题事实" path="facts" required rows={5} {...{ data, set, errors }} />
      <Text label="问责依据" path="basis" required rows={2} {...{ data, set, errors }} />
      {allowed.length > 0 && (
        <Form.Item label="处理方式" required {...fieldState(errors, 'sanction')}>
          <Radio.Group
            value={data['sanction']}
            onChange={(e) => set({ sanction: e.target.value as string })}
          >
            <Space direction="vertical">
              {allowed.map((s) => (
                <Radio key={s} value={s}>
                  {FORM_LABELS.sanctions[s as keyof typeof FORM_LABELS.sanctions][zh ? 'zh' : 'en']}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      )}
      <Form.Item label="督办单编号" {...fieldState(errors, 'orderNo')}>
        <Input
          aria-label="督办单编号"
          value={str(data['orderNo'])}
          onChange={(e) => set({ orderNo: e.target.value })}
        />
      </Form.Item>
      <Text
        label="督办要求"
        path="requirements"
        required={order}
        rows={3}
        {...{ data, set, errors }}
      />
      <Form.Item label="办结时限" required={order} {...fieldState(errors, 'deadline')}>
        <DatePicker
          aria-label="办结时限"
          value={data['deadline'] ? dayjs(str(data['deadline'])) : null}
          onChange={(d) => set({ deadline: d ? d.format('YYYY-MM-DD') : undefined })}
        />
      </Form.Item>
      <GuardFields fields={props.detail.form.guardFields} data={data} set={set} />
      <Typography.Paragraph type="secondary">
        {zh
          ? '提交前可先保存草稿并打印问责督办单核对。'
          : 'Save a draft and print the supervision order to check it.'}
      </Typography.Paragraph>
      <OtherErrors
        errors={errors}
        shown={['grounds', 'facts', 'basis', 'sanction', 'orderNo', 'requirements', 'deadline']}
      />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(data)}
      />
    </Form>
  );
}

/** The fields of result application (also used by bulk completion). */
export function ResultFields({
  settings,
  data,
  set,
  errors,
}: {
  settings: unknown;
  data: Data;
  set: (patch: Data) => void;
  errors: Record<string, string>;
}) {
  const { zh } = useInboxText();
  const listed = outcomes(settings);
  const options = (listed.length > 0 ? listed : [...OUTCOME_KEYS]).map((o) => ({
    value: o,
    label: FORM_LABELS.outcomes[o as keyof typeof FORM_LABELS.outcomes][zh ? 'zh' : 'en'],
  }));
  return (
    <>
      <Form.Item label="结果运用" {...fieldState(errors, 'outcomes')}>
        <Select
          mode="multiple"
          aria-label="结果运用"
          value={arr(data['outcomes'])}
          onChange={(v) => set({ outcomes: v })}
          options={options}
        />
      </Form.Item>
      <Form.Item label="运用意见" required {...fieldState(errors, 'decision')}>
        <Input.TextArea
          aria-label="运用意见"
          rows={4}
          value={str(data['decision'])}
          onChange={(e) => set({ decision: e.target.value })}
        />
      </Form.Item>
      {flag(settings, 'archiveToCounty') && (
        <Checkbox
          checked={data['archived'] === true}
          onChange={(e) => set({ archived: e.target.checked })}
        >
          已报县委组织部备案
        </Checkbox>
      )}
    </>
  );
}

/** 结果运用. */
export function ResultApplicationForm(props: StepFormProps) {
  const { data, set } = useData(props, { outcomes: [] });
  const { errors, busy, submit, saveDraft, revalidate } = useStepSubmit(props.detail, props.reload);
  useLiveValidation(data, revalidate);
  return (
    <Form layout="vertical">
      <Alert
        type="info"
        style={{ marginBottom: 16 }}
        message={`综合评价：${props.detail.instance.facts.grade ?? '—'}${
          props.detail.instance.facts.grade === '好' ? '（可评为优秀）' : ''
        }`}
      />
      <ResultFields settings={props.detail.form.settings} data={data} set={set} errors={errors} />
      <GuardFields fields={props.detail.form.guardFields} data={data} set={set} />
      <OtherErrors errors={errors} shown={['outcomes', 'decision', 'archived']} />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(data)}
      />
    </Form>
  );
}
