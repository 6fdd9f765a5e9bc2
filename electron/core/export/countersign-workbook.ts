/**
 * The reviewer's side of countersigning, from the workbook alone: verify it first (the figures
 * hash recomputed from its rows, the preparer's signature checked against the key About lists,
 * nothing edited but the Review columns: verify.ts), say what the preparer signed, find the
 * reviewer's own notes in the Review columns, and sign (core/signoff/countersign.ts). No cache of
 * the connection and no credentials are needed.
 */
import type ExcelJS from 'exceljs';
import type { Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import type { Language } from '../language/language.ts';
import { ReviewError } from '../review/errors.ts';
import { noteDigest } from '../review/statement.ts';
import { countersign, sha256OfBytes } from '../signoff/countersign.ts';
import type { Countersignature, CountersignedSignoff } from '../signoff/countersignature.ts';
import { headerColumns, reviewReasonOf, reviewStateOf, sheetNamed, textOf } from './workbook-read.ts';
import { loadWorkbookFile, readEvidence, verifyWorkbook, type SignatureCheck, type WorkbookVerification } from './verify.ts';

/** A line of a Review column the reviewer filled, differing from what the preparer signed. */
export interface ReviewerNote {
  sheet: string;
  row: number;
  key: string;
  state: string;
  reason: string | null;
  note: string | null;
}

export interface WorkbookForReview {
  file: string;
  /** sha256 of the workbook's bytes: the countersignature names exactly this file. */
  sha256: string;
  verification: WorkbookVerification;
  /** The live preparer sign-off the workbook proves; null when it proves none. */
  signoff: CountersignedSignoff | null;
  /** The preparer's signature as verify checked it. */
  preparer: SignatureCheck | null;
  notes: ReviewerNote[];
}

/** Read and verify a workbook for review. */
export async function readWorkbookForReview(path: string): Promise<WorkbookForReview> {
  const { buffer, workbook } = await loadWorkbookFile(path);
  const verification = verifyWorkbook(workbook, path);
  const about = sheetNamed(workbook, 'About');
  const evidence = about ? readEvidence(about, path) : { keys: [], signoffs: [], reviews: [] };
  const preparer = verification.signatures.find((s) => s.role === 'preparer' && s.status === 'live') ?? null;
  const entry = preparer ? evidence.signoffs.find((e) => e.signoffId === preparer.signoffId) : undefined;
  const signed = entry ? signedPayload(entry.signedText) : null;
  const fileName = path.split(/[\\/]/).pop() ?? path;
  const signoff: CountersignedSignoff | null =
    preparer && signed && verification.ok
      ? {
          connection: verification.connection,
          from: verification.from,
          to: verification.to,
          period: verification.period,
          statementHash: signed.dataHash,
          figuresHash: signed.figuresHash,
          workbook: { file: fileName, sha256: sha256OfBytes(buffer) },
          preparer: { accountId: preparer.account, displayName: preparer.displayName, fingerprint: preparer.fingerprint, signedAt: preparer.signedAt },
          attested: signed.attested,
        }
      : null;
  const attested = new Map(evidence.reviews.map((r) => [r.item, r]));
  return { file: path, sha256: sha256OfBytes(buffer), verification, signoff, preparer, notes: reviewerNotes(workbook, path, attested) };
}

/** The preparer's signed entry's payload: the hashes and what it attests. */
function signedPayload(text: string): { dataHash: string; figuresHash: string; attested: CountersignedSignoff['attested'] } | null {
  try {
    const entry = JSON.parse(text) as { payload?: unknown };
    const payload = JSON.parse(String(entry.payload)) as { dataHash?: unknown; figuresHash?: unknown; attested?: unknown };
    if (typeof payload.dataHash !== 'string' || typeof payload.figuresHash !== 'string' || typeof payload.attested !== 'object' || payload.attested === null) return null;
    return { dataHash: payload.dataHash, figuresHash: payload.figuresHash, attested: payload.attested as CountersignedSignoff['attested'] };
  } catch {
    return null;
  }
}

/** Lines of the fillable sheets whose Review state, reason or note differ from the reviews the preparer signed. */
function reviewerNotes(workbook: ExcelJS.Workbook, file: string, signed: Map<string, { state: string; reason: string | null; noteSha256: string | null }>): ReviewerNote[] {
  const notes: ReviewerNote[] = [];
  for (const english of ['Discrepancies', 'Exceptions', 'Checks']) {
    const sheet = sheetNamed(workbook, english);
    if (!sheet) continue;
    const columns = headerColumns(sheet, ['Key', 'Review state', 'Reason', 'Note'], english, file);
    const seen = new Set<string>();
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const key = textOf(row.getCell(columns.Key ?? 0).value).trim();
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      const stateText = textOf(row.getCell(columns['Review state'] ?? 0).value).trim();
      const state = reviewStateOf(stateText) ?? (stateText === '' ? 'open' : stateText);
      const reasonText = textOf(row.getCell(columns.Reason ?? 0).value).trim();
      const reason = reasonText === '' ? null : (reviewReasonOf(reasonText) ?? reasonText);
      const noteText = textOf(row.getCell(columns.Note ?? 0).value).trim();
      const note = noteText === '' ? null : noteText;
      const before = signed.get(key) ?? { state: 'open', reason: null, noteSha256: null };
      if (state === before.state && reason === before.reason && noteDigest(note) === before.noteSha256) continue;
      notes.push({ sheet: sheet.name, row: r, key, state, reason, note });
    }
  }
  return notes;
}

/**
 * Countersign a workbook read for review: refused when it does not verify, when it proves no live
 * preparer sign-off, or when the reviewer is the preparer (countersign).
 */
export function countersignWorkbook(review: WorkbookForReview, reviewer: Identity, clock: Clock, language: Language): Countersignature {
  const file = review.file.split(/[\\/]/).pop() ?? review.file;
  if (review.verification.verdict === 'altered') throw ReviewError.of({ code: 'countersign_altered', file });
  if (review.signoff === null) throw ReviewError.of({ code: 'countersign_not_signed', file });
  return countersign(review.signoff, reviewer, clock, language);
}
