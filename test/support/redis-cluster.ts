import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './processes';

const run = promisify(execFile);

/**
 * A throwaway Redis Cluster of three masters (no replicas) from the machine's redis-server, on
 * spare ports, its state in a temporary directory: what REDIS_CLUSTER_NODES points at in a test.
 */
export class TestRedisCluster {
  private readonly children: ChildProcess[] = [];
  private dir = '';
  ports: number[] = [];
  private readonly busPorts: number[] = [];

  /** `host:port,…`, as REDIS_CLUSTER_NODES takes it. */
  get nodes(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  async start(masters = 3): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'sb-cluster-'));
    for (let i = 0; i < masters; i++) this.ports.push(await this.startNode());
    await run('redis-cli', [
      '--cluster',
      'create',
      ...this.nodes.split(','),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of this.ports)
      await this.waitFor(port, (reply) => reply.includes('cluster_state:ok'), 'cluster', 'info');
    return this;
  }

  /**
   * One node on spare ports, answering PING. A spare port can be taken by someone else between
   * freePort() and redis-server's bind (or come back twice from freePort): a node that exits
   * instead of answering is started again on other ports.
   */
  private async startNode(): Promise<number> {
    const taken = new Set([...this.ports, ...this.busPorts]);
    for (let attempt = 1; ; attempt++) {
      // The cluster bus gets its own spare port too (Redis would take port + 10000, maybe in use).
      const [port, busPort] = [await this.sparePort(taken), await this.sparePort(taken)];
      const child = spawn(
        'redis-server',
        [
          ...['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'],
          ...['--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, `nodes-${port}.conf`)],
          ...['--dir', this.dir, '--save', '', '--appendonly', 'no'],
        ],
        { stdio: 'ignore' },
      );
      this.children.push(child);
      try {
        await this.waitFor(port, (reply) => reply === 'PONG', 'ping');
        this.busPorts.push(busPort);
        return port;
      } catch (error) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        if (attempt >= 3) throw error;
      }
    }
  }

  private async sparePort(taken: Set<number>): Promise<number> {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  }

  /** Which node (by port) holds the key's slot. */
  async portOf(key: string): Promise<number> {
    const { stdout } = await run('redis-cli', ['-p', String(this.ports[0]), 'cluster', 'keyslot', key]);
    const slot = Number(stdout.trim());
    const { stdout: slots } = await run('redis-cli', ['-p', String(this.ports[0]), '--json', 'cluster', 'slots']);
    const ranges = JSON.parse(slots) as Array<[number, number, [string, number, string]]>;
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no node holds slot ${slot}`);
    return range[2][1];
  }

  /** Runs one command on one node (by port); its reply as redis-cli prints it. */
  async command(port: number, ...args: string[]): Promise<string> {
    const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
    return stdout.trim();
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitFor(port: number, ok: (reply: string) => boolean, ...args: string[]): Promise<void> {
    let last = '';
    for (let i = 0; i < 200; i++) {
      last = await this.command(port, ...args).catch((error: Error) => error.message);
      if (ok(last)) return;
      await sleep(50);
    }
    throw new Error(`redis-server on ${port}: ${args.join(' ')} answered ${last}`);
  }
}
