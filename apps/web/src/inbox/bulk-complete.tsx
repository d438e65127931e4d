import { App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { inboxApi, type TaskView } from './inbox-api';
import { useInboxText } from './inbox-messages';
import { validateStep, type Errors } from './forms/form-kit';
import { ResultFields } from './forms/simple-forms';

/** Kinds the list completes in bulk: one result-application decision for many organisations. */
export const BULK_KINDS = ['resultApplication'];

/** Completes the selected tasks with the same result-application decision. */
export function BulkCompleteModal({
  tasks,
  onClose,
}: {
  tasks: TaskView[];
  onClose: (changed: boolean) => void;
}) {
  const { t, kindLabel } = useInboxText();
  const { message } = App.useApp();
  const [data, setData] = useState<Record<string, unknown>>({ outcomes: [] });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const kind = tasks[0].stepKind;
  const context = { kind, settings: tasks[0].formSettings };
  const ok = async () => {
    const local = validateStep(context, data);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const results = await inboxApi.bulkComplete(
        tasks.map((task) => task.id),
        data,
      );
      const done = results.filter((r) => r.ok).length;
      void message.info(t('bulk.result', { ok: done, failed: results.length - done }));
      onClose(true);
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('bulk.complete')} · ${kindLabel(kind)}`}
      confirmLoading={busy}
      onOk={() => void ok()}
      onCancel={() => onClose(false)}
    >
      <Typography.Paragraph>{tasks.map((task) => task.orgName).join('、')}</Typography.Paragraph>
      <Form layout="vertical">
        <ResultFields
          settings={context.settings}
          data={data}
          set={(patch) => setData((d) => ({ ...d, ...patch }))}
          errors={errors}
        />
      </Form>
    </Modal>
  );
}
