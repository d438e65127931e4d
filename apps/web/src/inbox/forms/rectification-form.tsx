import { CheckOutlined, DeleteOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  FORM_LABELS,
  formIssues,
  rectificationItemInputSchema,
  rectificationLists,
  verdictField,
  type RectificationListKey,
} from '@shuping/contracts';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { inboxApi, type RectificationItem } from '../inbox-api';
import { useInboxText } from '../inbox-messages';
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

const STATUS: Record<RectificationItem['status'], { zh: string; color: string }> = {
  open: { zh: '整改中', color: 'default' },
  done: { zh: '待验收', color: 'processing' },
  verified: { zh: '已验收', color: 'success' },
  rejected: { zh: '退回整改', color: 'error' },
};

function itemData(i: RectificationItem) {
  return {
    id: i.id,
    content: i.content,
    owner: i.owner,
    deadline: i.deadline,
    evidence: i.evidence ?? '',
    status: i.status,
    ...(i.attachments.length > 0 ? { attachments: i.attachments } : {}),
    ...(i.verifyNote ? { verifyNote: i.verifyNote } : {}),
  };
}

/** One item: its fields, evidence, status, and the verifier's buttons. */
function ItemCard({
  item,
  index,
  editable,
  verifier,
  reload,
  errors,
  path,
}: {
  item: RectificationItem;
  index: number;
  editable: boolean;
  verifier: boolean;
  reload: () => Promise<void>;
  errors: Errors;
  path: string;
}) {
  const { zh } = useInboxText();
  const act = useAction(reload);
  const [evidence, setEvidence] = useState(item.evidence ?? '');
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const status = STATUS[item.status];
  const error = Object.entries(errors).find(([p]) => p.startsWith(path))?.[1];
  return (
    <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: 12 } }}>
      <Space direction="vertical" style={{ width: '100%' }} size={4}>
        <Space wrap>
          <Typography.Text strong>
            {index + 1}. {item.content}
          </Typography.Text>
          <Tag color={status.color}>{zh ? status.zh : item.status}</Tag>
        </Space>
        <Typography.Text type="secondary">
          {zh ? '责任人' : 'Owner'}：{item.owner} · {zh ? '完成时限' : 'Deadline'}：{item.deadline}
        </Typography.Text>
        {item.verifyNote && (
          <Alert
            type="warning"
            showIcon
            message={`${zh ? '验收意见' : 'Note'}：${item.verifyNote}`}
          />
        )}
        {editable && item.status !== 'verified' ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              aria-label={zh ? `第${index + 1}项整改佐证` : `Evidence of item ${index + 1}`}
              rows={2}
              placeholder={zh ? '整改佐证材料（做了什么、有何成效）' : 'Evidence'}
              value={evidence}
              onChange={(e) => setEvidence(e.target.value)}
            />
            <Button onClick={() => void act(() => inboxApi.updateItem(item.id, { evidence }))}>
              {zh ? '提交佐证' : 'Save'}
            </Button>
          </Space.Compact>
        ) : (
          item.evidence && (
            <Typography.Paragraph style={{ marginBottom: 0 }}>
              {zh ? '整改佐证' : 'Evidence'}：{item.evidence}
            </Typography.Paragraph>
          )
        )}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <Space wrap>
          {verifier && item.status === 'done' && (
            <>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => void act(() => inboxApi.verifyItem(item.id, 'verified'))}
              >
                {zh ? '验收通过' : 'Verify'}
              </Button>
              <Button icon={<RollbackOutlined />} onClick={() => setRejecting(true)}>
                {zh ? '退回整改' : 'Send back'}
              </Button>
            </>
          )}
          {editable && item.status !== 'verified' && (
            <Button
              type="text"
              danger
              aria-label={zh ? '删除该项' : 'Delete item'}
              icon={<DeleteOutlined />}
              onClick={() => void act(() => inboxApi.removeItem(item.id))}
            />
          )}
        </Space>
      </Space>
      <Modal
        open={rejecting}
        title={zh ? '退回整改' : 'Send back'}
        onCancel={() => setRejecting(false)}
        onOk={() =>
          void act(() => inboxApi.verifyItem(item.id, 'rejected', note)).then(
            (ok) => ok && setRejecting(false),
          )
        }
      >
        <Input.TextArea
          aria-label={zh ? '退回理由' : 'Reason'}
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

