import { SectionPage } from '../pages/section-page';

export function NoticesPage() {
  return <SectionPage title="nav.notices" intro="page.notices.intro" />;
}
