/** An input the grader cannot read (missing, empty, binary, not UTF-8, too big, invalid run record). */
export class UnreadableInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableInputError';
  }
}
