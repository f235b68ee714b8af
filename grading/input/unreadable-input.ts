import { UserError } from '../../common/user-error';

/** An input the grader cannot read (missing, empty, binary, not UTF-8, too big, invalid run record): a user's mistake, exit 1. */
export class UnreadableInputError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableInputError';
  }
}
