/**
 * vitest globalSetup of the `postgres` project: one throwaway cluster for the whole run, handed
 * to the test files through `inject('postgres')`, stopped and removed when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { createGroupRoles, startCluster, type PostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresCluster;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  const { stop, ...shared } = cluster;
  await createGroupRoles(cluster);
  project.provide('postgres', shared);
  return stop;
}
