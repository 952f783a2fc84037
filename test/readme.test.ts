/**
 * The README is the front door: what it tells a user to type must be what the tool accepts.
 * These checks read the README and ask the built CLI and package.json, so a renamed flag, a
 * dropped command or a removed npm script fails here instead of in a user's terminal.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SCRIPTS = Object.keys((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** Lines inside ``` fences: the commands a user copies. */
function fencedLines(md: string): string[] {
  const lines: string[] = [];
  let inFence = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    else if (inFence) lines.push(line);
  }
  return lines;
}

/** Long flags in `text` (`--no-x` read as `--x`, yargs's negation). */
function longFlags(text: string): Set<string> {
  const flags = new Set<string>();
  for (const m of text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)) flags.add(m[1]!.replace(/^no-/, ''));
  return flags;
}

/** The `cachebench run` flag table: the section from its heading to the next heading. */
function runFlagTable(md: string): string {
  const start = md.indexOf('### `cachebench run` flags');
  expect(start, 'README has a "### `cachebench run` flags" section').toBeGreaterThan(-1);
  const next = md.indexOf('\n#', start + 1);
  return md.slice(start, next === -1 ? undefined : next).split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split('|')[1]!).join('\n');
}

describe('README', () => {
  it('lists exactly the flags `cachebench run --help` accepts', () => {
    const help = runCli(['run', '--help']);
    expect(help.code).toBe(0);
    const accepted = longFlags(help.stdout);
    for (const generic of ['help', 'version']) accepted.delete(generic);
    const documented = longFlags(runFlagTable(README));
    expect([...documented].filter((f) => !accepted.has(f)), 'in the README table but not accepted').toEqual([]);
    expect([...accepted].filter((f) => !documented.has(f)), 'accepted but missing from the README table').toEqual([]);
  });

  it('names only commands the CLI has, and shows every command it has', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = new Set([...top.stdout.matchAll(/^ {2}cachebench ([a-z]+)/gm)].map((m) => m[1]!));
    expect(commands.size).toBeGreaterThan(5);
    const used = new Set<string>();
    for (const line of fencedLines(README)) {
      const m = /^(?:npx )?cachebench ([a-z]+)/.exec(line.trim());
      if (m) used.add(m[1]!);
    }
    expect([...used].filter((c) => !commands.has(c)), 'commands the README runs that the CLI lacks').toEqual([]);
    const mentioned = new Set([...README.matchAll(/cachebench ([a-z]+)/g)].map((m) => m[1]!));
    expect([...commands].filter((c) => !mentioned.has(c)), 'commands the README never mentions').toEqual([]);
  });

  it('runs only npm scripts package.json defines', () => {
    const named = new Set([...README.matchAll(/npm run ([a-z][a-z:-]*)/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((s) => !SCRIPTS.includes(s))).toEqual([]);
  });

  it('uses only flags that the command it shows accepts, in every example', () => {
    // Each `cachebench <command> …` example line: its long flags must be in that command's --help.
    const helpFlags = new Map<string, Set<string>>();
    const wrong: string[] = [];
    for (const raw of fencedLines(README)) {
      const line = raw.replace(/#.*$/, '').trim();
      const m = /^(?:npx )?cachebench ([a-z]+)\b(.*)$/.exec(line);
      if (!m) continue;
      const [, command, rest] = m as unknown as [string, string, string];
      let accepted = helpFlags.get(command);
      if (!accepted) {
        const help = runCli([command, '--help']);
        expect(help.code, `cachebench ${command} --help`).toBe(0);
        accepted = longFlags(help.stdout);
        helpFlags.set(command, accepted);
      }
      for (const flag of longFlags(rest)) if (!accepted.has(flag)) wrong.push(`cachebench ${command} … --${flag}`);
    }
    expect(helpFlags.size).toBeGreaterThan(3);
    expect(wrong).toEqual([]);
  });
});
