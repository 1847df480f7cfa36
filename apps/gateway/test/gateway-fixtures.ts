import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@ndg/database';
import { waitFor } from '@ndg/testing';

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The real population registry, built, as a child process with its own database. */
export async function spawnPopulationRegistry(
  databaseUrl: string,
  brokers: readonly string[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = findWorkspaceRoot() ?? process.cwd();
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', join(root, 'apps/population-registry/dist/src/main.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NDG_POPULATION_DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: brokers.join(','),
        LOG_LEVEL: 'error',
        OUTBOX_RELAY: 'false',
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
        if (child.exitCode !== null) throw new Error(`registry exited ${child.exitCode}: ${stderr}`);
        const res = await fetch(`${url}/health`);
        await res.body?.cancel();
        return res.status === 200 || res.status === 503 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the population registry /health' },
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

/** Ids the lying registry answers with a body over the gateway's limit, or with something not JSON. */
export const TOO_LARGE_ID = '0999999999';
export const NOT_JSON_ID = '0888888888';

/** A registry that answers every lookup with a body breaking the record contract. */
export async function startLyingRegistry(
  secret: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createHttpServer((req, res) => {
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    if (id === TOO_LARGE_ID) {
      // Larger than the gateway reads (16 MiB), the secret early on where a partial read would see it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"secretNote":"${secret}","padding":"`);
      const chunk = 'x'.repeat(1 << 20);
      for (let i = 0; i < 17; i++) res.write(chunk);
      return res.end('"}');
    }
    if (id === NOT_JSON_ID) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(`<html>${secret}</html>`);
    }
    const body =
      req.url === '/health'
        ? { status: 'ok' }
        : { socialInsuranceNumber: id, personalId: '079090000001', status: 'active', secretNote: secret };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
