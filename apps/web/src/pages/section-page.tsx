import { Card, Empty, Typography } from 'antd';
import { useI18n, type MessageKey } from '../i18n';

/** A top-level section with its title and purpose; each section fills its body in its own issue. */
export function SectionPage({ title, intro }: { title: MessageKey; intro: MessageKey }) {
  const { t } = useI18n();
  return (
    <Card>
      <Typography.Title level={3}>{t(title)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(intro)}</Typography.Paragraph>
      <Empty description={t('common.empty')} />
    </Card>
  );
}
