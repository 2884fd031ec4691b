export interface GateCommandResult {
  command: string;
  /** null when the gate was killed (timeout/abort) or could not start. */
  exitCode: number | null;
  /** Last ~16 KB of combined stdout/stderr. */
  output: string;
  durationMs: number;
  timedOut: boolean;
}

export interface GateResult {
  passed: boolean;
  /** One entry per command run; commands after the first failure are not run. */
  results: GateCommandResult[];
}

export interface GateOptions {
  cwd: string;
  logFile?: string;
  /** Cap per command; 0 = none; undefined = DEFAULT_GATE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Added to the orchestrator's environment. */
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** SIGTERM → SIGKILL grace for the gate's process group (default 3 s). */
  killGraceMs?: number;
}
