import 'server-only';

/** Jobs and their checkpoints, so a job interrupted by a restart resumes where it stopped. Ids 100-199 are the jobs'. */
export const JOB_MIGRATIONS = [
  {
    id: 100,
    name: 'jobs',
    sql: [
      `CREATE TABLE jobs (
         id          text        PRIMARY KEY,
         kind        text        NOT NULL,
         params      jsonb       NOT NULL,
         status      text        NOT NULL,
         progress    jsonb       NOT NULL,
         checkpoint  jsonb,
         result      jsonb,
         error       text,
         created_by  text        NOT NULL,
         created_at  timestamptz NOT NULL DEFAULT now(),
         started_at  timestamptz,
         finished_at timestamptz,
         updated_at  timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX jobs_created_at ON jobs (created_at DESC)`,
    ],
  },
  {
    // Replicas on one PostgreSQL: the replica running a job holds a lease it renews; when it lapses another claims it.
    id: 101,
    name: 'job leases',
    sql: [
      `ALTER TABLE jobs ADD COLUMN owner text`,
      `ALTER TABLE jobs ADD COLUMN lease_until timestamptz`,
      `ALTER TABLE jobs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false`,
    ],
  },
];
