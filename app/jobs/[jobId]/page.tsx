import { notFound } from 'next/navigation';
import { notFoundUnlessExists } from '@/app/_server/page-exists';
import { JobDetail } from '@/components/jobs/job-detail';
import { jobIdParamsSchema } from '@/lib/contracts/jobs';
import { getJob } from '@/server/jobs/runner';
import { titled } from '@/app/_server/page-title';

export const generateMetadata = titled((p) => [`Job ${p.jobId}`]);

export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  // No job can have an id of another shape (the API answers 400 for it): nothing to look up.
  if (!jobIdParamsSchema.safeParse({ jobId }).success) notFound();
  // Only whether the id exists: who may see an existing job is the API's to decide (server/jobs/access.ts).
  await notFoundUnlessExists(null, () => getJob(jobId));
  return <JobDetail id={jobId} />;
}
