import { JobsList } from '@/components/jobs/jobs-list';
import { pageTitle } from '@/app/_server/page-title';

export const metadata = { title: pageTitle('Jobs') };

export default function JobsPage() {
  return <JobsList />;
}
