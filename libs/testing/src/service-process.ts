import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findWorkspaceRoot } from '@ndg/database';
import { waitFor } from './wait-for.js';

/** A built service running as a child process, as it runs in production. */
export interface ServiceProcess {
  readonly url: string;
  readonly port: number;
  /** SIGTERM: the service shuts down cleanly. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, no shutdown hooks. */
  kill(): Promise<void>;
}

export interface SpawnServiceOptions {
  env?: Record<string, string>;
  /** Reuse a port, e.g. to restart a killed service where its clients expect it. */
  port?: number;
  /** Start with the telemetry preload (tracing); off unless asked, so suites export nothing. */
  tracing?: boolean;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Children still running: killed when the test process exits, whatever the suite forgot. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `apps/<app>/dist/src/main.js` and waits until its /health answers (200, or 503 naming a
 * missing dependency). Without `port` the service binds port 0 and the address it prints is used:
 * a port picked here beforehand could be taken (by any outgoing connection) before the child binds.
 */
export async function spawnService(app: string, options: SpawnServiceOptions = {}): Promise<ServiceProcess> {
  const root = findWorkspaceRoot() ?? process.cwd();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      ...(options.tracing ? ['--import', '@ndg/telemetry/preload'] : []),
      join(root, `apps/${app}/dist/src/main.js`),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        OTEL_SDK_DISABLED: options.tracing ? 'false' : 'true',
        ...options.env,
        PORT: String(options.port ?? 0),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  // A suite that fails half-way through starting its services must not be kept alive by them.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  const exitedEarly = exited().then(() => {
    throw new Error(`${app} exited ${child.exitCode ?? child.signalCode}: ${stderr}`);
  });
  exitedEarly.catch(() => undefined);
  let url: string;
  try {
    url = await Promise.race([listeningUrl(child, 60_000, app), exitedEarly]);
    await Promise.race([
      waitFor(
        async () => {
          const res = await fetch(`${url}/health`).catch(() => undefined);
          await res?.body?.cancel();
          return res && (res.status === 200 || res.status === 503) ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: `${app} /health` },
      ),
      exitedEarly,
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    port: Number(new URL(url).port),
    stop: async () => {
      const done = exited();
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000).unref();
      await done;
    },
    kill: async () => {
      const done = exited();
      child.kill('SIGKILL');
      await done;
    },
  };
}

/** The `url` of the `{"msg":"listening","url":…}` line every service prints once it is bound. */
function listeningUrl(child: ChildProcess, timeoutMs: number, app: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${app} printed no listening line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    // A child that exits first fails the start on its own; this timer must not hold the process.
    timer.unref();
    // Read every line to the end, so the child never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line) as { msg?: unknown; url?: unknown };
        if (parsed.msg === 'listening' && typeof parsed.url === 'string') {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        // a log line that merely starts with a brace
      }
    });
  });
}
