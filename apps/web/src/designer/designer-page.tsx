import { SectionPage } from '../pages/section-page';

export function DesignerPage() {
  return <SectionPage title="nav.designer" intro="page.designer.intro" />;
}
