import { formIssues, topicProposalSchema, topicVoteSchema } from '@shuping/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { noticesApi, type PublicTopicRound } from './notices-api';
import { useNoticesText } from './notices-messages';

type Errors = Record<string, string>;
const errorsOf = (issues: { path: string; message: string }[]): Errors =>
  Object.fromEntries(issues.map((i) => [i.path, i.message]));

/** 群众点题 (public): propose a topic or support one; no login, one of each per person. */
export function TopicRoundPage() {
  const { roundId } = useParams<{ roundId: string }>();
  const { t, zh } = useNoticesText();
  const { message } = App.useApp();
  const [round, setRound] = useState<PublicTopicRound | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [category, setCategory] = useState<string>();
  const [identity, setIdentity] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [supporting, setSupporting] = useState<string | null>(null);
  const [voter, setVoter] = useState('');
  const [voteErrors, setVoteErrors] = useState<Errors>({});

  const load = useCallback(async () => {
    if (!roundId) return;
    try {
      setRound(await noticesApi.round(roundId));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [roundId]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Alert type="error" message={error} />;
  if (!round || !roundId) return <Spin />;

  const propose = async () => {
    const parsed = topicProposalSchema.safeParse({
      text,
      identity,
      ...(category ? { category } : {}),
    });
    if (!parsed.success) {
      setErrors(errorsOf(formIssues(parsed.error)));
      return;
    }
    setErrors({});
    try {
      setRound(
        await noticesApi.propose(
          roundId,
          parsed.data.text,
          parsed.data.identity,
          parsed.data.category,
        ),
      );
      setText('');
      void message.success(t('topic.proposed'));
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const vote = async () => {
    const parsed = topicVoteSchema.safeParse({ proposalId: supporting, identity: voter });
    if (!parsed.success) {
      setVoteErrors(errorsOf(formIssues(parsed.error)));
      return;
    }
    try {
      setRound(await noticesApi.vote(roundId, parsed.data.proposalId, parsed.data.identity));
      setSupporting(null);
      setVoteErrors({});
      void message.success(t('topic.voted'));
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const catLabel = (key: string | null) =>
    round.categories.find((c) => c.key === key)?.title[zh ? 'zh' : 'en'];

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 720 }}>
      <Card>
        <Typography.Title level={3}>
          {t('topic.title')} · {round.orgName}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('topic.intro')}</Typography.Paragraph>
        {round.closesAt && (
          <Typography.Paragraph>
            {t('topic.closesAt')}：
            {new Date(round.closesAt).toLocaleString('zh-CN', {
              timeZone: 'Asia/Shanghai',
              hour12: false,
            })}
          </Typography.Paragraph>
        )}
        {!round.open && <Alert type="warning" message={t('topic.closed')} />}
        {round.open && (
          <Form layout="vertical">
            <Form.Item
              label={t('topic.text')}
              required
              validateStatus={errors['text'] ? 'error' : undefined}
              help={errors['text']}
            >
              <Input.TextArea
                aria-label={t('topic.text')}
                rows={3}
                maxLength={500}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </Form.Item>
            {round.categories.length > 0 && (
              <Form.Item label={t('topic.category')}>
                <Select
                  aria-label={t('topic.category')}
                  allowClear
                  value={category}
                  onChange={(c?: string) => setCategory(c)}
                  options={round.categories.map((c) => ({
                    value: c.key,
                    label: c.title[zh ? 'zh' : 'en'],
                  }))}
                />
              </Form.Item>
            )}
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
            <Button type="primary" size="large" block onClick={() => void propose()}>
              {t('topic.propose')}
            </Button>
          </Form>
        )}
      </Card>
      <Card title={t('topic.list')}>
        <List
          dataSource={round.proposals}
          renderItem={(p) => (
            <List.Item
              actions={
                round.open
                  ? [
                      <Button key="support" onClick={() => setSupporting(p.id)}>
                        {t('topic.support')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{p.text}</Typography.Text>
                <Space wrap>
                  <span>
                    {p.support} {t('topic.supporters')}
                  </span>
                  {p.category && <Tag>{catLabel(p.category) ?? p.category}</Tag>}
                  {round.chosenProposalId === p.id && <Tag color="red">{t('topic.chosen')}</Tag>}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={supporting !== null}
        title={t('topic.support')}
        onOk={() => void vote()}
        onCancel={() => setSupporting(null)}
        okText={t('submit')}
        cancelText={t('cancel')}
      >
        <Form layout="vertical">
          <Form.Item
            label={t('identity')}
            required
            validateStatus={voteErrors['identity'] ? 'error' : undefined}
            help={voteErrors['identity'] ?? t('identityHelp')}
          >
            <Input
              aria-label={t('identity')}
              inputMode="numeric"
              value={voter}
              onChange={(e) => setVoter(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
