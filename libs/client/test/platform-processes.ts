import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@ndg/database';
import { waitFor } from '@ndg/testing';

/** A built service running as a child process, as it runs in production. */
export interface ServiceProcess {
  readonly url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
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

/** Starts `apps/<app>/dist/src/main.js` on a free port and waits for /health to answer (200 or 503). */
export async function spawnService(app: string, env: Record<string, string>): Promise<ServiceProcess> {
  const root = findWorkspaceRoot() ?? process.cwd();
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', join(root, `apps/${app}/dist/src/main.js`)],
    {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        OTEL_SDK_DISABLED: 'true',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited ${child.exitCode}: ${stderr}`);
        const res = await fetch(`${url}/health`);
        await res.body?.cancel();
        // 503 is fine: the gateway names registries this suite does not start.
        return res.status === 200 || res.status === 503 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `${app} /health` },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
