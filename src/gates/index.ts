export { runGates, GATE_OUTPUT_CHARS } from './run-gates.js';
export { formatGateFailure } from './format.js';
export type { GateCommandResult, GateOptions, GateResult } from './types.js';
