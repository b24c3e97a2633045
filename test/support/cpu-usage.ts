import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform. */
const TICKS_PER_SECOND = 100;

export type CpuRole = 'workers' | 'bench' | 'postgres' | 'redis';

/**
 * CPU seconds (user + system) used so far by the processes a benchmark involves,
 * read from /proc: the worker processes given, this process (the API in-process,
 * the fake Twilio and the load), PostgreSQL and Redis. Two readings around a run
 * say where its CPU went, which moves far less between runs than wall-clock
 * throughput on a shared machine. Empty where there is no /proc.
 */
export function cpuSecondsByRole(workerPids: number[]): Partial<Record<CpuRole, number>> {
  const totals: Partial<Record<CpuRole, number>> = {};
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return totals;
  }
  const workers = new Set(workerPids.map(String));
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat) continue;
    const role: CpuRole | null = workers.has(pid)
      ? 'workers'
      : Number(pid) === process.pid
        ? 'bench'
        : stat.comm === 'postgres'
          ? 'postgres'
          : stat.comm.startsWith('redis-server')
            ? 'redis'
            : null;
    // PostgreSQL's backends come and go with the pools' connections; an exited one's CPU moves to
    // the postmaster's reaped-children time, so it still counts (and a total never goes down).
    if (role) totals[role] = (totals[role] ?? 0) + stat.seconds + (role === 'postgres' ? stat.childSeconds : 0);
  }
  return totals;
}

/** CPU seconds (user + system) used so far by each of these processes (0 for one that is gone). */
export function cpuSecondsOf(pids: number[]): number[] {
  return pids.map((pid) => readStat(String(pid))?.seconds ?? 0);
}

/** Milliseconds of CPU per message between two readings, by role and in total. */
export function cpuMsPerMessage(
  before: Partial<Record<CpuRole, number>>,
  after: Partial<Record<CpuRole, number>>,
  messages: number,
): Record<string, number> {
  const result: Record<string, number> = {};
  let total = 0;
  for (const role of Object.keys(after) as CpuRole[]) {
    const ms = (((after[role] ?? 0) - (before[role] ?? 0)) * 1000) / messages;
    result[role] = Math.round(ms * 1000) / 1000;
    total += ms;
  }
  result.total = Math.round(total * 1000) / 1000;
  return result;
}

function readStat(pid: string): { comm: string; seconds: number; childSeconds: number } | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // exited meanwhile
  }
}

/** A /proc/PID/stat line: the command name, its CPU seconds (user + system), and its reaped children's. */
export function parseProcStat(text: string): { comm: string; seconds: number; childSeconds: number } {
  // "pid (comm) state ..." — comm may hold spaces and parentheses, so split at the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // Fields after comm start at "state" (field 3): utime is field 14, stime field 15.
  const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  // cutime and cstime (fields 16 and 17): children that exited and were waited for.
  const childSeconds = (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  return { comm, seconds, childSeconds };
}
