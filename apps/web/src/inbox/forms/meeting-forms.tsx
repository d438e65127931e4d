import { ballotSchema, formIssues, ratingDimensions, ratingGrades } from '@shuping/contracts';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  List,
  Progress,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { inboxApi, type QuestionView } from '../inbox-api';
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

/** 提问: the step's people ask, the reporter answers; the step completes when all are answered. */
export function QuestioningForm({ detail, reload }: StepFormProps) {
  const { zh } = useInboxText();
  const act = useAction(reload);
  const [question, setQuestion] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { errors, busy, submit } = useStepSubmit(detail, reload);
  const questions: QuestionView[] = detail.questions ?? [];
  const composed = {
    questions: questions.map((q) => ({ id: q.id, question: q.question, answer: q.answer ?? '' })),
  };
  const asker = detail.can.complete;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        bordered
        dataSource={questions}
        locale={{ emptyText: zh ? '尚无提问' : 'No questions yet' }}
        renderItem={(q, i) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>
                {zh ? '问' : 'Q'}
                {i + 1}：{q.question}
              </Typography.Text>
              <Typography.Text type="secondary">
                {q.askedBy} · {formatTime(q.askedAt, zh)}
              </Typography.Text>
              {q.answer ? (
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  {zh ? '答：' : 'A: '}
                  {q.answer}（{q.answeredBy}）
                </Typography.Paragraph>
              ) : (
                <Tag color="orange">{zh ? '待回答' : 'Unanswered'}</Tag>
              )}
              {errors[`questions.${i}.answer`] && (
                <Typography.Text type="danger">{errors[`questions.${i}.answer`]}</Typography.Text>
              )}
              {detail.can.answer && (
                <Space.Compact style={{ width: '100%' }}>
                  <Input.TextArea
                    aria-label={zh ? `回答第${i + 1}个问题` : `Answer question ${i + 1}`}
                    rows={2}
                    value={answers[q.id] ?? ''}
                    onChange={(e) => setAnswers((a) => ({ ...a, [q.id]: e.target.value }))}
                  />
                  <Button
                    type="primary"
                    onClick={() => void act(() => inboxApi.answer(q.id, answers[q.id] ?? ''))}
                  >
                    {zh ? '回答' : 'Answer'}
                  </Button>
                </Space.Compact>
              )}
            </Space>
          </List.Item>
        )}
      />
      {asker && (
        <Card size="small" title={zh ? '提出问题' : 'Ask'}>
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              aria-label={zh ? '问题' : 'Question'}
              rows={2}
              value={question}
              onChange={(e) => setQuestion(e.target.value)}
            />
            <Button
              onClick={() =>
                void act(() => inboxApi.ask(detail.task.id, question)).then(
                  (ok) => ok && setQuestion(''),
                )
              }
            >
              {zh ? '提问' : 'Ask'}
            </Button>
          </Space.Compact>
        </Card>
      )}
      {asker && (
        <>
          <OtherErrors errors={errors} shown={['questions']} />
          <SubmitBar
            busy={busy}
            label={zh ? '结束提问' : 'Close questioning'}
            onSubmit={() => void submit({}, composed)}
          />
        </>
      )}
    </Space>
  );
}

/** 测评: a ballot of dimensions × grades; progress of ballots; the organiser closes the round. */
export function RatingForm({ detail, reload }: StepFormProps) {
  const { zh } = useInboxText();
  const act = useAction(reload);
  const settings = detail.form.settings;
  const grades = ratingGrades(settings);
  const dims = ratingDimensions(settings);
  const rating = detail.rating;
  const [grade, setGrade] = useState<string>();
  const [dimensions, setDimensions] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const ballot = {
    grade,
    ...(dims.length > 0 ? { dimensions } : {}),
    ...(comment.trim() ? { comment } : {}),
  };
  const cast = async () => {
    const parsed = ballotSchema(settings).safeParse(ballot);
    if (!parsed.success) {
      setErrors(errorsOf(formIssues(parsed.error)));
      return;
    }
    setErrors({});
    await act(() => inboxApi.complete(detail.task.id, ballot), zh ? '已投票' : 'Voted');
  };
  if (!rating) return null;
  const result = rating.result;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card size="small" title={zh ? '收票进度' : 'Ballots'}>
        <Progress
          percent={rating.eligible > 0 ? Math.round((rating.received / rating.eligible) * 100) : 0}
          format={() => `${rating.received} / ${rating.eligible}`}
        />
        <Space wrap>
          {rating.byGroup.map((g) => (
            <Tag key={g.group}>
              {g.group}：{g.received}
            </Tag>
          ))}
          {rating.anonymous && <Tag color="green">{zh ? '无记名投票' : 'Secret ballot'}</Tag>}
        </Space>
        {rating.canClose && (
          <div style={{ marginTop: 12 }}>
            <Button danger onClick={() => void act(() => inboxApi.closeRating(detail.task.id))}>
              {zh ? '结束测评并汇总' : 'Close and aggregate'}
            </Button>
          </div>
        )}
      </Card>
      {result && (
        <Alert
          type="success"
          message={`${zh ? '测评结果' : 'Result'}：${typeof result['grade'] === 'string' ? result['grade'] : '—'}`}
          description={typeof result['explanation'] === 'string' ? result['explanation'] : ''}
        />
      )}
      {rating.voted && (
        <Alert type="info" message={zh ? '您已投票，感谢参与。' : 'You have voted.'} />
      )}
      {rating.canVote && (
        <Card title={zh ? '测评票' : 'Ballot'}>
          <Form layout="vertical">
            {dims.length > 0 && (
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={dims}
                scroll={{ x: true }}
                columns={[
                  {
                    title: zh ? '测评维度' : 'Dimension',
                    render: (_, d) => (zh ? d.title.zh : d.title.en),
                  },
                  {
                    title: zh ? '等次' : 'Grade',
                    render: (_, d) => (
                      <Radio.Group
                        aria-label={d.title.zh}
                        value={dimensions[d.key]}
                        onChange={(e) =>
                          setDimensions((all) => ({ ...all, [d.key]: e.target.value as string }))
                        }
                        options={grades.map((g) => ({ value: g, label: g }))}
                      />
                    ),
                  },
                ]}
              />
            )}
            <Form.Item
              label={zh ? '综合评价' : 'Overall'}
              required
              {...fieldState(errors, 'grade')}
              style={{ marginTop: 16 }}
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                size="large"
                aria-label={zh ? '综合评价' : 'Overall'}
                value={grade}
                onChange={(e) => setGrade(e.target.value as string)}
                options={grades.map((g) => ({ value: g, label: g }))}
              />
            </Form.Item>
            {errors['dimensions'] && (
              <Typography.Text type="danger">{errors['dimensions']}</Typography.Text>
            )}
            <Form.Item label={zh ? '意见（可选）' : 'Comment (optional)'}>
              <Input.TextArea
                aria-label="意见"
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </Form.Item>
            <Button type="primary" size="large" onClick={() => void cast()}>
              {zh ? '投票' : 'Vote'}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
