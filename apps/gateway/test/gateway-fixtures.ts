import { createServer as createHttpServer, type Server } from 'node:http';
import { spawnService } from '@ndg/testing';

/** The real population registry, built, as a child process with its own database. */
export function spawnPopulationRegistry(
  databaseUrl: string,
  brokers: readonly string[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  return spawnService('population-registry', {
    env: {
      NDG_POPULATION_DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      OUTBOX_RELAY: 'false',
    },
  });
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
