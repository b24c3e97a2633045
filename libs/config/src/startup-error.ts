/** A problem a person can fix (a bad variable, a database that is not running): shown as one line, no stack. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** `postgresql://user:***@host/db`: a URL fit for an error message. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Runs the entry point; a StartupError ends the process with its one-line message. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof StartupError ? `switchboard: ${error.message}` : error);
    process.exit(1);
  });
}
