import type { Admin } from 'kafkajs';

export interface KafkaProbe {
  up: boolean;
  brokers?: number;
  error?: string;
}

/** Asks the cluster for its metadata; a broker that answers is up. */
export async function probeKafka(admin: Admin, timeoutMs = 3000): Promise<KafkaProbe> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const cluster = await Promise.race([admin.describeCluster(), timeout]);
    return { up: true, brokers: cluster.brokers.length };
  } catch (err) {
    return { up: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
