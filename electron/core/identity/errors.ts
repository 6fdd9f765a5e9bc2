import { ConciliaError, type ProblemKind } from '../errors.ts';

/** The account or its signing key cannot be used (an unreadable or too widely readable key file). */
export class IdentityError extends ConciliaError {
  override name = 'IdentityError';

  constructor(message: string, kind: ProblemKind = 'rejected') {
    super(kind, message);
  }
}