/** Adds an item to a list. */
function AddItem({
  list,
  taskId,
  reload,
}: {
  list: RectificationListKey;
  taskId: string;
  reload: () => Promise<void>;
}) {
  const { zh } = useInboxText();
  const act = useAction(reload);
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Errors>({});
  const save = async () => {
    const body = { list, ...value, ...(value['evidence'] ? {} : { evidence: undefined }) };
    const parsed = rectificationItemInputSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(errorsOf(formIssues(parsed.error)));
      return;
    }
    if (await act(() => inboxApi.addItem(taskId, body))) {
      setValue({});
      setErrors({});
      setOpen(false);
    }
  };
  if (!open)
    return (
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {zh ? `添加到${FORM_LABELS.lists[list].zh}` : `Add to the ${FORM_LABELS.lists[list].en}`}
      </Button>
    );
  return (
    <Card size="small">
      <Form layout="vertical">
        <Form.Item label={zh ? '事项内容' : 'Content'} required {...fieldState(errors, 'content')}>
          <Input.TextArea
            aria-label={zh ? '事项内容' : 'Content'}
            rows={2}
            value={value['content'] ?? ''}
            onChange={(e) => setValue({ ...value, content: e.target.value })}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item label={zh ? '责任人' : 'Owner'} required {...fieldState(errors, 'owner')}>
            <Input
              aria-label={zh ? '责任人' : 'Owner'}
              value={value['owner'] ?? ''}
              onChange={(e) => setValue({ ...value, owner: e.target.value })}
            />
          </Form.Item>
          <Form.Item
            label={zh ? '完成时限' : 'Deadline'}
            required
            {...fieldState(errors, 'deadline')}
          >
            <DatePicker
              aria-label={zh ? '完成时限' : 'Deadline'}
              value={value['deadline'] ? dayjs(value['deadline']) : null}
              onChange={(d) => setValue({ ...value, deadline: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Form.Item>
        </Space>
        <Form.Item label={zh ? '整改佐证（可稍后补充）' : 'Evidence (later is fine)'}>
          <Input.TextArea
            aria-label={zh ? '整改佐证' : 'Evidence'}
            rows={2}
            value={value['evidence'] ?? ''}
            onChange={(e) => setValue({ ...value, evidence: e.target.value })}
          />
        </Form.Item>
        <Space>
          <Button type="primary" onClick={() => void save()}>
            {zh ? '保存事项' : 'Save item'}
          </Button>
          <Button onClick={() => setOpen(false)}>{zh ? '取消' : 'Cancel'}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/**
 * 整改: the three lists, each item with owner, deadline and evidence; the superior verifies item
 * by item. The organisation submits when every item is done (and verified when the process has
 * no separate review step); a review step gives the verdict.
 */
export function RectificationForm({ detail, reload }: StepFormProps) {
  const { zh } = useInboxText();
  const items = detail.items ?? [];
  const reviewer = detail.form.rectificationMode === 'reviewer';
  const lists = rectificationLists(detail.form.settings);
  const { errors, busy, submit } = useStepSubmit(detail, reload);
  const verdict = verdictField(detail.form.guardFields);
  const [passed, setPassed] = useState<boolean | undefined>(undefined);
  const [verifyAll, setVerifyAll] = useState(false);
  const [comment, setComment] = useState('');
  const executor = !reviewer && detail.can.complete;

  if (reviewer) {
    const send = {
      ...(passed !== undefined ? { [verdict]: passed } : {}),
      ...(verifyAll ? { verifyAll } : {}),
      ...(comment.trim() ? { comment } : {}),
    };
    const composed = {
      ...send,
      items: items.map((i) =>
        itemData(verifyAll && i.status === 'done' ? { ...i, status: 'verified' } : i),
      ),
    };
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {lists.map((list) => (
          <Card key={list} size="small" title={FORM_LABELS.lists[list][zh ? 'zh' : 'en']}>
            {items
              .filter((i) => i.list === list)
              .map((item, index) => (
                <ItemCard
                  key={item.id}
                  item={item}
                  index={index}
                  editable={false}
                  verifier={detail.can.verify}
                  reload={reload}
                  errors={errors}
                  path="items"
                />
              ))}
          </Card>
        ))}
        {detail.can.complete && (
          <Form layout="vertical">
            <Form.Item
              label={zh ? '验收结论' : 'Verdict'}
              required
              {...fieldState(errors, verdict)}
            >
              <Radio.Group value={passed} onChange={(e) => setPassed(e.target.value as boolean)}>
                <Radio value={true}>{zh ? '验收通过' : 'Passed'}</Radio>
                <Radio value={false}>{zh ? '不通过，继续整改' : 'Not passed'}</Radio>
              </Radio.Group>
            </Form.Item>
            <Checkbox checked={verifyAll} onChange={(e) => setVerifyAll(e.target.checked)}>
              {zh ? '一并验收所有待验收事项' : 'Verify every item waiting for it'}
            </Checkbox>
            <Form.Item
              label={zh ? '验收意见' : 'Comment'}
              {...fieldState(errors, 'comment')}
              style={{ marginTop: 12 }}
            >
              <Input.TextArea
                aria-label={zh ? '验收意见' : 'Comment'}
                rows={3}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </Form.Item>
            <OtherErrors errors={errors} shown={[verdict, 'comment']} />
            <SubmitBar busy={busy} onSubmit={() => void submit(send, composed)} />
          </Form>
        )}
      </Space>
    );
  }

  const composed = {
    lists: Object.fromEntries(
      lists.map((l) => [l, items.filter((i) => i.list === l).map(itemData)]),
    ),
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {detail.form.verifyBeforeSubmit && (
        <Alert
          type="info"
          showIcon
          message={
            zh
              ? '每项整改须经上级逐项验收后方可提交。'
              : 'Each item must be verified by the superior before submitting.'
          }
        />
      )}
      {lists.map((list) => (
        <Card
          key={list}
          size="small"
          title={FORM_LABELS.lists[list][zh ? 'zh' : 'en']}
          {...(errors[`lists.${list}`]
            ? { extra: <Typography.Text type="danger">{errors[`lists.${list}`]}</Typography.Text> }
            : {})}
        >
          {items
            .filter((i) => i.list === list)
            .map((item, index) => (
              <ItemCard
                key={item.id}
                item={item}
                index={index}
                editable={executor}
                verifier={detail.can.verify}
                reload={reload}
                errors={errors}
                path={`lists.${list}.${index}.`}
              />
            ))}
          {executor && <AddItem list={list} taskId={detail.task.id} reload={reload} />}
        </Card>
      ))}
      {executor && (
        <>
          <OtherErrors errors={errors} shown={['lists']} />
          <SubmitBar
            busy={busy}
            label={zh ? '提交整改情况' : 'Submit the rectification'}
            onSubmit={() => void submit({}, composed)}
          />
        </>
      )}
    </Space>
  );
}
