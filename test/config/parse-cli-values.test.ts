import { parseConflictStrategy, parseInferenceMode, parseMaxConcurrency } from '../../src/config/parse-cli-values.js';
import { normaliseConflictStrategy, normaliseInferenceMode } from '../../src/prd/vocabulary.js';
import { InputError } from '../../src/util/errors.js';

describe('parseMaxConcurrency', () => {
  it('accepts non-negative integers and "auto"', () => {
    expect(parseMaxConcurrency('0')).toBe(0);
    expect(parseMaxConcurrency('12')).toBe(12);
    expect(parseMaxConcurrency('auto')).toBe('auto');
  });

  it.each(['x', '-1', '2.5', '', '3x'])('rejects %j with a clear message', (value) => {
    expect(() => parseMaxConcurrency(value)).toThrow(InputError);
    expect(() => parseMaxConcurrency(value)).toThrow(`--max-concurrency must be a non-negative integer or "auto", got "${value}"`);
  });
});

describe('vocabularies', () => {
  it.each([
    ['entity', 'entity'],
    ['file', 'file'],
    ['none', 'none'],
    ['entity_based', 'entity'],
    ['file_based', 'file'],
    ['Entity_Based', 'entity'],
    ['ast', null],
  ])('conflict strategy %s → %s', (word, expected) => {
    expect(normaliseConflictStrategy(word)).toBe(expected);
  });

  it.each([
    ['files', 'files'],
    ['embeddings', 'embeddings'],
    ['hybrid', 'hybrid'],
    ['explicit', 'explicit'],
    ['none', 'none'],
    ['auto', 'hybrid'],
    ['disabled', 'none'],
    ['constructor', null],
  ])('inference mode %s → %s', (word, expected) => {
    expect(normaliseInferenceMode(word)).toBe(expected);
  });

  it('CLI parsers accept both vocabularies and reject others', () => {
    expect(parseConflictStrategy('file_based')).toBe('file');
    expect(parseInferenceMode('auto')).toBe('hybrid');
    expect(() => parseConflictStrategy('ast')).toThrow('--conflict-strategy must be one of entity, file, none (or entity_based, file_based), got "ast"');
    expect(() => parseInferenceMode('magic')).toThrow('--inference-mode must be one of');
  });
});
