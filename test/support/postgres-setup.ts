/**
 * vitest globalSetup of the `postgres` project: one throwaway cluster for the whole run, handed
 * to the test files through `inject('postgres')`, stopped and removed when the run ends.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startCluster, type PostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresCluster;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  const { stop, ...shared } = cluster;
  // The group roles are the cluster's, not a database's: made once here, so that test files
  // migrating their own databases side by side never race to create them.
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.adminUser, password: cluster.adminPassword, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query('CREATE ROLE concilia_member NOLOGIN; CREATE ROLE concilia_auditor NOLOGIN');
  } finally {
    await admin.end();
  }
  project.provide('postgres', shared);
  return stop;
}
