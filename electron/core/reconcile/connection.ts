import { ConciliaError, type ProblemKind } from '../errors.ts';

/** A reconciliation that cannot run as asked; most often the parameters (invalid_input). */
export class ReconcileError extends ConciliaError {
  override name = 'ReconcileError';

  constructor(message: string, kind: ProblemKind = 'invalid_input') {
    super(kind, message);
  }
}
