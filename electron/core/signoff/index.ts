export { signOff, readiness, revalidateSignoffs, type SignoffDeps, type Readiness, type RangeOf } from './signoff.ts';
export { attest, rangeItems, emptyTally, type Attestation, type RangeItem } from './attest.ts';
export { countersign, checkCountersignature, importSignoff, readCountersignature, readCountersignatureFile, sha256OfBytes, type CountersignatureCheck, type ImportSignoffOptions } from './countersign.ts';
export { Countersignature, makeCountersignature, countersignaturePath, countersignatureText, type CountersignedSignoff } from './countersignature.ts';
