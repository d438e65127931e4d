import { SectionPage } from '../pages/section-page';

export function SupervisionPage() {
  return <SectionPage title="nav.supervision" intro="page.supervision.intro" />;
}
