import { ConciliaError, type ProblemKind } from '../errors.ts';

/** A review or sign-off refused: most often what was given (invalid_input); a rule that said no is 'rejected'. */
export class ReviewError extends ConciliaError {
  override name = 'ReviewError';

  constructor(message: string, kind: ProblemKind = 'invalid_input') {
    super(kind, message);
  }
}
