/**
 * Bad input from the user (prd.json, rc file, CLI values): reported as one
 * clear message and exit code 2, with nothing changed on disk.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
