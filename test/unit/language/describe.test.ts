/**
 * Sentences people read, in English and Spanish, from structured data: never a key, a code or a
 * field name, and amounts with every digit they have.
 */
import { describe, expect, it } from 'vitest';
import {
  describeActor,
  describeAuditEntry,
  describeChange,
  describeProblem,
  describeVerification,
  describeVoid,
  formatDecimal,
  languageFromEnv,
} from '../../../electron/core/language/index.ts';
import type { ItemLabel } from '../../../electron/core/review/index.ts';

const rutas: ItemLabel = { key: 'P|504210987624|2025-03-01', name: 'Rutas Andinas', periodStart: '2025-03-01', periodKind: 'month', currency: 'COP' };
const INTERNAL = /P\||B\||F\||providerReported|provider_reported|carried_forward|upstream_error|signoff\.|review\.set/;

describe('the language of the command line', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG; Spanish for es_*, else English', () => {
    expect(languageFromEnv({})).toBe('en');
    expect(languageFromEnv({ LANG: 'es_CO.UTF-8' })).toBe('es');
    expect(languageFromEnv({ LANG: 'es_CO.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'en_GB.UTF-8', LC_MESSAGES: 'es' })).toBe('es');
    expect(languageFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LC_ALL: '', LANG: 'es_ES' })).toBe('es');
  });
});

describe('figures', () => {
  it('keep every digit, with the separators of the language', () => {
    expect(formatDecimal('37871055.00', 'en')).toBe('37,871,055.00');
    expect(formatDecimal('37871055.00', 'es')).toBe('37.871.055,00');
    expect(formatDecimal('-1234567890123456.789', 'en')).toBe('-1,234,567,890,123,456.789');
    expect(formatDecimal('12', 'es')).toBe('12');
    expect(formatDecimal('PAYMENT_COMPLETE', 'en')).toBe('PAYMENT_COMPLETE');
  });
});

describe('a changed figure', () => {
  it('names the item and the figure in words, old and new', () => {
    const change = { item: rutas, field: 'providerReported', from: '37871055.00', to: '38121055.00' };
    expect(describeChange(change, 'en')).toBe('Provider-reported for Rutas Andinas, March 2025 changed from 37,871,055.00 to 38,121,055.00');
    expect(describeChange(change, 'es')).toBe('Informado por el proveedor de Rutas Andinas, marzo de 2025 cambió de 37.871.055,00 a 38.121.055,00');
    // As sync records it (snake case, minor units already formatted).
    expect(describeChange({ ...change, field: 'provider_reported' }, 'en')).toBe(describeChange(change, 'en'));
  });

  it('says a billing period\'s status and dates in words, and a row that came or went', () => {
    const bp: ItemLabel = { key: 'B|102', name: 'Loan 8', periodStart: '2026-01-05', periodKind: 'week', currency: 'NGN' };
    expect(describeChange({ item: bp, field: 'status', from: 'PENDING', to: 'PAYMENT_FAILED' }, 'en')).toBe(
      'Status for billing period 102 (Loan 8), week of January 5, 2026 changed from pending to payment failed',
    );
    expect(describeChange({ item: bp, field: 'status', from: 'PENDING', to: 'PAYMENT_FAILED' }, 'es')).toBe(
      'Estado de periodo de facturación 102 (Loan 8), semana del 5 de enero de 2026 cambió de pendiente a pago fallido',
    );
    expect(describeChange({ item: rutas, field: 'row', from: 'present', to: 'absent' }, 'en')).toBe('Rutas Andinas, March 2025 disappeared');
    expect(describeChange({ item: bp, field: 'presence', from: 'absent', to: 'present' }, 'es')).toBe('Apareció periodo de facturación 102 (Loan 8), semana del 5 de enero de 2026');
  });

  it('names a finding by its check, and an unnamed provider by its number', () => {
    const finding: ItemLabel = { key: 'F|paid_plus_pending|7|2026-02-01', name: null, periodStart: '2026-02-01', periodKind: 'month', currency: null };
    expect(describeAuditEntry({ action: 'review.set', subject: finding.key, payload: { itemKey: finding.key, state: 'resolved', reason: 'upstream_error', note: 'fixed', previous: null } }, 'en', () => finding)).toBe(
      'Marked the finding “Paid plus pending does not equal invoiced” for provider 7, February 2026 as resolved (error at the source): “fixed”.',
    );
  });
});

