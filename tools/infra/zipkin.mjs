// Local Zipkin trace UI without Docker: the server's executable jar from Maven Central
// (tools/zipkin/pom.xml), run with `java -jar`, in-memory storage, on 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, localDir, portAnswers, readPid, repoRoot, sleep, stopProcess, fail } from './local-state.mjs';

const ZIPKIN_HOST = '127.0.0.1';
export const ZIPKIN_PORT = 9411;
export const ZIPKIN_URL = `http://${ZIPKIN_HOST}:${ZIPKIN_PORT}`;
/** What apps put in OTEL_EXPORTER_ZIPKIN_ENDPOINT. */
export const ZIPKIN_SPANS_ENDPOINT = `${ZIPKIN_URL}/api/v2/spans`;

const zipkinDir = join(localDir, 'zipkin');
const pom = join(repoRoot, 'tools', 'zipkin', 'pom.xml');
const jar = join(zipkinDir, 'zipkin-server-exec.jar');
const pidFile = join(zipkinDir, 'zipkin.pid');
const logFile = join(zipkinDir, 'zipkin.log');

export function zipkinPid() {
  return readPid(pidFile);
}

function requireJava() {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) {
    fail('local Zipkin needs java on PATH: install a JDK 17+ (e.g. apt-get install openjdk-17-jre-headless), or set OTEL_TRACES_EXPORTER=none');
  }
}

/** Copies the exec jar out of the local Maven repository; again only when the pom changes. */
function resolveJar() {
  if (existsSync(jar) && statSync(jar).mtimeMs >= statSync(pom).mtimeMs) return jar;
  if (spawnSync('mvn', ['-version'], { stdio: 'ignore' }).error) {
    fail('local Zipkin needs Apache Maven on PATH to fetch its jar (e.g. apt-get install maven), or set OTEL_TRACES_EXPORTER=none');
  }
  console.log('› resolving the Zipkin server from Maven Central (first run only)…');
  mkdirSync(zipkinDir, { recursive: true });
  const res = spawnSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${zipkinDir}`, '-Dmdep.stripVersion=true'],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (res.status !== 0 || !existsSync(jar)) {
    fail(`Maven could not resolve Zipkin (tools/zipkin/pom.xml): ${(res.stdout + res.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  }
  return jar;
}

async function healthy() {
  try {
    const res = await fetch(`${ZIPKIN_URL}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitUntilHealthy(pid, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n  ') : '';
      rmSync(pidFile, { force: true });
      fail(`Zipkin exited during start-up; see ${logFile}\n  ${tail}`);
    }
    if (await healthy()) return;
    await sleep(500);
  }
  fail(`Zipkin did not answer ${ZIPKIN_URL}/health within ${timeoutMs / 1000}s; see ${logFile}`);
}

/** Starts Zipkin unless it already runs; resolves when GET /health answers. */
export async function zipkinUp() {
  const running = zipkinPid();
  if (isAlive(running)) {
    await waitUntilHealthy(running);
    return { url: ZIPKIN_URL, started: false };
  }
  if (await portAnswers(ZIPKIN_HOST, ZIPKIN_PORT)) {
    // A Zipkin another checkout (or the operator) started is reused, not fought.
    const health = await fetch(`${ZIPKIN_URL}/health`).catch(() => undefined);
    if (health?.ok) return { url: ZIPKIN_URL, started: false };
    fail(`port ${ZIPKIN_PORT} is taken by something that is not Zipkin; stop it, or point OTEL_EXPORTER_ZIPKIN_ENDPOINT at it`);
  }
  requireJava();
  const path = resolveJar();
  mkdirSync(zipkinDir, { recursive: true });
  const log = openSync(logFile, 'a');
  const child = spawn(
    'java',
    [
      '-Xms64m',
      `-Xmx${process.env.ZIPKIN_HEAP ?? '384m'}`,
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      '-jar',
      path,
      // Spring Boot replaces a list as a whole, so the one port is restated with its address.
      `--armeria.ports[0].ip=${ZIPKIN_HOST}`,
      `--armeria.ports[0].port=${ZIPKIN_PORT}`,
      '--armeria.ports[0].protocols[0]=http',
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        STORAGE_TYPE: 'mem',
        QUERY_PORT: String(ZIPKIN_PORT),
        // Only the HTTP collector: the others would try to reach brokers we never configured.
        COLLECTOR_KAFKA_ENABLED: 'false',
        COLLECTOR_RABBITMQ_ENABLED: 'false',
        COLLECTOR_ACTIVEMQ_ENABLED: 'false',
        COLLECTOR_SCRIBE_ENABLED: 'false',
        SELF_TRACING_ENABLED: 'false',
      },
    },
  );
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  await waitUntilHealthy(child.pid);
  return { url: ZIPKIN_URL, started: true };
}

/** Stops the Zipkin this project started; resolves to whether one was running. */
export async function zipkinDown() {
  const pid = zipkinPid();
  const wasRunning = isAlive(pid);
  if (wasRunning) await stopProcess(pid);
  rmSync(pidFile, { force: true });
  return wasRunning;
}
