import { JobDetail } from '@/components/jobs/job-detail';

export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  return <JobDetail id={jobId} />;
}
