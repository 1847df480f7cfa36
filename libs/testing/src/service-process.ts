import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
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

/** Starts `apps/<app>/dist/src/main.js` and waits until its /health answers (200, or 503 naming a missing dependency). */
export async function spawnService(app: string, options: SpawnServiceOptions = {}): Promise<ServiceProcess> {
  const root = findWorkspaceRoot() ?? process.cwd();
  const port = options.port ?? (await freePort());
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
        PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited ${child.exitCode}: ${stderr}`);
        const res = await fetch(`${url}/health`).catch(() => undefined);
        await res?.body?.cancel();
        return res && (res.status === 200 || res.status === 503) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `${app} /health` },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    port,
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
