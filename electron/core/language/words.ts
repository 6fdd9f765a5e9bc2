/**
 * What the sentences are made of, in each language: names of states, reasons, roles, figures and
 * checks, and the shapes of the sentences themselves. describe.ts puts them together; nothing
 * here knows an item key or a payload.
 */
import type { Language } from './language.ts';
import type { AuditProblem } from '../review/types.ts';

export interface Counted {
  one: string;
  many: string;
}

export interface Words {
  state: Record<'open' | 'explained' | 'resolved' | 'carried_forward', string>;
  reason: Record<'timing' | 'pricing' | 'rejected_work' | 'duplicate' | 'upstream_error' | 'other', string>;
  role: Record<'preparer' | 'reviewer', string>;
  field: Record<string, string>;
  check: Record<string, string>;
  exception: Record<string, string>;
  billingStatus: Record<string, string>;
  period: Record<'month' | 'week' | 'range', string>;
  kinds: { discrepancies: Counted; findings: Counted; exceptions: Counted; entries: Counted; changes: Counted };
  and: string;
  none: string;
  unverified: string;
  automatic: string;
  /** The account this window or command acts as, from what its id names (identity/account-id.ts). */
  ownAccount: {
    posix: (user: string, uid: string) => string;
    windows: (user: string, computer: string) => string;
    unverified: (name: string) => string;
    test: (name: string) => string;
    other: (id: string) => string;
  };
  weekOf: (day: string) => string;
  provider: (id: string) => string;
  record: (id: string) => string;
  billingPeriod: (id: string, loan: string | null) => string;
  finding: (check: string, who: string | null) => string;
  total: string;
  totalOf: (currency: string) => string;
  itemAt: (item: string, period: string) => string;
  figureChanged: (field: string, item: string, from: string, to: string) => string;
  appeared: (item: string) => string;
  disappeared: (item: string) => string;
  tolerance: (abs: string, currency: string | null, pct: string) => string;
  range: (from: string, to: string, period: string) => string;
  audit: {
    reviewSet: (item: string, state: string, reason: string | null, note: string | null, was: string | null) => string;
    reviewReopen: (item: string, changes: string, was: string) => string;
    signoffSign: (role: string, range: string, settled: string, tolerance: string | null) => string;
    signoffVoid: (role: string, author: string, range: string, reason: string) => string;
    toleranceSet: (from: string, to: string) => string;
    register: (name: string) => string;
    rename: (from: string, to: string) => string;
    setUrl: (from: string, to: string) => string;
    /** Who prepares a month (null: nobody any more), and by when. */
    assign: (month: string, who: string | null, due: string | null) => string;
    other: string;
  };
  settled: (explained: string, resolved: string, carried: string) => string;
  void: {
    figuresChanged: (role: string, author: string, changes: string) => string;
    replaced: (role: string, author: string) => string;
    moreChanges: (n: string) => string;
    unknownChange: string;
  };
  verify: {
    ok: (entries: string, signatures: string) => string;
    empty: string;
    bad: (seq: string, problem: string) => string;
    problem: Record<AuditProblem, string>;
  };
  cli: {
    changed: (n: string) => string;
    andMore: (n: string) => string;
    signed: (role: string, what: string, who: string, settled: string, tolerance: string | null) => string;
    statementHash: (hash: string) => string;
    history: (item: string) => string;
    noHistory: (item: string) => string;
    reopened: string;
    you: (name: string, accountInWords: string, accountId: string) => string;
    keyAt: (path: string) => string;
    renamed: (from: string, to: string) => string;
    toleranceNow: (connection: string, tolerance: string) => string;
    toleranceSaved: (connection: string, from: string, to: string) => string;
    toleranceUnchanged: (connection: string, tolerance: string) => string;
    noEntries: string;
    columns: { at: string; who: string; what: string; seq: string };
  };
  problem: {
    openItems: (what: string, open: string) => string;
    notSynced: (what: string, periods: string, first: string) => string;
    needsPreparer: string;
    sameAccount: (name: string) => string;
    statementChanged: (preparer: string) => string;
    figuresDiffer: (preparer: string, connection: string, range: string, differs: string) => string;
    alreadySigned: (author: string, role: string, at: string) => string;
    reasonRequired: (state: string) => string;
    noteRequired: (state: string) => string;
  };
}

