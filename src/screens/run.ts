// Entry point of the console. The console itself is being built (issue 3); until then the CLI says so.
export interface ConsoleOptions {
  modelPath: string | undefined;
  noColor: boolean;
}

export async function runConsole(_opts: ConsoleOptions): Promise<number> {
  process.stderr.write('coexist: the console is not built yet; use the commands (coexist --help)\n');
  return 2;
}
