import { Alert, Space } from 'antd';
import type { ComponentType } from 'react';
import { useInboxText } from '../inbox-messages';
import { CommitmentForm } from './commitment-form';
import { SubmittedData, type StepFormProps } from './form-kit';
import { QuestioningForm, RatingForm } from './meeting-forms';
import { RectificationForm } from './rectification-form';
import { ReportForm } from './report-form';
import {
  AccountabilityForm,
  AggregationForm,
  CritiqueForm,
  InvestigateForm,
  NominateForm,
  ResultApplicationForm,
  TalkForm,
} from './simple-forms';
import { SpeakingForm } from './speaking-form';
import { TopicForm } from './topic-form';

const FORMS: Record<string, ComponentType<StepFormProps>> = {
  investigate: InvestigateForm,
  nominate: NominateForm,
  topicSelection: TopicForm,
  reportWriting: ReportForm,
  speaking: SpeakingForm,
  critique: CritiqueForm,
  questioning: QuestioningForm,
  rating: RatingForm,
  aggregation: AggregationForm,
  commitment: CommitmentForm,
  talk: TalkForm,
  rectification: RectificationForm,
  accountability: AccountabilityForm,
  resultApplication: ResultApplicationForm,
};

/** Kinds whose page is shared by several people (raters, answerers, verifiers, countersigners). */
const SHARED = [
  'rating',
  'questioning',
  'rectification',
  'commitment',
  'topicSelection',
  'speaking',
];

/** The form of a task's step, or what was submitted once it is done. */
export function StepForm(props: StepFormProps) {
  const { t } = useInboxText();
  const { detail } = props;
  const open = detail.task.status === 'open' || detail.task.status === 'claimed';
  const Form = FORMS[detail.task.stepKind];
  if (open && Form && (detail.can.complete || SHARED.includes(detail.task.stepKind))) {
    return <Form {...props} />;
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {open && <Alert type="info" message={t('readOnly')} />}
      {Form && SHARED.includes(detail.task.stepKind) && !open ? <Form {...props} /> : null}
      <SubmittedData data={detail.data} />
    </Space>
  );
}
