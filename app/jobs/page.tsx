import { JobsList } from '@/components/jobs/jobs-list';

export default function JobsPage() {
  return <JobsList />;
}
