/**
 * What a workbook carries so that anyone can check it offline, without the cache: the public keys
 * of the signers, each sign-off's signed audit entry exactly as it was signed, and the reviews the
 * signed statement attests (their notes by digest). About holds them, each table under its title;
 * `concilia verify` reads them back with the workbook's own figures (verify.ts).
 */

/**
 * The English titles and headers of About's evidence tables (the workbook writes them in its
 * language). The longest texts (a signed entry, a key, a hash) come second, in About's widest
 * column, so they wrap into few lines on a portrait page; readers find each column by its header.
 */
export const EVIDENCE = {
  keys: { title: 'Public keys of the signers', headers: ['Account', 'Public key (Ed25519)', 'Display name', 'Key fingerprint'] },
  signoffs: {
    title: 'Signed sign-off entries (what concilia verify checks)',
    headers: ['Sign-off', 'Signed entry', 'Role', 'Account', 'Display name', 'Status', 'Signature', 'Signed at (UTC)', 'Key fingerprint'],
  },
  reviews: { title: 'Reviews the sign-off attests', headers: ['Key', 'Note (sha256)', 'Review state', 'Reason'] },
} as const;

/** A signer's public key as About lists it. */
export interface SignerKeyLine {
  account: string;
  displayName: string;
  fingerprint: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
}

/** One sign-off's signed audit entry as About lists it. */
export interface SignedEntryLine {
  signoffId: number;
  role: 'preparer' | 'reviewer';
  account: string;
  displayName: string;
  signedAt: string;
  fingerprint: string;
  status: 'live' | 'voided';
  /** Ed25519 signature (base64) of `signedText`. */
  signature: string;
  /** The exact text the signature covers (the audit log's signed text of the 'signoff.sign' entry). */
  signedText: string;
}

/** A settled review the signed statement attests. */
export interface AttestedReviewLine {
  item: string;
  state: string;
  reason: string | null;
  /** sha256 (hex) of the note, as the statement holds it. */
  noteSha256: string | null;
}

export interface WorkbookEvidence {
  keys: SignerKeyLine[];
  signoffs: SignedEntryLine[];
  reviews: AttestedReviewLine[];
}
