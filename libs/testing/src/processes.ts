import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
export const BUILT = {
  api: join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js'),
  worker: join(ROOT, 'dist', 'apps', 'worker', 'apps', 'worker', 'src', 'main.js'),
  sim: join(ROOT, 'dist', 'apps', 'sim', 'apps', 'sim', 'src', 'main.js'),
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
  output(): string;
}

/** Starts a built app (as deployed) and resolves once its output contains `ready`. */
export async function spawnBuilt(
  app: 'api' | 'worker',
  env: Record<string, string | undefined>,
  ready: string | RegExp,
  timeoutMs = 20_000,
  nodeArgs: string[] = [],
): Promise<BuiltProcess> {
  const child = spawn(process.execPath, [...nodeArgs, BUILT[app]], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not start in ${timeoutMs} ms: ${output.slice(-2000)}`)), timeoutMs);
    const check = () => {
      if (typeof ready === 'string' ? output.includes(ready) : ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code}: ${output.slice(-2000)}`));
    });
  });
  return { child, output: () => output };
}

/**
 * `npm start`'s own script (migrate, then the built API and one worker), as a
 * person runs it; resolves once both processes said they are up.
 */
export async function spawnStart(env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<BuiltProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], {
    env: env as NodeJS.ProcessEnv,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in ${timeoutMs} ms: ${output.slice(-2000)}`)), timeoutMs);
    const check = () => {
      if (output.includes('Nest application successfully started') && output.includes('Worker started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}: ${output.slice(-2000)}`));
    });
  });
  return { child, output: () => output };
}

/** Runs the built sim CLI; resolves with its output and exit code. */
export function runSim(args: string[], env: Record<string, string | undefined>, cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BUILT.sim, ...args], { env: env as NodeJS.ProcessEnv, cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
