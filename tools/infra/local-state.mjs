// Where local infrastructure keeps its files and tells other processes how to reach it.
import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const localDir = join(repoRoot, '.local');
const stateFile = join(localDir, 'infra.json');

/** The addresses `infra:up` published: `{ kafka?: {...}, postgres?: {...}, zipkin?: {...} }`. */
export function readState() {
  if (!existsSync(stateFile)) return {};
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return {};
  }
}

export function writeState(patch) {
  const next = { ...readState(), ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  mkdirSync(localDir, { recursive: true });
  writeFileSync(stateFile, JSON.stringify(next, null, 2) + '\n');
  return next;
}

export function clearState() {
  rmSync(stateFile, { force: true });
}

/** True when a process with this pid exists (signal 0 only checks). */
export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

export function readPid(file) {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILLs. Resolves when the process is gone. */
export async function stopProcess(pid, graceMs = 20_000) {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (isAlive(pid)) await sleep(100);
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true when something accepts TCP connections on host:port. */
export async function portAnswers(host, port, timeoutMs = 1000) {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Exits with one line: the house rule for anything the operator must fix. */
export function fail(message) {
  console.error(`✖ ${message}`);
  process.exit(1);
}
