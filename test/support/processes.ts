import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const BUILT = {
  api: join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js'),
  worker: join(ROOT, 'dist', 'apps', 'worker', 'apps', 'worker', 'src', 'main.js'),
  sim: join(ROOT, 'dist', 'apps', 'sim', 'apps', 'sim', 'src', 'main.js'),
  connect: join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'connect', 'main.js'),
};

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A built app running as its own process; everything it printed is kept for the test to read. */
export interface BuiltProcess {
  child: ChildProcess;
  output: () => string;
}

/**
 * Starts a built app (as deployed) and resolves once its output contains `ready`
 * (or at once for `null`, when the caller probes readiness itself).
 */
export async function spawnBuilt(
  app: 'api' | 'worker',
  env: Record<string, string | undefined>,
  ready: string | RegExp | null,
  timeoutMs = 20_000,
  nodeArgs: string[] = [],
): Promise<BuiltProcess> {
  const child = spawn(process.execPath, [...nodeArgs, BUILT[app]], { env: env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (ready === null) return watchUntil(child, app, () => true, timeoutMs, true);
  return watchUntil(
    child,
    app,
    (seen) => (typeof ready === 'string' ? seen.includes(ready) : ready.test(seen)),
    timeoutMs,
  );
}

/**
 * `npm start`'s own script (migrate, then the built API and one worker), as a
 * person runs it, in the checkout or in `root` (an unpacked release bundle);
 * resolves once both processes said they are up.
 */
export async function spawnStart(
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
  root = ROOT,
): Promise<BuiltProcess> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.js')], {
    env: env,
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let api = false;
  let worker = false;
  return watchUntil(
    child,
    'npm start',
    (seen) => {
      api ||= seen.includes('Nest application successfully started');
      worker ||= seen.includes('Worker started');
      return api && worker;
    },
    timeoutMs,
  );
}

/**
 * Keeps everything a child prints and resolves once `isReady` accepts what came
 * in. Only the newest output is searched, and the search stops once ready: a
 * process logging every request must not cost its observer quadratic time.
 */
function watchUntil(
  child: ChildProcess,
  label: string,
  isReady: (recent: string) => boolean,
  timeoutMs: number,
  readyAtOnce = false,
): Promise<BuiltProcess> {
  const chunks: string[] = [];
  const collect = (chunk: Buffer) => chunks.push(chunk.toString());
  const output = () => chunks.join('');
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise<BuiltProcess>((resolve, reject) => {
    let recent = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', exited);
      if (error) reject(error);
      else resolve({ child, output });
    };
    const check = (chunk: Buffer) => {
      // A line may arrive split over two chunks, so keep a little of the previous one.
      recent = recent.slice(-1024) + chunk.toString();
      if (isReady(recent)) finish();
    };
    const exited = (code: number | null) => finish(new Error(`${label} exited with ${code}: ${output().slice(-2000)}`));
    const timer = setTimeout(() => {
      // Stopped, not left behind: a child still running keeps Jest waiting after the suite failed.
      child.kill('SIGTERM');
      finish(new Error(`${label} did not start in ${timeoutMs} ms: ${output().slice(-2000)}`));
    }, timeoutMs);
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', exited);
    if (readyAtOnce) finish();
  });
}

/** Runs a built command-line tool; resolves with its output and exit code. */
export function runCli(cli: 'sim' | 'connect', args: string[], env: Record<string, string | undefined>, cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BUILT[cli], ...args], { env: env, cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the built sim CLI; resolves with its output and exit code. */
export const runSim = (args: string[], env: Record<string, string | undefined>, cwd: string) =>
  runCli('sim', args, env, cwd);
