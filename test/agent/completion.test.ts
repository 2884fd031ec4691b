import { COMPLETION_MARKER, hasCompletionMarker, lastNonEmptyLine } from '../../src/agent/completion.js';

describe('completion marker', () => {
  it('counts only as the last non-empty line', () => {
    expect(hasCompletionMarker(`Done.\n${COMPLETION_MARKER}`)).toBe(true);
    expect(hasCompletionMarker(`Done.\n  ${COMPLETION_MARKER}  \n\n`)).toBe(true);
    expect(hasCompletionMarker(`Done.\r\n${COMPLETION_MARKER}\r\n`)).toBe(true);
    expect(hasCompletionMarker(`${COMPLETION_MARKER}\nbut tests fail`)).toBe(false);
    expect(hasCompletionMarker(`I will not print ${COMPLETION_MARKER} yet`)).toBe(false);
    expect(hasCompletionMarker(`Done. ${COMPLETION_MARKER}`)).toBe(false);
    expect(hasCompletionMarker('<promise>complete</promise>')).toBe(false);
    expect(hasCompletionMarker('')).toBe(false);
    expect(hasCompletionMarker(null)).toBe(false);
  });

  it('finds the last non-empty line', () => {
    expect(lastNonEmptyLine('a\n b \n\n')).toBe('b');
    expect(lastNonEmptyLine('\n\n')).toBeNull();
  });
});
