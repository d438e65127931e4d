import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { supervisionApi, type AssignableUser, type MoveOption, type Text } from './supervision-api';
import { useAction } from './supervision-context';
import { useSupervisionText } from './supervision-messages';
import { formatTime } from './time-format';

/** The task a dialog acts on. */
export interface TaskRef {
  id: string;
  title: Text;
  orgName: string;
  dueAt: string | null;
}

interface DialogProps {
  open: boolean;
  onClose: () => void;
}

const reasonRules = (message: string) => [{ required: true, whitespace: true, min: 2, message }];

/** 延期: a new deadline (presets or any date and time) and the reason. */
export function ExtendDialog({ task, open, onClose }: DialogProps & { task: TaskRef | null }) {
  const { t, pick } = useSupervisionText();
  const act = useAction();
  const [form] = Form.useForm<{ dueAt: Dayjs; reason: string }>();
  const [busy, setBusy] = useState(false);
  // Presets count from the later of now and the current deadline.
  const base = () => {
    const now = dayjs();
    const due = task?.dueAt ? dayjs(task.dueAt) : now;
    return due.isAfter(now) ? due : now;
  };
  const submit = async () => {
    if (!task) return;
    const values = await form.validateFields();
    setBusy(true);
    const done = await act(() =>
      supervisionApi.extend(task.id, values.dueAt.toISOString(), values.reason.trim()),
    );
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Modal
      open={open}
      title={t('extendTitle', { step: `${task?.orgName ?? ''} ${pick(task?.title)}` })}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      // Emptied once closed (not when opened: a preset picked at once would be wiped).
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item label={t('currentDeadline')}>
          <Typography.Text>{formatTime(task?.dueAt)}</Typography.Text>
        </Form.Item>
        <Form.Item label={t('newDeadline')} required>
          <Space wrap>
            {[1, 3, 7].map((days) => (
              <Button
                key={days}
                size="small"
                onClick={() => form.setFieldValue('dueAt', base().add(days, 'day'))}
              >
                {t('plusDays', { n: days })}
              </Button>
            ))}
          </Space>
          <Form.Item
            name="dueAt"
            noStyle
            rules={[{ required: true, message: t('deadlineRequired') }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ display: 'block', marginTop: 8 }}
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              aria-label={t('newDeadline')}
            />
          </Form.Item>
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={reasonRules(t('reasonRequired'))}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 督办: open a supervision record with a requirement. */
export function EscalateDialog({ task, open, onClose }: DialogProps & { task: TaskRef | null }) {
  const { t, pick } = useSupervisionText();
  const act = useAction();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!task) return;
    const { note } = await form.validateFields();
    setBusy(true);
    const done = await act(() => supervisionApi.escalate(task.id, note.trim()));
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Modal
      open={open}
      title={t('escalateTitle', { step: `${task?.orgName ?? ''} ${pick(task?.title)}` })}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('escalateNote')} rules={reasonRules(t('reasonRequired'))}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 转办: give the task to one person, with a reason. */
export function ReassignDialog({ task, open, onClose }: DialogProps & { task: TaskRef | null }) {
  const { t, pick } = useSupervisionText();
  const act = useAction();
  const [form] = Form.useForm<{ userId: string; reason: string }>();
  const [people, setPeople] = useState<AssignableUser[]>([]);
  const [busy, setBusy] = useState(false);
  const search = (q?: string) => {
    if (task) void supervisionApi.assignable(task.id, q).then(setPeople, () => setPeople([]));
  };
  useEffect(() => {
    if (!open || !task) return;
    void supervisionApi.assignable(task.id).then(setPeople, () => setPeople([]));
  }, [open, task]);
  const submit = async () => {
    if (!task) return;
    const values = await form.validateFields();
    setBusy(true);
    const done = await act(() =>
      supervisionApi.reassign(task.id, values.userId, values.reason.trim()),
    );
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Modal
      open={open}
      title={t('reassignTitle', { step: `${task?.orgName ?? ''} ${pick(task?.title)}` })}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="userId"
          label={t('reassignTo')}
          rules={[{ required: true, message: t('personRequired') }]}
        >
          <Select
            showSearch
            filterOption={false}
            placeholder={t('searchPeople')}
            onSearch={search}
            options={people.map((p) => ({
              value: p.id,
              label: (
                <Space>
                  {p.displayName}
                  <Typography.Text type="secondary">{p.orgName ?? p.username}</Typography.Text>
                  {p.candidate && <Tag color="blue">{t('candidate')}</Tag>}
                </Space>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={reasonRules(t('reasonRequired'))}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 办结: close a supervision record with what was done. */
export function CloseEscalationDialog({
  escalationId,
  open,
  onClose,
}: DialogProps & { escalationId: string | null }) {
  const { t } = useSupervisionText();
  const act = useAction();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!escalationId) return;
    const { note } = await form.validateFields();
    setBusy(true);
    const done = await act(() => supervisionApi.closeEscalation(escalationId, note.trim()));
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Modal
      open={open}
      title={t('closeTitle')}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('closeNote')} rules={reasonRules(t('closeNoteRequired'))}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 推进: send one of the events the instance accepts now. */
export function MoveDialog({
  instanceId,
  options,
  open,
  onClose,
}: DialogProps & { instanceId: string; options: MoveOption[] }) {
  const { t, pick } = useSupervisionText();
  const act = useAction();
  const [form] = Form.useForm<{ option: number; reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    const option = options[values.option];
    setBusy(true);
    const done = await act(() =>
      supervisionApi.move(instanceId, option.event, option.taskKey, values.reason.trim()),
    );
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Modal
      open={open}
      title={t('moveTitle')}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="option" label={t('moveOption')} rules={[{ required: true }]}>
          <Radio.Group>
            <Space direction="vertical">
              {options.map((o, i) => (
                <Radio key={`${o.event}-${o.taskKey ?? ''}`} value={i}>
                  <Space direction="vertical" size={0}>
                    <span>
                      {pick(o.from.title)} · {o.event === 'SUBMIT' ? t('event.SUBMIT') : o.event}
                      {o.label ? `（${pick(o.label)}）` : ''}
                    </span>
                    <Typography.Text type="secondary">
                      {t('moveTargets', {
                        targets: o.targets.map((x) => pick(x.title)).join('、') || '—',
                      })}
                    </Typography.Text>
                  </Space>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={reasonRules(t('reasonRequired'))}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 取消流程: end the instance, with a reason. */
export function CancelDialog({ instanceId, open, onClose }: DialogProps & { instanceId: string }) {
  const { t } = useSupervisionText();
  const act = useAction();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    const done = await act(() => supervisionApi.cancel(instanceId, reason.trim()));
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Modal
      open={open}
      title={t('cancelTitle')}
      okText={t('confirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={t('cancelWarning')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('reason')} rules={reasonRules(t('reasonRequired'))}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 发布公示: the notice's subject, publisher and period. */
export function PublishDialog({
  campaignId,
  scopeName,
  open,
  onClose,
}: DialogProps & { campaignId: string; scopeName: string }) {
  const { t } = useSupervisionText();
  const act = useAction();
  const [form] = Form.useForm<{
    subject: string;
    organiser: string;
    period: [Dayjs, Dayjs];
    contact?: string;
    showScores: boolean;
  }>();
  const [busy, setBusy] = useState(false);
  // The defaults of the day the dialog opens; emptied back to them once it has closed.
  const today = dayjs().startOf('day');
  const defaults = {
    subject: t('subjectDefault', { year: today.year() }),
    organiser: t('organiserDefault', { county: scopeName }),
    period: [today, today.add(6, 'day')] as [Dayjs, Dayjs],
    showScores: false,
  };
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    const result = await act(() =>
      supervisionApi.publish(campaignId, {
        subject: values.subject.trim(),
        organiser: values.organiser.trim(),
        periodStart: values.period[0].format('YYYY-MM-DD'),
        periodEnd: values.period[1].format('YYYY-MM-DD'),
        contact: values.contact?.trim() || undefined,
        showScores: values.showScores,
      }),
    );
    setBusy(false);
    if (result) {
      Modal.success({
        // The period's last day (the notice stands until that day's midnight, China time).
        title: t('published', { until: values.period[1].format('YYYY-MM-DD') }),
        content: (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
            {result.text}
          </Typography.Paragraph>
        ),
        width: 640,
      });
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={t('publishTitle')}
      okText={t('publish')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={defaults}>
        <Form.Item name="subject" label={t('subject')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="organiser" label={t('organiser')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="period" label={t('period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="contact" label={t('contact')}>
          <Input maxLength={120} placeholder="联系电话：0000-0000000" />
        </Form.Item>
        <Form.Item name="showScores" valuePropName="checked">
          <Checkbox>{t('showScores')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
