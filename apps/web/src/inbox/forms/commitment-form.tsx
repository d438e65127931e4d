import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { commitmentInputSchema, formIssues, ledgerSettings } from '@shuping/contracts';
import {
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { inboxApi, type Commitment, type LedgerItem } from '../inbox-api';
import { formatTime, useInboxText } from '../inbox-messages';
import {
  errorsOf,
  fieldState,
  OtherErrors,
  SubmitBar,
  useAction,
  useStepSubmit,
  type Errors,
  type StepFormProps,
} from './form-kit';

interface Row {
  kind: 'monthly' | 'quarterly';
  period: string;
  content: string;
  target?: string;
}

function ProgressReport({
  item,
  onReport,
}: {
  item: LedgerItem;
  onReport: (p: number, note: string) => void;
}) {
  const { zh } = useInboxText();
  const [progress, setProgress] = useState(item.progress);
  const [note, setNote] = useState('');
  return (
    <Space.Compact>
      <InputNumber
        aria-label={zh ? '进度' : 'Progress'}
        min={0}
        max={100}
        value={progress}
        onChange={(v) => setProgress(v ?? 0)}
        addonAfter="%"
      />
      <Input
        aria-label={zh ? '进展说明' : 'Note'}
        placeholder={zh ? '进展说明' : 'Note'}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <Button onClick={() => onReport(progress, note)}>{zh ? '报告进展' : 'Report'}</Button>
    </Space.Compact>
  );
}

/** 承诺: the commitment and its ledger (台账), signed by both levels; progress on the ledger. */
export function CommitmentForm({ detail, reload }: StepFormProps) {
  const { zh } = useInboxText();
  const act = useAction(reload);
  const current: Commitment | undefined = detail.commitments?.[0];
  const [text, setText] = useState(current?.text ?? '');
  const [rows, setRows] = useState<Row[]>(
    current?.ledger.map((l) => ({
      kind: l.kind,
      period: l.period,
      content: l.content,
      target: l.target ?? undefined,
    })) ?? [],
  );
  const [saveErrors, setSaveErrors] = useState<Errors>({});
  const { errors, busy, submit } = useStepSubmit(detail, reload);
  const ledger = ledgerSettings(detail.form.settings);
  const writer = detail.can.complete;
  const save = async () => {
    const body = { text, ledger: rows.map((r) => ({ ...r, target: r.target || undefined })) };
    const parsed = commitmentInputSchema.safeParse(body);
    if (!parsed.success) {
      setSaveErrors(errorsOf(formIssues(parsed.error)));
      return;
    }
    setSaveErrors({});
    await act(
      () => inboxApi.saveCommitment(detail.task.id, body),
      zh ? '已保存，请签字' : 'Saved: sign it',
    );
  };
  const composed = {
    commitment: current?.text ?? '',
    ledger: (current?.ledger ?? []).map((l) => ({
      kind: l.kind,
      period: l.period,
      content: l.content,
      ...(l.target ? { target: l.target } : {}),
    })),
    signedAt: current?.signedAt ?? null,
    countersignedAt: current?.countersignedAt ?? null,
  };
  const all = { ...saveErrors, ...errors };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Form layout="vertical">
        <Form.Item label={zh ? '承诺内容' : 'Commitment'} required {...fieldState(all, 'text')}>
          <Input.TextArea
            aria-label="承诺内容"
            rows={5}
            disabled={!writer}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </Form.Item>
        <Form.Item
          label={
            zh
              ? `工作台账${ledger.monthlyTasks ? '（须有月任务' : ''}${ledger.quarterlyGoals ? '、季度目标）' : ledger.monthlyTasks ? '）' : ''}`
              : 'Ledger'
          }
          {...fieldState(all, 'ledger')}
        >
          <Table<Row>
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={rows}
            scroll={{ x: true }}
            columns={[
              {
                title: zh ? '类型' : 'Kind',
                render: (_, r, i) => (
                  <Select
                    aria-label={zh ? '类型' : 'Kind'}
                    disabled={!writer}
                    value={r.kind}
                    style={{ width: 110 }}
                    onChange={(kind: Row['kind']) =>
                      setRows((all) => all.map((x, j) => (j === i ? { ...x, kind } : x)))
                    }
                    options={[
                      { value: 'monthly', label: zh ? '月任务' : 'Monthly' },
                      { value: 'quarterly', label: zh ? '季度目标' : 'Quarterly' },
                    ]}
                  />
                ),
              },
              {
                title: zh ? '期间' : 'Period',
                render: (_, r, i) => (
                  <Input
                    aria-label={zh ? '期间' : 'Period'}
                    disabled={!writer}
                    placeholder="2025-03 / 2025-Q1"
                    value={r.period}
                    style={{ width: 120 }}
                    onChange={(e) =>
                      setRows((all) =>
                        all.map((x, j) => (j === i ? { ...x, period: e.target.value } : x)),
                      )
                    }
                  />
                ),
              },
              {
                title: zh ? '内容' : 'Content',
                render: (_, r, i) => (
                  <Input
                    aria-label={zh ? '内容' : 'Content'}
                    disabled={!writer}
                    value={r.content}
                    onChange={(e) =>
                      setRows((all) =>
                        all.map((x, j) => (j === i ? { ...x, content: e.target.value } : x)),
                      )
                    }
                  />
                ),
              },
              {
                title: zh ? '目标' : 'Target',
                render: (_, r, i) => (
                  <Input
                    aria-label={zh ? '目标' : 'Target'}
                    disabled={!writer}
                    value={r.target ?? ''}
                    onChange={(e) =>
                      setRows((all) =>
                        all.map((x, j) => (j === i ? { ...x, target: e.target.value } : x)),
                      )
                    }
                  />
                ),
              },
              {
                title: '',
                render: (_, __, i) =>
                  writer && (
                    <Button
                      type="text"
                      aria-label={zh ? '删除' : 'Delete'}
                      icon={<DeleteOutlined />}
                      onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
                    />
                  ),
              },
            ]}
          />
          {writer && (
            <Button
              icon={<PlusOutlined />}
              style={{ marginTop: 8 }}
              onClick={() =>
                setRows((all) => [...all, { kind: 'monthly', period: '', content: '' }])
              }
            >
              {zh ? '添加台账事项' : 'Add a ledger item'}
            </Button>
          )}
        </Form.Item>
        {writer && (
          <Button onClick={() => void save()}>
            {zh ? '保存承诺（修改后需重新签字）' : 'Save (sign again after changes)'}
          </Button>
        )}
      </Form>
      {current && (
        <Card size="small" title={zh ? '签字' : 'Signatures'}>
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 's',
                label: zh ? '承诺人签字' : 'Signed by',
                children: current.signedBy ? (
                  `${current.signedBy}（${formatTime(current.signedAt, zh)}）`
                ) : (
                  <Tag color="orange">{zh ? '未签字' : 'Not signed'}</Tag>
                ),
              },
              {
                key: 'c',
                label: zh ? '对方会签' : 'Countersigned by',
                children: current.countersignedBy ? (
                  `${current.countersignedBy}（${formatTime(current.countersignedAt, zh)}）`
                ) : (
                  <Tag color="orange">{zh ? '未会签' : 'Not countersigned'}</Tag>
                ),
              },
            ]}
          />
          <Space wrap>
            {writer && !current.signedAt && (
              <Button type="primary" onClick={() => void act(() => inboxApi.sign(detail.task.id))}>
                {zh ? '签字' : 'Sign'}
              </Button>
            )}
            {detail.can.countersign && current.signedAt && !current.countersignedAt && (
              <Button
                type="primary"
                onClick={() => void act(() => inboxApi.countersign(detail.task.id))}
              >
                {zh ? '会签' : 'Countersign'}
              </Button>
            )}
          </Space>
        </Card>
      )}
      {current && current.ledger.length > 0 && (
        <Card size="small" title={zh ? '台账进展' : 'Ledger progress'}>
          <Table<LedgerItem>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={current.ledger}
            scroll={{ x: true }}
            columns={[
              { title: zh ? '期间' : 'Period', dataIndex: 'period' },
              { title: zh ? '内容' : 'Content', dataIndex: 'content' },
              { title: zh ? '进度' : 'Progress', render: (_, i) => `${i.progress}%` },
              {
                title: zh ? '报告进展' : 'Report',
                render: (_, item) => (
                  <ProgressReport
                    item={item}
                    onReport={(p, note) =>
                      void act(() => inboxApi.ledgerProgress(item.id, p, note))
                    }
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
      {writer && (
        <>
          <OtherErrors errors={errors} shown={['text']} />
          <SubmitBar busy={busy} onSubmit={() => void submit({}, composed)} />
        </>
      )}
    </Space>
  );
}
