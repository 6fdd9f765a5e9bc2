import { ConciliaError, type ProblemKind } from '../errors.ts';
import { describeProblem, type Problem } from '../language/describe.ts';

/** A review or sign-off refused: most often what was given (invalid_input); a rule that said no is 'rejected'. */
export class ReviewError extends ConciliaError {
  override name = 'ReviewError';

  constructor(message: string, kind: ProblemKind = 'invalid_input', problem?: Problem) {
    super(kind, message, problem === undefined ? undefined : { problem });
  }

  /** A refusal said from data: English here, the reader's language in the faces (error.problem). */
  static of(problem: Problem, kind: ProblemKind = 'rejected'): ReviewError {
    return new ReviewError(describeProblem(problem, 'en'), kind, problem);
  }
}
