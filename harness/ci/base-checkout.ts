/**
 * The base side of `cachebench ci`: a git worktree of the base commit in a temporary folder,
 * its dependencies (a link to head's node_modules when both lockfiles are identical, `npm ci`
 * otherwise), built with the project's build command, and the path of its CLI. `remove` deletes
 * the worktree and its registration, so a CI job leaves the repository as it found it.
 */
import { execFile, spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Bad input to `ci` (not a git repository, an unknown ref): the CLI exits 2 with the message. */
export class CiInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CiInputError';
  }
}

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', ['-C', cwd, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

export async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return await git(cwd, ['rev-parse', '--show-toplevel']);
  } catch {
    throw new CiInputError(`cachebench ci needs a git repository: ${cwd} is not inside one`);
  }
}

export async function resolveCommit(repo: string, ref: string): Promise<string> {
  try {
    return await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new CiInputError(`invalid --baseline-ref: '${ref}' is not a commit in ${repo} (in CI, fetch it first: git fetch origin main)`);
  }
}

/** Runs `command` through the shell in `cwd`, appending its output to `logFile`; rejects with the log's tail on failure. */
function runLogged(command: string, cwd: string, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      void appendFile(logFile, chunk);
      tail = (tail + chunk.toString('utf8')).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`'${command}' in ${cwd} exited with ${code}:\n${tail}`))));
  });
}

export interface BaseCheckout {
  readonly dir: string;
  readonly commit: string;
  /** The base commit's CLI entry point (package.json `bin.cachebench`). */
  readonly cli: string;
  /** How dependencies got there: `linked` (identical lockfile), `npm ci`, or `present` (the commit holds node_modules). */
  readonly install: 'linked' | 'npm ci' | 'present';
  remove(): Promise<void>;
}

export interface BaseCheckoutOptions {
  readonly repo: string;
  readonly commit: string;
  /** Shell command that builds a checkout. @default 'npm run build --if-present' */
  readonly build: string;
  /** Where the install and build output go. */
  readonly logFile: string;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** `bin.cachebench` of the package.json in `dir`, when it is cachebench itself; else null. */
async function ownBin(dir: string): Promise<string | null> {
  const raw = await readOrNull(path.join(dir, 'package.json'));
  if (raw === null) return null;
  const pkg = JSON.parse(raw) as { name?: string; bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? (pkg.name === 'cachebench' ? pkg.bin : undefined) : pkg.bin?.['cachebench'];
  return bin === undefined ? null : path.join(dir, bin);
}

/**
 * The base commit's CLI: the checkout's own (the cachebench repository or a fork), else the
 * cachebench its dependencies installed (a repository that keeps suites and depends on cachebench).
 */
async function cliOf(dir: string): Promise<string> {
  const file = (await ownBin(dir)) ?? (await ownBin(path.join(dir, 'node_modules', 'cachebench')));
  if (file === null) throw new Error(`the base commit is neither cachebench nor depends on it (no bin.cachebench in ${dir}/package.json or node_modules/cachebench)`);
  if (!existsSync(file)) throw new Error(`the base commit's build did not produce ${path.relative(dir, file)}`);
  return file;
}

export async function checkOutBase(opts: BaseCheckoutOptions): Promise<BaseCheckout> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cachebench-ci-base-'));
  const dir = path.join(tmp, 'base');
  await git(opts.repo, ['worktree', 'add', '--detach', dir, opts.commit]);
  const remove = async (): Promise<void> => {
    await git(opts.repo, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
    await git(opts.repo, ['worktree', 'prune']).catch(() => undefined);
  };
  try {
    const headLock = await readOrNull(path.join(opts.repo, 'package-lock.json'));
    const baseLock = await readOrNull(path.join(dir, 'package-lock.json'));
    let install: BaseCheckout['install'];
    if (existsSync(path.join(dir, 'node_modules'))) install = 'present';
    else if (headLock !== null && headLock === baseLock && existsSync(path.join(opts.repo, 'node_modules'))) {
      await symlink(path.join(opts.repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      install = 'linked';
    } else {
      await runLogged('npm ci --no-audit --no-fund', dir, opts.logFile);
      install = 'npm ci';
    }
    await runLogged(opts.build, dir, opts.logFile);
    return { dir, commit: opts.commit, cli: await cliOf(dir), install, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
