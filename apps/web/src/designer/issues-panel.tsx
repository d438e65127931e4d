import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Empty, Tag, Typography } from 'antd';
import { memo } from 'react';
import { useI18n } from '../i18n';
import { format, pick, ui } from './designer-messages';
import type { DesignerIssue } from './graph/designer-checks';

/** The problems of the definition; clicking one selects the step or transition concerned. */
export const IssuesPanel = memo(function IssuesPanel({
  issues,
  checking,
  titleOf,
  onPick,
}: {
  issues: readonly DesignerIssue[];
  checking: boolean;
  titleOf: (stateKey: string) => string;
  onPick: (issue: DesignerIssue) => void;
}) {
  const { language } = useI18n();
  if (issues.length === 0) {
    return (
      <Empty
        image={<CheckCircleOutlined style={{ fontSize: 40, color: '#52c41a' }} />}
        description={checking ? pick(ui.checking, language) : pick(ui.noIssues, language)}
      />
    );
  }
  return (
    <section aria-label={pick(ui.issues, language)}>
      <Typography.Text type="danger" strong>
        {format(pick(ui.issuesCount, language), { n: issues.length })}
      </Typography.Text>
      <ul className="sp-issues">
        {issues.map((issue, i) => (
          <li key={`${issue.path}-${issue.code}-${i}`}>
            <button type="button" className="sp-issues__item" onClick={() => onPick(issue)}>
              <WarningOutlined className="sp-issues__icon" />
              <span className="sp-issues__text">
                {issue.state && <strong>{titleOf(issue.state)}：</strong>}
                {pick(issue.message, language)}
              </span>
              <Tag className="sp-issues__code">{issue.code}</Tag>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
});
