import type { ChildProcess } from 'node:child_process';
import type { Harness } from '../test/support';

/** One built worker for a bench, run with BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). */
export function spawnBenchWorker(h: Harness): Promise<ChildProcess> {
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return h.spawnWorker({ LOG_LEVEL: 'info' }, nodeArgs);
}

/** SIGTERM, and waits for it to exit: a worker run with --cpu-prof writes its profile then. */
export async function stopBenchWorker(worker: ChildProcess | null): Promise<void> {
  if (worker?.exitCode === null) await new Promise((resolve) => worker.once('exit', resolve).kill('SIGTERM'));
}
