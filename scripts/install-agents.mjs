#!/usr/bin/env node
/**
 * Installs the agent CLIs pinned in test/conformance/agents.json into
 * .agent-clis/<name>/ (ignored by git; never dependencies of ralph-wt), for
 * the conformance suite (`npm run test:agents`).
 *
 *   node scripts/install-agents.mjs [name ...]   (default: every pinned CLI)
 *
 * A CLI already installed at its pinned version is skipped. A failed install
 * is reported by name with npm's own error and makes the script exit 1: the
 * suite must never pass because a CLI silently went missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, lstatSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pins = JSON.parse(readFileSync(join(root, 'test', 'conformance', 'agents.json'), 'utf8'));
const cacheDir = join(root, '.agent-clis');

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in pins)) fail(`unknown agent CLI "${name}" (pinned: ${Object.keys(pins).join(', ')})`);
}
const names = wanted.length > 0 ? wanted : Object.keys(pins);

const failures = [];
for (const name of names) {
  const { package: pkg, version, bin } = pins[name];
  const prefix = join(cacheDir, name);
  const installed = installedVersion(prefix, pkg);
  if (installed === version && existsSync(join(prefix, 'node_modules', '.bin', bin))) {
    console.log(`${name}: ${pkg}@${version} already installed (${mb(dirSize(prefix))})`);
    continue;
  }
  mkdirSync(prefix, { recursive: true });
  const started = Date.now();
  // --prefix with a directory of its own keeps each CLI's tree (and its
  // postinstall-fetched native binary) apart from ralph-wt's node_modules.
  const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `${pkg}@${version}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0 || !existsSync(join(prefix, 'node_modules', '.bin', bin))) {
    const reason = result.error?.message ?? npmError(`${result.stderr ?? ''}\n${result.stdout ?? ''}`);
    console.error(`${name}: INSTALL FAILED for ${pkg}@${version} after ${seconds}s\n${indent(reason || `npm exited ${result.status} without a "${bin}" executable`)}`);
    failures.push(name);
    continue;
  }
  console.log(`${name}: installed ${pkg}@${version} in ${seconds}s (${mb(dirSize(prefix))})`);
}

if (failures.length > 0) fail(`agent CLI install failed: ${failures.join(', ')}`);

function installedVersion(prefix, pkg) {
  try {
    return JSON.parse(readFileSync(join(prefix, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Bytes on disk, each inode once: claude's postinstall hard-links its native binary. */
function dirSize(path) {
  let total = 0;
  const seen = new Set();
  const stack = [path];
  while (stack.length > 0) {
    const current = stack.pop();
    let stat;
    try {
      stat = lstatSync(current);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(current)) stack.push(join(current, entry));
    } else if (!seen.has(stat.ino)) {
      seen.add(stat.ino);
      total += stat.size;
    }
  }
  return total;
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** npm's own error lines (code, request, reason) without its stack frames and log hint. */
function npmError(text) {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const errors = lines.filter((line) => /^npm (error|ERR!)/.test(line) && !/^npm (error|ERR!)\s+at |complete log|^npm (error|ERR!)\s*$/.test(line));
  return (errors.length > 0 ? errors.slice(0, 8) : lines.slice(-12)).join('\n');
}

function indent(text) {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}

function fail(message) {
  console.error(`install-agents: ${message}`);
  process.exit(1);
}
