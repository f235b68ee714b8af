/**
 * A mistake the user can act on (a name that does not exist, a file that does not parse, a lab
 * that is not running): `outage-lab` prints it as one line, without a stack, and exits non-zero.
 * The bottom layer: lab/, heap/, load/, scenarios/, grading/ and cli/ all import it, it imports nothing.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
