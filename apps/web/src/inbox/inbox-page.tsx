import { SectionPage } from '../pages/section-page';

export function InboxPage() {
  return <SectionPage title="nav.inbox" intro="page.inbox.intro" />;
}
