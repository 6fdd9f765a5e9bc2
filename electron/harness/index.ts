export { startHarness, type Harness, type HarnessOptions } from './harness.ts';
export { isAllowedHost, isAllowedOrigin, isLoopbackAddress, tokenMatches } from './security.ts';
