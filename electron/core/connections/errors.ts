import { ConciliaError, type ProblemKind } from '../errors.ts';

/** A connection that cannot be added, found or changed as asked; most often what was typed (invalid_input). */
export class ConnectionError extends ConciliaError {
  override name = 'ConnectionError';

  constructor(message: string, kind: ProblemKind = 'invalid_input') {
    super(kind, message);
  }
}