describe('audit entries', () => {
  it('a review, with what it replaced', () => {
    const entry = {
      action: 'review.set',
      subject: rutas.key,
      payload: { itemKey: rutas.key, state: 'carried_forward', reason: 'timing', note: 'credit note in April', previous: { state: 'explained', reason: 'pricing', note: 'x', author: 'Ana' } },
    };
    expect(describeAuditEntry(entry, 'en', () => rutas)).toBe('Marked Rutas Andinas, March 2025 as carried forward (timing): “credit note in April”; it was explained.');
    expect(describeAuditEntry(entry, 'es', () => rutas)).toBe(
      'Marcó Rutas Andinas, marzo de 2025 como trasladada al periodo siguiente (desfase temporal): «credit note in April»; antes estaba explicada.',
    );
  });

  it('a reopening, a sign-off, a void, a tolerance change, a key and a name', () => {
    const reopen = { action: 'review.reopen', subject: rutas.key, payload: { itemKey: rutas.key, item: { ...rutas }, changes: [{ field: 'providerReported', from: '1.00', to: '2.00' }], previous: { state: 'explained' } } };
    expect(describeAuditEntry(reopen, 'en')).toBe('Reopened Rutas Andinas, March 2025 because its figures changed: Provider-reported for Rutas Andinas, March 2025 changed from 1.00 to 2.00. It was explained.');
    const tally = { discrepancies: { open: 0, explained: 3, resolved: 1, carried_forward: 1 }, findings: { open: 0, explained: 1, resolved: 0, carried_forward: 0 }, exceptions: { open: 0, explained: 0, resolved: 0, carried_forward: 0 } };
    const sign = { action: 'signoff.sign', subject: 'signoff:4', payload: { from: '2025-03-01', to: '2025-03-31', period: 'month', role: 'preparer', attested: { tolerance: { abs: '5000.00', pct: '0.5', currency: 'COP' }, tally } } };
    expect(describeAuditEntry(sign, 'en')).toBe('Signed off March 1, 2025 to March 31, 2025 (monthly) as preparer: 4 explained, 1 resolved, 1 carried forward; tolerance 5,000.00 COP or 0.5 %.');
    expect(describeAuditEntry(sign, 'es')).toBe(
      'Aprobó del 1 de marzo de 2025 al 31 de marzo de 2025 (mensual) como preparador: 4 explicadas, 1 resueltas, 1 trasladadas al periodo siguiente; tolerancia 5.000,00 COP o 0,5 %.',
    );
    const tolerance = { action: 'tolerance.set', subject: 'acme', payload: { currency: 'COP', from: { abs: '0.00', pct: '0.5' }, to: { abs: '5000.00', pct: '5' } } };
    expect(describeAuditEntry(tolerance, 'en')).toBe('Changed the saved tolerance from 0.00 COP or 0.5 % to 5,000.00 COP or 5 %.');
    expect(describeAuditEntry({ action: 'identity.rename', subject: null, payload: { from: 'ana', to: 'Ana Pérez' } }, 'es')).toBe('Cambió el nombre visible de ana a Ana Pérez.');
    const assign = { action: 'assignment.set', subject: '2026-01', payload: { month: '2026-01-01', assignee: 'ana_perez', dueDate: '2026-02-05', previous: null } };
    expect(describeAuditEntry(assign, 'en')).toBe('Assigned January 2026 to ana_perez, due February 5, 2026.');
    expect(describeAuditEntry(assign, 'es')).toBe('Asignó enero de 2026 a ana_perez, con vencimiento el 5 de febrero de 2026.');
    expect(describeAuditEntry({ ...assign, payload: { month: '2026-01-01', assignee: null, dueDate: null } }, 'en')).toBe('Left January 2026 with nobody assigned.');
    expect(describeAuditEntry({ action: 'identity.register', subject: null, payload: { displayName: 'Ana' } }, 'en')).toBe('Registered the signing key of Ana.');
    const old = { action: 'signoff.void', subject: 'signoff:1', payload: { role: 'reviewer', author: 'Luis', from: '2026-01-01', to: '2026-01-31', period: 'month', reason: 'P|2|2026-01-01 providerReported 1 -> 2' } };
    // Written before 0005 in English: shown as it was written.
    expect(describeAuditEntry(old, 'es')).toMatch(/^Anuló la aprobación de revisor de Luis del 1 de enero de 2026 al 31 de enero de 2026 \(mensual\)\. P\|2/);
  });

  it('who did it: the display name, marked when it was only typed before identities', () => {
    expect(describeActor({ actor: 'posix:ana:1001', actorName: 'Ana Pérez', signed: true }, 'en')).toBe('Ana Pérez');
    expect(describeActor({ actor: 'Luis Gómez', actorName: 'Luis Gómez', signed: false }, 'en')).toBe('Luis Gómez — unverified (before identities)');
    expect(describeActor({ actor: 'Luis Gómez', actorName: 'Luis Gómez', signed: false }, 'es')).toBe('Luis Gómez — sin verificar (antes de las identidades)');
  });
});