export const en: Words = {
  state: { open: 'open', explained: 'explained', resolved: 'resolved', carried_forward: 'carried forward' },
  reason: { timing: 'timing', pricing: 'pricing', rejected_work: 'rejected work', duplicate: 'duplicate', upstream_error: 'error at the source', other: 'other' },
  role: { preparer: 'preparer', reviewer: 'reviewer' },
  field: {
    invoiced: 'Invoiced',
    providerReported: 'Provider-reported',
    paid: 'Paid',
    pending: 'Pending payment',
    taskCount: 'Task count',
    approvedCount: 'Approved tasks',
    rejectedCount: 'Rejected tasks',
    reviewCount: 'Tasks in review',
    approvalRate: 'Approval rate',
    rows: 'Number of rows',
    currency: 'Currency',
    amount: 'Amount',
    status: 'Status',
    startDate: 'Start date',
    endDate: 'End date',
    billed: 'Billed',
    collected: 'Collected',
    count: 'Number of billing periods',
    draft: 'Draft',
    failed: 'Failed',
    outstanding: 'Outstanding',
  },
  check: {
    paid_plus_pending: 'Paid plus pending does not equal invoiced',
    status_counts: 'Tasks by status do not add up to the task count',
    approval_rate: 'Approval rate does not match the tasks',
    grand_total_task_count: 'Grand total of tasks differs from the rows',
    grand_total_invoiced: 'Grand total invoiced differs from the rows',
    grand_total_provider: 'Grand total provider-reported differs from the rows',
    grand_total_paid: 'Grand total paid differs from the rows',
    grand_total_pending: 'Grand total pending differs from the rows',
    grand_total_missing: 'Report without a grand total',
    quarantined: 'Record set aside as unreadable',
    coverage_gap: 'Period not fully synced',
  },
  exception: { failed: 'failed collection', outstanding_overdue: 'outstanding too long', draft_unsent: 'draft never sent', stuck_in_status: 'stuck in one status' },
  billingStatus: { DRAFT: 'draft', SENT_TO_PAYMENT_SERVICE: 'sent for collection', PAYMENT_COMPLETE: 'paid', PAYMENT_FAILED: 'payment failed', PENDING: 'pending' },
  period: { month: 'monthly', week: 'weekly', range: 'whole range' },
  kinds: {
    discrepancies: { one: 'out-of-tolerance discrepancy', many: 'out-of-tolerance discrepancies' },
    findings: { one: 'finding', many: 'findings' },
    exceptions: { one: 'exception', many: 'exceptions' },
    entries: { one: 'entry', many: 'entries' },
    changes: { one: 'change', many: 'changes' },
  },
  and: 'and',
  none: 'none',
  unverified: 'unverified (before identities)',
  automatic: 'automatically',
  ownAccount: {
    posix: (user, uid) => `Account ${user} on this computer (user number ${uid})`,
    windows: (user, computer) => `Account ${user} on this computer (${computer})`,
    unverified: (name) => `${name}, a name typed before identities (unverified)`,
    test: (name) => `Test account ${name}`,
    other: (id) => `Account ${id}`,
  },
  weekOf: (day) => `week of ${day}`,
  provider: (id) => `provider ${id}`,
  record: (id) => `record ${id}`,
  billingPeriod: (id, loan) => `billing period ${id}${loan ? ` (${loan})` : ''}`,
  finding: (check, who) => `the finding “${check}”${who ? ` for ${who}` : ''}`,
  total: 'the total',
  totalOf: (currency) => `the ${currency} total`,
  itemAt: (item, period) => `${item}, ${period}`,
  figureChanged: (field, item, from, to) => `${field} for ${item} changed from ${from} to ${to}`,
  appeared: (item) => `${item} appeared`,
  disappeared: (item) => `${item} disappeared`,
  tolerance: (abs, currency, pct) => `${abs}${currency ? ` ${currency}` : ''} or ${pct}`,
  range: (from, to, period) => `${from} to ${to} (${period})`,
  audit: {
    reviewSet: (item, state, reason, note, was) => `Marked ${item} as ${state}${reason ? ` (${reason})` : ''}${note ? `: “${note}”` : ''}${was ? `; it was ${was}` : ''}.`,
    reviewReopen: (item, changes, was) => `Reopened ${item} because its figures changed: ${changes}. It was ${was}.`,
    signoffSign: (role, range, settled, tolerance) => `Signed off ${range} as ${role}: ${settled}${tolerance ? `; tolerance ${tolerance}` : ''}.`,
    signoffVoid: (role, author, range, reason) => `Voided the ${role} sign-off of ${range} by ${author}. ${reason}`,
    toleranceSet: (from, to) => `Changed the saved tolerance from ${from} to ${to}.`,
    register: (name) => `Registered the signing key of ${name}.`,
    rename: (from, to) => `Changed the display name from ${from} to ${to}.`,
    setUrl: (from, to) => `Moved the connection from ${from} to ${to}.`,
    assign: (month, who, due) => (who === null ? `Left ${month} with nobody assigned.` : `Assigned ${month} to ${who}${due === null ? '' : `, due ${due}`}.`),
    other: 'Recorded a change.',
  },
  settled: (explained, resolved, carried) => `${explained} explained, ${resolved} resolved, ${carried} carried forward`,
  void: {
    figuresChanged: (role, author, changes) => `The figures changed after the ${role} sign-off by ${author}: ${changes}.`,
    replaced: (role, author) => `Replaced by a new ${role} sign-off of ${author}, made after the reviews or the tolerance changed.`,
    moreChanges: (n) => `and ${n} more changes`,
    unknownChange: 'the figures covered by the sign-off changed',
  },
  verify: {
    ok: (entries, signatures) => `The audit log is intact: ${entries}, every hash verified, ${signatures} checked.`,
    empty: 'The audit log is empty.',
    bad: (seq, problem) => `The audit log has been altered at entry ${seq}: ${problem}. Restore the cache from a backup and keep this copy for investigation.`,
    problem: {
      missing: 'the entry is missing (deleted or renumbered)',
      chain: 'it does not follow from the entry before it (an entry was deleted, inserted or reordered)',
      entry: 'what it says no longer matches its hash (the entry was changed)',
      signature: 'its signature does not match what it says (the signature was changed)',
      unknown_key: 'it is signed with a key that was never registered for its account',
      unsigned: 'it was written after signatures began but is not signed',
      head: 'entries were removed from the end of the log',
      assignment: 'the assignment it set was later changed outside Concilia (who prepares a month, or by when)',
    },
  },
  cli: {
    changed: (n) => `${n} review change(s), each signed and recorded in the audit log:`,
    andMore: (n) => `… and ${n} more.`,
    signed: (role, what, who, settled, tolerance) => `Signed off ${what} as ${role}: ${who}. ${settled}${tolerance ? `; tolerance ${tolerance}` : ''}.`,
    statementHash: (hash) => `Statement hash (figures, tolerance and reviews): ${hash}`,
    history: (item) => `Review history of ${item}:`,
    noHistory: (item) => `${item} has never been reviewed.`,
    reopened: 'reopened: figures changed',
    you: (name, accountInWords, accountId) => `You are ${name}: ${accountInWords} — account id ${accountId}. What you change is signed with your key.`,
    keyAt: (path) => `Signing key: ${path}`,
    renamed: (from, to) => `Your display name is now ${to} (it was ${from}); the change is in the audit log.`,
    toleranceNow: (connection, tolerance) => `The saved tolerance of ${connection} is ${tolerance}.`,
    toleranceSaved: (connection, from, to) => `The saved tolerance of ${connection} is now ${to} (it was ${from}); the change is in the audit log and the next sign-off records it.`,
    toleranceUnchanged: (connection, tolerance) => `The saved tolerance of ${connection} is already ${tolerance}; nothing changed.`,
    noEntries: 'The audit log has no entries for this selection.',
    columns: { at: 'When', who: 'Who', what: 'What', seq: '#' },
  },
  problem: {
    openItems: (what, open) => `${what} cannot be signed off yet: ${open} still open. Explain, resolve or carry forward each one, then sign off.`,
    notSynced: (what, periods, first) => `${what} cannot be signed off: ${periods} not fully synced (first: ${first}). Sync the range, then sign off.`,
    needsPreparer: 'The reviewer signs after the preparer: this range has no live preparer sign-off yet.',
    sameAccount: (name) => `${name} prepared this range, so another account must review it.`,
    statementChanged: (preparer) => `The reviews or the tolerance changed since ${preparer} signed as preparer, so there is nothing the same to countersign. The preparer signs the range again first.`,
    figuresDiffer: (preparer, connection, range, differs) =>
      `The figures on this computer differ from those ${preparer} signed as preparer: sync ${connection} for ${range}, then compare. What differs: ${differs}.`,
    alreadySigned: (author, role, at) => `This range is already signed off by ${author} as ${role} (${at}).`,
    reasonRequired: (state) => `To mark an item ${state}, choose a reason.`,
    noteRequired: (state) => `To mark an item ${state}, write a note that explains it.`,
  },
};

