import { AuditView } from '@/components/audit/audit-view';
import { pageTitle } from '@/app/_server/page-title';

export const metadata = { title: pageTitle('Audit log') };

export default function AuditPage() {
  return <AuditView />;
}
