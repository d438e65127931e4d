import { SectionPage } from '../pages/section-page';

export function AdminPage() {
  return <SectionPage title="nav.admin" intro="page.admin.intro" />;
}
