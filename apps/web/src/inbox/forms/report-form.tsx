import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { attachmentsAllowed, countChars, reportTargets } from '@shuping/contracts';
import { App, Button, Form, Input, List, Progress, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { openProtected, uploadAttachment, type AttachmentView } from '../inbox-api';
import { useInboxText } from '../inbox-messages';
import {
  fieldState,
  OtherErrors,
  SubmitBar,
  useLiveValidation,
  useStepSubmit,
  type StepFormProps,
} from './form-kit';

/** How a section's length compares with its target (about a third of ~2,500 characters). */
export function lengthStatus(count: number, target: number): 'short' | 'ok' | 'long' {
  if (count < target * 0.7) return 'short';
  if (count > target * 1.3) return 'long';
  return 'ok';
}

/** A section's live character count against its target. */
function Count({ count, target, zh }: { count: number; target: number; zh: boolean }) {
  const status = lengthStatus(count, target);
  const color = status === 'ok' ? '#389e0d' : status === 'short' ? '#d48806' : '#cf1322';
  return (
    <Space style={{ width: '100%' }} direction="vertical" size={0}>
      <Progress
        percent={Math.min(100, Math.round((count / Math.max(1, target)) * 100))}
        showInfo={false}
        strokeColor={color}
        size="small"
      />
      <Typography.Text style={{ color }} aria-live="polite">
        {zh
          ? `${count} / 约${target}字${status === 'short' ? '（偏少）' : status === 'long' ? '（偏多）' : ''}`
          : `${count} / about ${target}${status === 'short' ? ' (short)' : status === 'long' ? ' (long)' : ''}`}
      </Typography.Text>
    </Space>
  );
}

/** 撰写述职报告: three sections with live counts against the target, attachments if allowed. */
export function ReportForm({ detail, reload }: StepFormProps) {
  const { zh } = useInboxText();
  const { message } = App.useApp();
  const draft = detail.draft?.data ?? {};
  const [title, setTitle] = useState<string>(
    typeof draft['title'] === 'string' ? draft['title'] : '',
  );
  const [sections, setSections] = useState<Record<string, string>>(
    (draft['sections'] as Record<string, string> | undefined) ?? {},
  );
  const [files, setFiles] = useState<AttachmentView[]>(detail.attachments ?? []);
  const [attached, setAttached] = useState<string[]>(
    Array.isArray(draft['attachments']) ? (draft['attachments'] as string[]) : [],
  );
  const { errors, busy, submit, saveDraft, revalidate } = useStepSubmit(detail, reload);
  const targets = reportTargets(detail.form.settings);
  const allowFiles = attachmentsAllowed(detail.form.settings);
  const total = Object.values(sections).reduce((sum, text) => sum + countChars(text), 0);
  const data = {
    ...(title.trim() ? { title } : {}),
    sections: Object.fromEntries(targets.sections.map((s) => [s.key, sections[s.key] ?? ''])),
    ...(allowFiles && attached.length > 0 ? { attachments: attached } : {}),
  };
  useLiveValidation(data, revalidate);

  return (
    <Form layout="vertical">
      <Form.Item
        label={zh ? '报告标题（可选）' : 'Title (optional)'}
        {...fieldState(errors, 'title')}
      >
        <Input
          aria-label="报告标题"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={100}
        />
      </Form.Item>
      {targets.sections.map((s) => (
        <Form.Item
          key={s.key}
          label={zh ? s.title.zh : s.title.en}
          required
          {...fieldState(errors, `sections.${s.key}`)}
          extra={<Count count={countChars(sections[s.key])} target={s.target} zh={zh} />}
        >
          <Input.TextArea
            aria-label={s.title.zh}
            autoSize={{ minRows: 6, maxRows: 24 }}
            value={sections[s.key] ?? ''}
            onChange={(e) => setSections((all) => ({ ...all, [s.key]: e.target.value }))}
          />
        </Form.Item>
      ))}
      <Typography.Paragraph strong>
        {zh
          ? `全文 ${total} 字，目标约 ${targets.total} 字，三部分各占约三分之一。`
          : `${total} characters; target about ${targets.total}, a third each.`}
      </Typography.Paragraph>
      {allowFiles && (
        <Form.Item
          label={zh ? '附件（PDF、图片、Word、Excel，单个不超过10MB）' : 'Attachments'}
          {...fieldState(errors, 'attachments')}
        >
          <Upload
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              uploadAttachment(detail.task.id, file as File)
                .then((view) => {
                  setFiles((f) => [...f, view]);
                  setAttached((a) => [...a, view.id]);
                  onSuccess?.(view);
                })
                .catch((error: unknown) => {
                  void message.error(error instanceof ApiError ? error.message : String(error));
                  onError?.(error as Error);
                });
            }}
          >
            <Button icon={<UploadOutlined />}>{zh ? '上传附件' : 'Upload'}</Button>
          </Upload>
          <List
            size="small"
            dataSource={files.filter((f) => attached.includes(f.id))}
            renderItem={(f) => (
              <List.Item
                actions={[
                  <Button
                    key="remove"
                    type="text"
                    aria-label={zh ? '移除' : 'Remove'}
                    icon={<DeleteOutlined />}
                    onClick={() => setAttached((a) => a.filter((id) => id !== f.id))}
                  />,
                ]}
              >
                <Button
                  type="link"
                  icon={<PaperClipOutlined />}
                  onClick={() => void openProtected(`/attachments/${f.id}`, f.fileName)}
                >
                  {f.fileName}（{Math.ceil(f.sizeBytes / 1024)} KB）
                </Button>
              </List.Item>
            )}
          />
        </Form.Item>
      )}
      <OtherErrors errors={errors} shown={['title', 'sections', 'attachments']} />
      <SubmitBar
        busy={busy}
        onDraft={() => void saveDraft(data)}
        onSubmit={() => void submit(data)}
      />
    </Form>
  );
}
