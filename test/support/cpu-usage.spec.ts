import { cpuMsPerMessage, cpuSecondsByRole, parseProcStat } from './cpu-usage';

describe('CPU accounting for benchmarks', () => {
  it('reads the command name and user + system ticks, even when the name holds spaces and parentheses', () => {
    const line = '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 1 0 0 0 250 31 7 3 20 0 11 0 100 0 0';
    expect(parseProcStat(line)).toEqual({ comm: 'node (worker) x', seconds: 2.81, childSeconds: 0.1 });
  });

  it('counts this process as the bench, and splits a difference per message', () => {
    const before = cpuSecondsByRole([]);
    const until = Date.now() + 100;
    while (Date.now() < until); // burn some CPU
    const after = cpuSecondsByRole([]);
    expect(after.bench! - before.bench!).toBeGreaterThan(0.03);
    expect(cpuMsPerMessage({ workers: 1, redis: 0.5 }, { workers: 3, redis: 1 }, 1000)).toEqual({
      workers: 2,
      redis: 0.5,
      total: 2.5,
    });
  });
});
