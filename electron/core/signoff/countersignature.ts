/**
 * A countersignature: a reviewer's sign-off of a workbook the preparer signed, made on another
 * computer with no cache of the connection and no upstream credentials, and carried back as a
 * small file beside the workbook (`acme-2025-03.countersigned.json`).
 *
 * Why a file beside the workbook rather than a new workbook: the workbook stays byte for byte the
 * evidence the preparer sent (the file names its sha256), the reviewer sends back something small
 * that holds no figure that could drift from the workbook's, and the final evidence is the
 * preparer's next export, whose cover shows both signatures. An auditor can read the file as it
 * is: plain field names, one sentence saying what it is.
 *
 * What the reviewer signs is not a format of its own but the two audit entries the preparer's
 * cache will hold (review/audit.ts `signedText`, version 1), so the signature checked on import
 * is the very signature `concilia audit verify` checks later, by the reviewer's own key:
 *  - `registration`: 'identity.register' of the reviewer's account and public key, signed by that
 *    key (how an audit log learns a key; a cache that already knows the key does not need it);
 *  - `signature`: 'signoff.countersign', subject "countersign:<statement hash>", whose payload
 *    names the range, the statement hash the preparer signed (review/statement.ts), the figures
 *    hash, what the statement attests (the preparer's entry's counts and tolerance, so a workbook
 *    verifier rebuilds the statement from either entry alike), the preparer's account, key
 *    fingerprint and signing time, and the workbook's sha256.
 * Both entries are rebuilt here from the file's fields, so nothing in the file is trusted that
 * the signature does not cover (`says` excepted: it is for people and never read back).
 *
 * Format `concilia-countersignature/1`, JSON (UTF-8):
 *   { format, says, connection, from, to, period, statementHash, figuresHash,
 *     workbook: { file, sha256 },
 *     preparer: { accountId, displayName, fingerprint, signedAt }, attested,
 *     reviewer: { accountId, displayName, publicKey, fingerprint },
 *     signedAt, registration: { at, signature }, signature }
 * The test vector in test/unit/signoff/countersignature.test.ts pins it.
 */
import { z } from 'zod';
import { fingerprintOf, verifySignature, type Identity } from '../identity/identity.ts';
import { signedText } from '../review/audit.ts';
import { canonicalJson } from '../review/canonical.ts';
import { COUNTERSIGN_ACTION, type PresignedEntry } from '../review/types.ts';

export const COUNTERSIGNATURE_FORMAT = 'concilia-countersignature/1';
export { COUNTERSIGN_ACTION };

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200);
const name = z.string().min(1).max(200);

export const Countersignature = z.strictObject({
  format: z.literal(COUNTERSIGNATURE_FORMAT),
  says: z.string().max(2000),
  connection: name,
  from: day,
  to: day,
  period: z.enum(['month', 'week', 'range']),
  statementHash: hex64,
  figuresHash: hex64,
  workbook: z.strictObject({ file: z.string().max(500), sha256: hex64 }),
  preparer: z.strictObject({ accountId: name, displayName: name, fingerprint: hex64, signedAt: instant }),
  /** What the preparer's signed entry says the statement attests (counts, tolerance): the reviewer attests the same. */
  attested: z.record(z.string(), z.json()),
  reviewer: z.strictObject({ accountId: name, displayName: name, publicKey: base64, fingerprint: hex64 }),
  signedAt: instant,
  registration: z.strictObject({ at: instant, signature: base64 }),
  signature: base64,
});
export type Countersignature = z.infer<typeof Countersignature>;

/** What the reviewer countersigns: the preparer's sign-off as a verified workbook shows it. */
export interface CountersignedSignoff {
  connection: string;
  from: string;
  to: string;
  period: 'month' | 'week' | 'range';
  statementHash: string;
  figuresHash: string;
  workbook: { file: string; sha256: string };
  preparer: { accountId: string; displayName: string; fingerprint: string; signedAt: string };
  /** The `attested` of the preparer's signed entry, as it is. */
  attested: Record<string, z.infer<ReturnType<typeof z.json>>>;
}

type Unsigned = Omit<Countersignature, 'registration' | 'signature' | 'says'>;

/** The reviewer's registration entry, as the preparer's audit log will hold it. */
export function registrationEntry(c: Pick<Unsigned, 'reviewer'>, at: string): Omit<PresignedEntry, 'signature'> {
  const { accountId, displayName, publicKey, fingerprint } = c.reviewer;
  return {
    at,
    actor: accountId,
    action: 'identity.register',
    connectionName: null,
    subject: `account:${accountId}`,
    payloadJson: canonicalJson({ accountId, displayName, publicKey, fingerprint }),
    keyFingerprint: fingerprint,
  };
}

/** The countersigning entry, as the preparer's audit log will hold it. */
export function countersignEntry(c: Unsigned): Omit<PresignedEntry, 'signature'> {
  return {
    at: c.signedAt,
    actor: c.reviewer.accountId,
    action: COUNTERSIGN_ACTION,
    connectionName: c.connection,
    subject: `countersign:${c.statementHash}`,
    payloadJson: canonicalJson({
      role: 'reviewer',
      from: c.from,
      to: c.to,
      period: c.period,
      dataHash: c.statementHash,
      figuresHash: c.figuresHash,
      attested: c.attested,
      preparer: c.preparer,
      workbookSha256: c.workbook.sha256,
    }),
    keyFingerprint: c.reviewer.fingerprint,
  };
}

function bytesOf(entry: Omit<PresignedEntry, 'signature'>): Buffer {
  return Buffer.from(
    signedText({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      connection_name: entry.connectionName,
      subject: entry.subject,
      payload_json: entry.payloadJson,
      key_fingerprint: entry.keyFingerprint,
    }),
    'utf8',
  );
}

/** The reviewer signs the preparer's sign-off (the caller has verified the workbook and refused the preparer's own account). */
export function makeCountersignature(signoff: CountersignedSignoff, reviewer: Identity, at: string, says: string): Countersignature {
  const unsigned: Unsigned = {
    format: COUNTERSIGNATURE_FORMAT,
    ...signoff,
    reviewer: { accountId: reviewer.accountId, displayName: reviewer.displayName, publicKey: reviewer.publicKey, fingerprint: reviewer.fingerprint },
    signedAt: at,
  };
  const registration = registrationEntry(unsigned, at);
  return {
    ...unsigned,
    says,
    registration: { at, signature: reviewer.sign(bytesOf(registration)) },
    signature: reviewer.sign(bytesOf(countersignEntry(unsigned))),
  };
}

/** The file's two entries, signatures checked against the public key it carries; null when either does not hold. */
export function signedEntries(c: Countersignature): { registration: PresignedEntry; countersign: PresignedEntry } | null {
  if (fingerprintOf(c.reviewer.publicKey) !== c.reviewer.fingerprint) return null;
  const registration = registrationEntry(c, c.registration.at);
  const countersign = countersignEntry(c);
  if (!verifySignature(c.reviewer.publicKey, bytesOf(registration), c.registration.signature)) return null;
  if (!verifySignature(c.reviewer.publicKey, bytesOf(countersign), c.signature)) return null;
  return { registration: { ...registration, signature: c.registration.signature }, countersign: { ...countersign, signature: c.signature } };
}

/** The file as it is written: indented, so a person can read it. */
export function countersignatureText(c: Countersignature): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

/** Where the countersignature of `workbook` goes: beside it, "<name>.countersigned.json". */
export function countersignaturePath(workbook: string): string {
  return `${workbook.replace(/\.xlsx$/i, '')}.countersigned.json`;
}