describe('void reasons and refusals', () => {
  it('a void lists at most what was kept and says how many more', () => {
    const reason = { kind: 'figures_changed' as const, role: 'preparer' as const, author: 'Ana', changes: [{ item: rutas, field: 'invoiced', from: '1.00', to: '3.00' }], more: 12 };
    expect(describeVoid(reason, 'en')).toBe('The figures changed after the preparer sign-off by Ana: Invoiced for Rutas Andinas, March 2025 changed from 1.00 to 3.00; and 12 more changes.');
    expect(describeVoid(reason, 'es')).toBe('Las cifras cambiaron después de la aprobación de preparador de Ana: Facturado de Rutas Andinas, marzo de 2025 cambió de 1,00 a 3,00; y 12 cambios más.');
  });

  it('a refused sign-off names how many items of each kind are open', () => {
    const problem = { code: 'open_items' as const, connection: 'acme', from: '2025-03-01', to: '2025-03-31', open: { discrepancies: 205, findings: 1, exceptions: 0 } };
    expect(describeProblem(problem, 'en')).toBe(
      'acme, March 1, 2025 to March 31, 2025 cannot be signed off yet: 205 out-of-tolerance discrepancies and 1 finding still open. Explain, resolve or carry forward each one, then sign off.',
    );
    expect(describeProblem(problem, 'es')).toBe(
      'acme, del 1 de marzo de 2025 al 31 de marzo de 2025 aún no se puede aprobar: siguen abiertas 205 diferencias fuera de tolerancia y 1 hallazgo. Explique, resuelva o traslade al periodo siguiente cada una y luego apruebe.',
    );
  });

  it('says a verification in words, naming the first bad entry', () => {
    expect(describeVerification({ ok: true, entries: 12, signed: 9 }, 'en')).toBe('The audit log is intact: 12 entries, every hash verified, 9 signatures checked.');
    expect(describeVerification({ ok: false, entries: 3, signed: 3, firstBadSeq: 4, problem: 'unknown_key' }, 'es')).toBe(
      'El registro fue alterado en la entrada #4: está firmada con una clave que nunca se registró para su cuenta. Restaure la caché desde una copia de seguridad y conserve esta copia para investigarla.',
    );
  });

  it('never shows an internal key, code or field name', () => {
    const sentences = [
      describeChange({ item: rutas, field: 'provider_reported', from: '1.00', to: '2.00' }, 'en'),
      describeAuditEntry({ action: 'review.set', subject: rutas.key, payload: { itemKey: rutas.key, state: 'carried_forward', reason: 'upstream_error', note: 'n', previous: null } }, 'en', () => rutas),
      describeProblem({ code: 'reason_required', state: 'carried_forward' }, 'es'),
    ];
    for (const sentence of sentences) expect(sentence).not.toMatch(INTERNAL);
  });
});
