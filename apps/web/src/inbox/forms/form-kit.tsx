import { formIssues, stepDataSchema, type StepFormContext } from '@shuping/contracts';
import { Alert, App, Button, Descriptions, Space, Typography } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { inboxApi, type TaskDetail } from '../inbox-api';
import { useInboxText } from '../inbox-messages';

export type Errors = Record<string, string>;

/** What every step form receives. */
export interface StepFormProps {
  detail: TaskDetail;
  /** Reload the task page (after side records change or the step completes). */
  reload: () => Promise<void>;
}

/** Field errors of a failed validation, by dotted path. */
export function errorsOf(issues: { path: string; message: string }[]): Errors {
  const out: Errors = {};
  for (const issue of issues) out[issue.path] ??= issue.message;
  return out;
}

/** antd Form.Item props for a path: red state and the message. */
export function fieldState(
  errors: Errors,
  path: string,
): {
  validateStatus?: 'error';
  help?: string;
} {
  const own = errors[path] ?? Object.entries(errors).find(([p]) => p.startsWith(`${path}.`))?.[1];
  return own ? { validateStatus: 'error', help: own } : {};
}

/** Validates with the step's schema (the server uses the same one). */
export function validateStep(context: StepFormContext, data: Record<string, unknown>): Errors {
  const parsed = stepDataSchema(context).safeParse(data);
  return parsed.success ? {} : errorsOf(formIssues(parsed.error));
}

/**
 * The submit logic of a step form: validate on the client with the shared schema, send, and
 * show the server's field errors (problem+json) the same way.
 */
export function useStepSubmit(detail: TaskDetail, reload: () => Promise<void>) {
  const { message } = App.useApp();
  const { t } = useInboxText();
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  /** After a first attempt, errors follow the input as it is corrected. */
  const revalidate = useCallback(
    (composed: Record<string, unknown>) => {
      if (tried) setErrors(validateStep(detail.form, composed));
    },
    [detail, tried],
  );

  const submit = useCallback(
    async (send: Record<string, unknown>, composed: Record<string, unknown> = send) => {
      setTried(true);
      const local = validateStep(detail.form, composed);
      setErrors(local);
      if (Object.keys(local).length > 0) {
        void message.error(t('formErrors'));
        return false;
      }
      setBusy(true);
      try {
        await inboxApi.complete(detail.task.id, send);
        void message.success(t('submitted'));
        await reload();
        return true;
      } catch (error) {
        if (error instanceof ApiError) {
          setErrors(errorsOf(error.errors));
          void message.error(error.message);
        } else throw error;
        return false;
      } finally {
        setBusy(false);
      }
    },
    [detail, message, reload, t],
  );

  const saveDraft = useCallback(
    async (data: Record<string, unknown>) => {
      try {
        await inboxApi.draft(detail.task.id, data);
        void message.success(t('draftSaved'));
      } catch (error) {
        void message.error(error instanceof ApiError ? error.message : String(error));
      }
    },
    [detail, message, t],
  );

  return { errors, setErrors, busy, submit, saveDraft, revalidate };
}

/** Re-validates `composed` whenever it changes (once a submission was attempted). */
export function useLiveValidation(
  composed: Record<string, unknown>,
  revalidate: (composed: Record<string, unknown>) => void,
): void {
  const key = JSON.stringify(composed);
  useEffect(() => {
    revalidate(JSON.parse(key) as Record<string, unknown>);
  }, [key, revalidate]);
}

/** Runs an API call, shows its error as a message, and reloads on success. */
export function useAction(reload: () => Promise<void>) {
  const { message } = App.useApp();
  const { t } = useInboxText();
  return useCallback(
    async (call: () => Promise<unknown>, ok?: string): Promise<boolean> => {
      try {
        await call();
        void message.success(ok ?? t('action.done'));
        await reload();
        return true;
      } catch (error) {
        void message.error(error instanceof ApiError ? error.message : String(error));
        return false;
      }
    },
    [message, reload, t],
  );
}

/** Save-draft and submit buttons, full width on a phone. */
export function SubmitBar({
  onSubmit,
  onDraft,
  busy,
  extra,
  label,
}: {
  onSubmit: () => void;
  onDraft?: () => void;
  busy: boolean;
  extra?: ReactNode;
  label?: string;
}) {
  const { t } = useInboxText();
  return (
    <Space wrap style={{ marginTop: 16 }}>
      {onDraft && <Button onClick={onDraft}>{t('saveDraft')}</Button>}
      {extra}
      <Button type="primary" size="large" loading={busy} onClick={onSubmit}>
        {label ?? t('submit')}
      </Button>
    </Space>
  );
}

/** A notice shown when errors exist that have no field on screen. */
export function OtherErrors({ errors, shown }: { errors: Errors; shown: string[] }) {
  const rest = Object.entries(errors).filter(
    ([path]) => !shown.some((s) => path === s || path.startsWith(`${s}.`)),
  );
  if (rest.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginTop: 12 }}
      message={rest.map(([path, msg]) => `${path}：${msg}`).join('；')}
    />
  );
}

const LABELS: Record<string, string> = {
  methods: '调研方式',
  findings: '调研情况',
  opinions: '意见建议',
  category: '类别',
  reason: '理由',
  topic: '述职题目',
  support: '支持人数',
  comment: '意见',
  strengths: '成绩亮点',
  problems: '存在问题',
  suggestions: '改进建议',
  grade: '等次',
  score: '得分',
  rank: '名次',
  feedback: '反馈意见',
  talkedAt: '约谈时间',
  participants: '参加人员',
  record: '约谈记录',
  rectificationDeadline: '整改期限',
  serious: '情况严重',
  grounds: '问责情形',
  facts: '问题事实',
  basis: '问责依据',
  sanction: '处理方式',
  requirements: '督办要求',
  deadline: '办结时限',
  outcomes: '结果运用',
  decision: '运用意见',
  durationSeconds: '用时（秒）',
  overrunSeconds: '超时（秒）',
  limitSeconds: '时限（秒）',
  ballots: '收回票数',
  eligible: '应投票数',
  explanation: '汇总说明',
  note: '备注',
  passed: '验收通过',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map(show).join('、');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${LABELS[k] ?? k}：${show(v)}`)
      .join('；');
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The submitted data of a completed step, readable. */
export function SubmittedData({ data }: { data: Record<string, unknown> | null }) {
  const { t } = useInboxText();
  if (!data) return null;
  return (
    <Descriptions
      title={t('submittedData')}
      bordered
      size="small"
      column={1}
      items={Object.entries(data).map(([key, value]) => ({
        key,
        label: LABELS[key] ?? key,
        children: (
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{show(value)}</Typography.Text>
        ),
      }))}
    />
  );
}
