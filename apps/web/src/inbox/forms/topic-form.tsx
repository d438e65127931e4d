import { Alert, Button, Card, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { inboxApi, type TopicProposal } from '../inbox-api';
import { useInboxText } from '../inbox-messages';
import { OtherErrors, SubmitBar, useAction, useStepSubmit, type StepFormProps } from './form-kit';

const STATUS: Record<TopicProposal['status'], { zh: string; color: string }> = {
  new: { zh: '待分类', color: 'default' },
  accepted: { zh: '已采纳', color: 'green' },
  rejected: { zh: '不采纳', color: 'red' },
  merged: { zh: '已合并', color: 'purple' },
};

/** 群众点题 (staff): the public link, proposals with support; classify, merge, choose. */
export function TopicForm({ detail, reload }: StepFormProps) {
  const { zh } = useInboxText();
  const act = useAction(reload);
  const round = detail.topics;
  const [chosen, setChosen] = useState<string>();
  const [text, setText] = useState('');
  const [category, setCategory] = useState<string>();
  const { errors, busy, submit } = useStepSubmit(detail, reload);
  if (!round) return null;
  const url = `${window.location.origin}/notices/topics/${round.id}`;
  const catLabel = (key: string | null) =>
    round.categories.find((c) => c.key === key)?.title[zh ? 'zh' : 'en'] ?? key ?? '—';
  const live = round.proposals.filter((p) => p.status === 'new' || p.status === 'accepted');
  const pick = live.find((p) => p.id === chosen);
  const composed = pick
    ? {
        proposalId: pick.id,
        topic: pick.text,
        category: pick.category,
        support: pick.support,
        proposals: live.length,
      }
    : { proposals: live.length };
  const staff = detail.can.complete || detail.task.via === 'overseer';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Alert
        type="info"
        showIcon
        message={
          zh
            ? '公开征集页面（群众无需登录，每个手机号/身份证号每轮可提一个题目、支持一个题目）'
            : 'Public page'
        }
        description={
          <Typography.Paragraph copyable={{ text: url }} style={{ marginBottom: 0 }}>
            <a href={url} target="_blank" rel="noreferrer">
              {url}
            </a>
            {'  '}
            {round.open ? (
              <Tag color="green">{zh ? '征集中' : 'Open'}</Tag>
            ) : (
              <Tag>{zh ? '已结束' : 'Closed'}</Tag>
            )}
            {zh ? `共 ${round.votes} 人次支持` : `${round.votes} votes`}
          </Typography.Paragraph>
        }
      />
      <Table<TopicProposal>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={round.proposals}
        scroll={{ x: true }}
        columns={[
          {
            title: zh ? '选定' : 'Choose',
            render: (_, p) =>
              (p.status === 'new' || p.status === 'accepted') && detail.can.complete ? (
                <Radio
                  aria-label={p.text}
                  checked={chosen === p.id}
                  onChange={() => setChosen(p.id)}
                />
              ) : null,
          },
          { title: zh ? '题目' : 'Topic', dataIndex: 'text' },
          {
            title: zh ? '支持' : 'Support',
            dataIndex: 'support',
            sorter: (a, b) => a.support - b.support,
          },
          {
            title: zh ? '分类' : 'Category',
            render: (_, p) =>
              staff && p.status !== 'merged' ? (
                <Select
                  aria-label={zh ? '分类' : 'Category'}
                  allowClear
                  style={{ minWidth: 120 }}
                  value={p.category ?? undefined}
                  onChange={(c?: string) =>
                    void act(() =>
                      inboxApi.classifyTopic(
                        p.id,
                        c ?? null,
                        p.status === 'new' ? 'accepted' : p.status,
                      ),
                    )
                  }
                  options={round.categories.map((c) => ({
                    value: c.key,
                    label: c.title[zh ? 'zh' : 'en'],
                  }))}
                />
              ) : (
                catLabel(p.category)
              ),
          },
          {
            title: zh ? '状态' : 'Status',
            render: (_, p) => (
              <Tag color={STATUS[p.status].color}>{zh ? STATUS[p.status].zh : p.status}</Tag>
            ),
          },
          {
            title: zh ? '处理' : 'Actions',
            render: (_, p) =>
              staff && p.status !== 'merged' ? (
                <Space wrap>
                  {p.status !== 'accepted' && (
                    <Button
                      size="small"
                      onClick={() =>
                        void act(() => inboxApi.classifyTopic(p.id, p.category, 'accepted'))
                      }
                    >
                      {zh ? '采纳' : 'Accept'}
                    </Button>
                  )}
                  {p.status !== 'rejected' && (
                    <Button
                      size="small"
                      onClick={() =>
                        void act(() => inboxApi.classifyTopic(p.id, p.category, 'rejected'))
                      }
                    >
                      {zh ? '不采纳' : 'Reject'}
                    </Button>
                  )}
                  <Select
                    size="small"
                    aria-label={zh ? '合并到' : 'Merge into'}
                    placeholder={zh ? '合并到…' : 'Merge into…'}
                    style={{ minWidth: 120 }}
                    value={null}
                    onChange={(into: string) => void act(() => inboxApi.mergeTopic(p.id, into))}
                    options={live
                      .filter((o) => o.id !== p.id)
                      .map((o) => ({ value: o.id, label: o.text }))}
                  />
                </Space>
              ) : null,
          },
        ]}
      />
      {staff && (
        <Card size="small" title={zh ? '补充走访、座谈中收集的题目' : 'Add a topic from visits'}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label={zh ? '题目' : 'Topic'}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <Select
              aria-label={zh ? '分类' : 'Category'}
              allowClear
              style={{ minWidth: 120 }}
              value={category}
              onChange={(c?: string) => setCategory(c)}
              options={round.categories.map((c) => ({
                value: c.key,
                label: c.title[zh ? 'zh' : 'en'],
              }))}
            />
            <Button
              onClick={() =>
                void act(() => inboxApi.addTopic(detail.task.id, text, category)).then(
                  (ok) => ok && setText(''),
                )
              }
            >
              {zh ? '添加' : 'Add'}
            </Button>
          </Space.Compact>
        </Card>
      )}
      {detail.can.complete && (
        <>
          <Typography.Text type="secondary">
            {round.pick === 'mostSupported'
              ? zh
                ? '本环节须选定支持人数最多的题目作为述职题目。'
                : 'The most supported topic must be chosen.'
              : zh
                ? '由党委从采纳的题目中选定。'
                : 'The committee chooses among accepted topics.'}
          </Typography.Text>
          <OtherErrors errors={errors} shown={[]} />
          <SubmitBar
            busy={busy}
            label={zh ? '确定述职题目' : 'Choose the topic'}
            onSubmit={() => void submit(chosen ? { proposalId: chosen } : {}, composed)}
          />
        </>
      )}
    </Space>
  );
}
