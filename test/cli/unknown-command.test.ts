import { execa } from 'execa';
import { COMMAND_NAMES } from '../../src/cli/main.js';
import { explainUnknownCommand } from '../../src/cli/unknown-command.js';

const BIN = 'bin/ralph-wt';

describe('explainUnknownCommand', () => {
  test.each([
    ['stauts', 'status'],
    ['rnu', 'run'],
    ['plna', 'plan'],
    ['clen', 'clean'],
    ['merge-fiel', 'merge-file'],
    ['Status', 'status'],
  ])('%s → did you mean %s', (word, meant) => {
    expect(explainUnknownCommand(`Unknown argument: ${word}`, [word], COMMAND_NAMES)).toBe(`unknown command "${word}" — did you mean \`ralph-wt ${meant}\`?`);
  });

  test('a word far from every command gets no guess', () => {
    expect(explainUnknownCommand('Unknown argument: deploy', ['deploy'], COMMAND_NAMES)).toBe('unknown command "deploy"');
  });

  test('other usage errors are left as they are: unknown flags, stray words after a command', () => {
    expect(explainUnknownCommand('Unknown argument: nope', ['--nope'], COMMAND_NAMES)).toBe('Unknown argument: nope');
    expect(explainUnknownCommand('Unknown argument: extra', ['run', 'extra'], COMMAND_NAMES)).toBe('Unknown argument: extra');
    expect(explainUnknownCommand('Invalid values: …', ['plan', '--format', 'x'], COMMAND_NAMES)).toBe('Invalid values: …');
  });
});

describe('ralph-wt <typo>', () => {
  test('exits 2 and names the closest command', async () => {
    const result = await execa('node', [BIN, 'stauts'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('ralph-wt: unknown command "stauts" — did you mean `ralph-wt status`?\nRun `ralph-wt --help` for usage.');
  });

  test('the hint knows exactly the commands --help lists', async () => {
    const { stdout } = await execa('node', [BIN, '--help']);
    const commands = stdout.slice(stdout.indexOf('Commands:'), stdout.indexOf('Options:'));
    const listed = [...commands.matchAll(/^ {2}ralph-wt ([a-z-]+)/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...COMMAND_NAMES].sort());
  });
});
