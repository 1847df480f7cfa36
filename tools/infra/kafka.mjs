// Local Apache Kafka (KRaft) without Docker: jars from Maven Central, started with `java`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { isAlive, localDir, portAnswers, readPid, repoRoot, sleep, stopProcess, fail } from './local-state.mjs';

const kafkaTools = join(repoRoot, 'tools', 'kafka');
const kafkaDir = join(localDir, 'kafka');
const classpathFile = join(kafkaDir, 'classpath.txt');

/** The two shapes we run: one broker for development, three on one machine for fault tests. */
export const KAFKA_MODES = {
  single: { nodes: 1, brokerPortBase: 9092, controllerPortBase: 9093, portStep: 2, replication: 1, minIsr: 1 },
  cluster: { nodes: 3, brokerPortBase: 29092, controllerPortBase: 29192, portStep: 1, replication: 3, minIsr: 2 },
  // A broker of its own for tests that stop and start Kafka, so they never disturb other suites.
  outage: { nodes: 1, brokerPortBase: 39092, controllerPortBase: 39093, portStep: 2, replication: 1, minIsr: 1 },
  // `npm test`'s own broker: the suites publish to the platform's real topic names, which must
  // not end up in the topics `npm start` consumes from the beginning (nor collide with them).
  test: { nodes: 1, brokerPortBase: 19092, controllerPortBase: 19093, portStep: 2, replication: 1, minIsr: 1 },
};

export function brokersOf(mode) {
  const m = KAFKA_MODES[mode];
  return Array.from({ length: m.nodes }, (_, i) => `127.0.0.1:${m.brokerPortBase + i * m.portStep}`);
}

function nodeDir(mode, i) {
  return join(kafkaDir, mode, `node-${i}`);
}

function requireJavaAndMaven() {
  const missing = ['java', 'mvn'].filter((cmd) => spawnSync(cmd, ['-version'], { stdio: 'ignore' }).error);
  if (missing.length > 0) {
    fail(
      `local Kafka needs ${missing.join(' and ')} on PATH: install a JDK 17+ and Apache Maven (e.g. apt-get install openjdk-17-jre-headless maven), or set KAFKA_BROKERS to use an existing Kafka`,
    );
  }
}