export const es: Words = {
  state: { open: 'abierta', explained: 'explicada', resolved: 'resuelta', carried_forward: 'trasladada al periodo siguiente' },
  reason: { timing: 'desfase temporal', pricing: 'precio', rejected_work: 'trabajo rechazado', duplicate: 'duplicado', upstream_error: 'error del origen', other: 'otro' },
  role: { preparer: 'preparador', reviewer: 'revisor' },
  field: {
    invoiced: 'Facturado',
    providerReported: 'Informado por el proveedor',
    paid: 'Pagado',
    pending: 'Pago pendiente',
    taskCount: 'Número de tareas',
    approvedCount: 'Tareas aprobadas',
    rejectedCount: 'Tareas rechazadas',
    reviewCount: 'Tareas en revisión',
    approvalRate: 'Tasa de aprobación',
    rows: 'Número de filas',
    currency: 'Moneda',
    amount: 'Importe',
    status: 'Estado',
    startDate: 'Fecha de inicio',
    endDate: 'Fecha de fin',
    billed: 'Facturado',
    collected: 'Cobrado',
    count: 'Número de periodos de facturación',
    draft: 'Borrador',
    failed: 'Fallido',
    outstanding: 'Por cobrar',
  },
  check: {
    paid_plus_pending: 'Pagado más pendiente no suma lo facturado',
    status_counts: 'Las tareas por estado no suman el número de tareas',
    approval_rate: 'La tasa de aprobación no corresponde a las tareas',
    grand_total_task_count: 'El total general de tareas no coincide con las filas',
    grand_total_invoiced: 'El total general facturado no coincide con las filas',
    grand_total_provider: 'El total general informado por el proveedor no coincide con las filas',
    grand_total_paid: 'El total general pagado no coincide con las filas',
    grand_total_pending: 'El total general pendiente no coincide con las filas',
    grand_total_missing: 'Informe sin total general',
    quarantined: 'Registro apartado por ilegible',
    coverage_gap: 'Periodo sin sincronizar por completo',
  },
  exception: { failed: 'cobro fallido', outstanding_overdue: 'pendiente demasiado tiempo', draft_unsent: 'borrador nunca enviado', stuck_in_status: 'detenido en un estado' },
  billingStatus: { DRAFT: 'borrador', SENT_TO_PAYMENT_SERVICE: 'enviado a cobro', PAYMENT_COMPLETE: 'pagado', PAYMENT_FAILED: 'pago fallido', PENDING: 'pendiente' },
  period: { month: 'mensual', week: 'semanal', range: 'rango completo' },
  kinds: {
    discrepancies: { one: 'diferencia fuera de tolerancia', many: 'diferencias fuera de tolerancia' },
    findings: { one: 'hallazgo', many: 'hallazgos' },
    exceptions: { one: 'excepción', many: 'excepciones' },
    entries: { one: 'entrada', many: 'entradas' },
    changes: { one: 'cambio', many: 'cambios' },
  },
  and: 'y',
  none: 'ninguno',
  unverified: 'sin verificar (antes de las identidades)',
  automatic: 'automáticamente',
  ownAccount: {
    posix: (user, uid) => `Cuenta ${user} en este equipo (usuario número ${uid})`,
    windows: (user, computer) => `Cuenta ${user} en este equipo (${computer})`,
    unverified: (name) => `${name}, un nombre escrito antes de las identidades (sin verificar)`,
    test: (name) => `Cuenta de prueba ${name}`,
    other: (id) => `Cuenta ${id}`,
  },
  weekOf: (day) => `semana del ${day}`,
  provider: (id) => `proveedor ${id}`,
  record: (id) => `registro ${id}`,
  billingPeriod: (id, loan) => `periodo de facturación ${id}${loan ? ` (${loan})` : ''}`,
  finding: (check, who) => `el hallazgo «${check}»${who ? ` de ${who}` : ''}`,
  total: 'el total',
  totalOf: (currency) => `el total en ${currency}`,
  itemAt: (item, period) => `${item}, ${period}`,
  // "de" + "el total" contracts to "del total", as Spanish writes it.
  figureChanged: (field, item, from, to) => `${field} ${item.startsWith('el ') ? `del ${item.slice(3)}` : `de ${item}`} cambió de ${from} a ${to}`,
  appeared: (item) => `apareció ${item}`,
  disappeared: (item) => `desapareció ${item}`,
  tolerance: (abs, currency, pct) => `${abs}${currency ? ` ${currency}` : ''} o ${pct}`,
  range: (from, to, period) => `del ${from} al ${to} (${period})`,
  audit: {
    reviewSet: (item, state, reason, note, was) => `Marcó ${item} como ${state}${reason ? ` (${reason})` : ''}${note ? `: «${note}»` : ''}${was ? `; antes estaba ${was}` : ''}.`,
    reviewReopen: (item, changes, was) => `Reabrió ${item} porque sus cifras cambiaron: ${changes}. Estaba ${was}.`,
    signoffSign: (role, range, settled, tolerance) => `Aprobó ${range} como ${role}: ${settled}${tolerance ? `; tolerancia ${tolerance}` : ''}.`,
    signoffVoid: (role, author, range, reason) => `Anuló la aprobación de ${role} de ${author} ${range}. ${reason}`,
    toleranceSet: (from, to) => `Cambió la tolerancia guardada de ${from} a ${to}.`,
    register: (name) => `Registró la clave de firma de ${name}.`,
    rename: (from, to) => `Cambió el nombre visible de ${from} a ${to}.`,
    setUrl: (from, to) => `Trasladó la conexión de ${from} a ${to}.`,
    assign: (month, who, due) => (who === null ? `Dejó ${month} sin nadie asignado.` : `Asignó ${month} a ${who}${due === null ? '' : `, con vencimiento el ${due}`}.`),
    other: 'Registró un cambio.',
  },
  settled: (explained, resolved, carried) => `${explained} explicadas, ${resolved} resueltas, ${carried} trasladadas al periodo siguiente`,
  void: {
    figuresChanged: (role, author, changes) => `Las cifras cambiaron después de la aprobación de ${role} de ${author}: ${changes}.`,
    replaced: (role, author) => `Sustituida por una nueva aprobación de ${role} de ${author}, hecha después de que cambiaran las revisiones o la tolerancia.`,
    moreChanges: (n) => `y ${n} cambios más`,
    unknownChange: 'cambiaron las cifras cubiertas por la aprobación',
  },
  verify: {
    ok: (entries, signatures) => `El registro está intacto: ${entries}, todos los hash verificados, ${signatures} comprobadas.`,
    empty: 'El registro está vacío.',
    bad: (seq, problem) => `El registro fue alterado en la entrada ${seq}: ${problem}. Restaure la caché desde una copia de seguridad y conserve esta copia para investigarla.`,
    problem: {
      missing: 'la entrada falta (fue borrada o renumerada)',
      chain: 'no sigue a la entrada anterior (se borró, insertó o reordenó una entrada)',
      entry: 'lo que dice ya no corresponde a su hash (la entrada fue modificada)',
      signature: 'su firma no corresponde a lo que dice (la firma fue modificada)',
      unknown_key: 'está firmada con una clave que nunca se registró para su cuenta',
      unsigned: 'se escribió después de que empezaran las firmas pero no está firmada',
      head: 'se quitaron entradas del final del registro',
      assignment: 'la asignación que registró se cambió después fuera de Concilia (quién prepara un mes, o para cuándo)',
    },
  },
  cli: {
    changed: (n) => `${n} cambio(s) de revisión, cada uno firmado y anotado en el registro:`,
    andMore: (n) => `… y ${n} más.`,
    signed: (role, what, who, settled, tolerance) => `Aprobado ${what} como ${role}: ${who}. ${settled}${tolerance ? `; tolerancia ${tolerance}` : ''}.`,
    statementHash: (hash) => `Hash de la declaración (cifras, tolerancia y revisiones): ${hash}`,
    history: (item) => `Historial de revisión de ${item}:`,
    noHistory: (item) => `${item} nunca se ha revisado.`,
    reopened: 'reabierta: cambiaron las cifras',
    you: (name, accountInWords, accountId) => `Usted es ${name}: ${accountInWords} — id de cuenta ${accountId}. Lo que cambie se firma con su clave.`,
    keyAt: (path) => `Clave de firma: ${path}`,
    renamed: (from, to) => `Su nombre visible ahora es ${to} (antes ${from}); el cambio está en el registro.`,
    toleranceNow: (connection, tolerance) => `La tolerancia guardada de ${connection} es ${tolerance}.`,
    toleranceSaved: (connection, from, to) => `La tolerancia guardada de ${connection} ahora es ${to} (antes ${from}); el cambio está en el registro y la próxima aprobación la registra.`,
    toleranceUnchanged: (connection, tolerance) => `La tolerancia guardada de ${connection} ya es ${tolerance}; no cambió nada.`,
    noEntries: 'El registro no tiene entradas para esta selección.',
    columns: { at: 'Cuándo', who: 'Quién', what: 'Qué', seq: 'N.º' },
  },
  problem: {
    openItems: (what, open) => `${what} aún no se puede aprobar: siguen abiertas ${open}. Explique, resuelva o traslade al periodo siguiente cada una y luego apruebe.`,
    notSynced: (what, periods, first) => `${what} no se puede aprobar: ${periods} sin sincronizar por completo (el primero: ${first}). Sincronice el rango y luego apruebe.`,
    needsPreparer: 'El revisor aprueba después del preparador: este rango aún no tiene una aprobación de preparador vigente.',
    sameAccount: (name) => `${name} preparó este rango, así que otra cuenta debe revisarlo.`,
    statementChanged: (preparer) => `Las revisiones o la tolerancia cambiaron desde que ${preparer} aprobó como preparador, así que no hay nada idéntico que refrendar. Primero el preparador aprueba el rango de nuevo.`,
    figuresDiffer: (preparer, connection, range, differs) =>
      `Las cifras de este equipo difieren de las que ${preparer} aprobó como preparador: sincronice ${connection} para ${range} y luego compare. Qué difiere: ${differs}.`,
    alreadySigned: (author, role, at) => `Este rango ya lo aprobó ${author} como ${role} (${at}).`,
    reasonRequired: (state) => `Para marcar una partida como ${state}, elija un motivo.`,
    noteRequired: (state) => `Para marcar una partida como ${state}, escriba una nota que lo explique.`,
  },
};

export const WORDS: Record<Language, Words> = { en, es };
