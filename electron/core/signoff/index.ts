export { signOff, readiness, revalidateSignoffs, type SignoffDeps, type Readiness, type RangeOf } from './signoff.ts';
export { attest, rangeItems, emptyTally, type Attestation, type RangeItem } from './attest.ts';