/** Resolves the broker's classpath with Maven; cached until tools/kafka/pom.xml changes. */
function classpath() {
  const pom = join(kafkaTools, 'pom.xml');
  if (!existsSync(classpathFile) || statSync(pom).mtimeMs > statSync(classpathFile).mtimeMs) {
    mkdirSync(kafkaDir, { recursive: true });
    console.log('› resolving Apache Kafka from Maven Central (first run only)…');
    const res = spawnSync(
      'mvn',
      ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    if (res.status !== 0) {
      rmSync(classpathFile, { force: true });
      fail(`Maven could not resolve Kafka (tools/kafka/pom.xml): ${(res.stdout + res.stderr).trim().split('\n').slice(-3).join(' | ')}`);
    }
  }
  return readFileSync(classpathFile, 'utf8').trim();
}

function serverProperties(mode, i) {
  const m = KAFKA_MODES[mode];
  const brokerPort = m.brokerPortBase + (i - 1) * m.portStep;
  const controllerPort = m.controllerPortBase + (i - 1) * m.portStep;
  const voters = Array.from(
    { length: m.nodes },
    (_, k) => `${k + 1}@127.0.0.1:${m.controllerPortBase + k * m.portStep}`,
  ).join(',');
  return [
    'process.roles=broker,controller',
    `node.id=${i}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(nodeDir(mode, i), 'data')}`,
    `offsets.topic.replication.factor=${m.replication}`,
    `transaction.state.log.replication.factor=${m.replication}`,
    `transaction.state.log.min.isr=${m.minIsr}`,
    `default.replication.factor=${m.replication}`,
    `min.insync.replicas=${m.minIsr}`,
    'num.partitions=3',
    'auto.create.topics.enable=true',
    // Tests create many short-lived consumer groups; don't make each wait 3 s for peers.
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=24',
    // Fence a dead broker within seconds, so fault tests see a new leader quickly.
    'broker.session.timeout.ms=4000',
    'broker.heartbeat.interval.ms=1000',
    'log.segment.bytes=67108864',
    '',
  ].join('\n');
}

function format(mode, i, cp, clusterId) {
  const dir = nodeDir(mode, i);
  if (existsSync(join(dir, 'data', 'meta.properties'))) return;
  mkdirSync(join(dir, 'data'), { recursive: true });
  const res = spawnSync(
    'java',
    // `=`: a base64url id may start with '-', which the option parser would take for a flag.
    ['-cp', cp, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', join(dir, 'server.properties')],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) fail(`formatting KRaft storage for node ${i} failed: ${res.stderr.trim().split('\n').pop()}`);
}

async function answersMetadata(mode) {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'ndg-infra', brokers: brokersOf(mode), logLevel: logLevel.NOTHING, retry: { retries: 1 } });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length >= KAFKA_MODES[mode].nodes;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** A metadata request that lists every broker of the mode: the broker is really serving. */
async function waitUntilServing(mode, pids, timeoutMs = 90_000) {
  const { Kafka, logLevel } = await import('kafkajs');
  const expected = KAFKA_MODES[mode].nodes;
  const kafka = new Kafka({ clientId: 'ndg-infra', brokers: brokersOf(mode), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = pids.find((p) => !isAlive(p.pid));
    if (dead) {
      const log = join(nodeDir(mode, dead.node), 'broker.log');
      const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n  ') : '';
      fail(`Kafka node ${dead.node} exited during start-up; see ${log}\n  ${tail}`);
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length >= expected && cluster.controller !== null) return;
    } catch {
      /* not yet */
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(500);
  }
  fail(`Kafka (${mode}) did not answer a metadata request within ${timeoutMs / 1000}s; see ${join(kafkaDir, mode)}`);
}

export function kafkaPids(mode) {
  return Array.from({ length: KAFKA_MODES[mode].nodes }, (_, k) => ({
    node: k + 1,
    pid: readPid(join(nodeDir(mode, k + 1), 'broker.pid')),
  }));
}

/** Starts the brokers of `mode` unless they already run; returns their addresses. */
export async function kafkaUp(mode = 'single') {
  const running = kafkaPids(mode).filter((p) => isAlive(p.pid));
  if (running.length === KAFKA_MODES[mode].nodes) {
    await waitUntilServing(mode, running);
    return { brokers: brokersOf(mode), started: false };
  }
  const taken = [];
  for (const addr of brokersOf(mode)) {
    const [host, port] = addr.split(':');
    if (await portAnswers(host, Number(port))) taken.push(addr);
  }
  if (taken.length > 0) {
    // A broker another checkout (or the operator) started on our ports is reused, not fought.
    if (taken.length === KAFKA_MODES[mode].nodes && (await answersMetadata(mode))) {
      return { brokers: brokersOf(mode), started: false };
    }
    fail(`port(s) ${taken.join(', ')} taken by something that is not a ${mode} Kafka; stop it, or set KAFKA_BROKERS`);
  }
  requireJavaAndMaven();
  const cp = classpath();
  const clusterIdFile = join(kafkaDir, mode, 'cluster-id');
  mkdirSync(join(kafkaDir, mode), { recursive: true });
  if (!existsSync(clusterIdFile)) writeFileSync(clusterIdFile, kafkaClusterId());
  const clusterId = readFileSync(clusterIdFile, 'utf8').trim();

  const pids = [];
  for (let i = 1; i <= KAFKA_MODES[mode].nodes; i++) {
    const dir = nodeDir(mode, i);
    const existing = readPid(join(dir, 'broker.pid'));
    if (isAlive(existing)) {
      pids.push({ node: i, pid: existing });
      continue;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'server.properties'), serverProperties(mode, i));
    format(mode, i, cp, clusterId);
    const log = openSync(join(dir, 'broker.log'), 'a');
    const child = spawn(
      'java',
      [
        `-Xms256m`,
        `-Xmx${process.env.KAFKA_HEAP ?? '768m'}`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(kafkaTools, 'log4j2.properties')}`,
        '-cp',
        cp,
        'kafka.Kafka',
        join(dir, 'server.properties'),
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    writeFileSync(join(dir, 'broker.pid'), String(child.pid));
    pids.push({ node: i, pid: child.pid });
  }
  await waitUntilServing(mode, pids);
  return { brokers: brokersOf(mode), started: true };
}

export async function kafkaDown(mode) {
  const pids = kafkaPids(mode).filter((p) => isAlive(p.pid));
  await Promise.all(pids.map((p) => stopProcess(p.pid)));
  for (let i = 1; i <= KAFKA_MODES[mode].nodes; i++) rmSync(join(nodeDir(mode, i), 'broker.pid'), { force: true });
  return pids.length;
}

/** Deletes the stopped brokers' storage of `mode`, so the next start begins with no topics. */
export function kafkaWipe(mode) {
  if (kafkaPids(mode).some((p) => isAlive(p.pid))) fail(`Kafka (${mode}) is still running; stop it first`);
  rmSync(join(kafkaDir, mode), { recursive: true, force: true });
}

/** Stops one node hard, as a crash would; for fault tests. */
export async function killKafkaNode(mode, node) {
  const pid = readPid(join(nodeDir(mode, node), 'broker.pid'));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

export function kafkaStatus(mode) {
  return kafkaPids(mode).map((p) => ({ ...p, alive: isAlive(p.pid), address: brokersOf(mode)[p.node - 1] }));
}

/** KRaft wants a base64url-encoded 16-byte UUID. */
function kafkaClusterId() {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
}
