import { formIssues, objectionSchema } from '@shuping/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { chinaTime, periodEnd } from './notice-time';
import { CHANNEL_LABELS, noticesApi, SUBJECT_LABELS, type Notice } from './notices-api';
import { useNoticesText } from './notices-messages';
import { TopicRoundPage } from './topic-round-page';

/** The objection form of one notice (no login; one objection per person). */
function ObjectionModal({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const { t } = useNoticesText();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [identity, setIdentity] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const parsed = objectionSchema.safeParse({ text, identity });
    if (!parsed.success) {
      setErrors(Object.fromEntries(formIssues(parsed.error).map((i) => [i.path, i.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const receipt = await noticesApi.object(notice.id, parsed.data.text, parsed.data.identity);
      void message.success(receipt.routed ? t('objected') : t('objectedNoRoute'));
      onClose();
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('object')} · ${notice.title.zh}`}
      confirmLoading={busy}
      onOk={() => void send()}
      onCancel={onClose}
      okText={t('submit')}
      cancelText={t('cancel')}
    >
      <Form layout="vertical">
        <Form.Item
          label={t('objectionText')}
          required
          validateStatus={errors['text'] ? 'error' : undefined}
          help={errors['text']}
        >
          <Input.TextArea
            aria-label={t('objectionText')}
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={2000}
          />
        </Form.Item>
        <Form.Item
          label={t('identity')}
          required
          validateStatus={errors['identity'] ? 'error' : undefined}
          help={errors['identity'] ?? t('identityHelp')}
        >
          <Input
            aria-label={t('identity')}
            inputMode="numeric"
            autoComplete="tel"
            value={identity}
            onChange={(e) => setIdentity(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 公示: notices under publicity, readable without login, with objections during the period. */
function NoticeList() {
  const { t, zh } = useNoticesText();
  const [params] = useSearchParams();
  const county = params.get('county');
  const [notices, setNotices] = useState<Notice[]>([]);
  const [includeClosed, setIncludeClosed] = useState(false);
  const [objecting, setObjecting] = useState<Notice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setNotices(await noticesApi.list(county, includeClosed));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [county, includeClosed]);
  useEffect(() => {
    void load();
  }, [load]);
  const now = Date.now();
  return (
    <Card>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Switch
          aria-label={t('includeClosed')}
          checked={includeClosed}
          onChange={setIncludeClosed}
        />
        <span>{t('includeClosed')}</span>
      </Space>
      {error && <Alert type="error" message={error} />}
      <List
        dataSource={notices}
        locale={{ emptyText: <Empty description={t('empty')} /> }}
        renderItem={(n) => {
          const open = !n.until || new Date(n.until).getTime() > now;
          const subject = SUBJECT_LABELS[n.subject];
          return (
            <List.Item>
              <Card
                size="small"
                style={{ width: '100%' }}
                title={`${n.orgName} · ${zh ? n.title.zh : n.title.en}`}
                extra={open ? <Tag color="green">{t('open')}</Tag> : <Tag>{t('closed')}</Tag>}
              >
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    ...(subject
                      ? [
                          {
                            key: 's',
                            label: zh ? '类别' : 'Subject',
                            children: zh ? subject.zh : subject.en,
                          },
                        ]
                      : []),
                    ...(n.body.facts?.grade
                      ? [{ key: 'g', label: t('grade'), children: n.body.facts.grade }]
                      : []),
                    { key: 'p', label: t('published'), children: chinaTime(n.publishedAt, zh) },
                    { key: 'u', label: t('until'), children: periodEnd(n.until, zh) },
                    ...(n.body.channels?.length
                      ? [
                          {
                            key: 'c',
                            label: t('channels'),
                            children: n.body.channels.map((c) => CHANNEL_LABELS[c] ?? c).join('、'),
                          },
                        ]
                      : []),
                  ]}
                />
                {open && (
                  <Button style={{ marginTop: 8 }} onClick={() => setObjecting(n)}>
                    {t('object')}
                  </Button>
                )}
              </Card>
            </List.Item>
          );
        }}
      />
      {objecting && <ObjectionModal notice={objecting} onClose={() => setObjecting(null)} />}
    </Card>
  );
}

/** Public notices and public topic-proposal pages (no login needed). */
export function NoticesPage() {
  return (
    <App>
      <Routes>
        <Route index element={<NoticeList />} />
        <Route path="topics/:roundId" element={<TopicRoundPage />} />
      </Routes>
    </App>
  );
}
