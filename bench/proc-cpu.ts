/** CPU time of a whole Chromium (its browser process and every descendant: renderers, GPU, utilities) from /proc. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Proc {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

function readProcs(): Proc[] {
  const procs: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields start after the last ") ".
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      procs.push({ pid: Number(name), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited while we read
    }
  }
  return procs;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The Chromium launched with `marker` among its arguments: its browser process (the one without `--type=`). */
export function browserPid(marker: string): number {
  const pids = readProcs()
    .map((p) => p.pid)
    .filter((pid) => {
      const line = cmdline(pid);
      return line.includes(marker) && !line.includes('--type=');
    });
  if (pids.length !== 1) throw new Error(`expected one browser process with ${marker}, found ${pids.length}`);
  return pids[0]!;
}

/** Each process of the tree under `root` (itself included) and its CPU ticks so far, with its Chromium type. */
export function treeTicks(root: number): Map<number, { ticks: number; type: string }> {
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out = new Map<number, { ticks: number; type: string }>();
  const rootProc = procs.find((p) => p.pid === root);
  if (!rootProc) return out;
  const queue = [rootProc];
  while (queue.length) {
    const p = queue.shift()!;
    const type = /--type=(\S+)/.exec(cmdline(p.pid))?.[1] ?? 'browser';
    const utility = /--utility-sub-type=\S*?\.?(\w+)\s/.exec(cmdline(p.pid))?.[1];
    out.set(p.pid, { ticks: p.ticks, type: utility ? `${type}:${utility}` : type });
    queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

export interface CpuUse {
  /** CPU seconds per wall second, as % of one core. */
  total: number;
  /** The same per process type (browser, renderer, gpu-process, utility:…). */
  byType: Record<string, number>;
}

/** Starts measuring the tree under `root`; the returned function gives its CPU use since. */
export function measureCpu(root: number): () => CpuUse {
  const before = treeTicks(root);
  const started = Date.now();
  return () => {
    const after = treeTicks(root);
    const seconds = (Date.now() - started) / 1000;
    const byType: Record<string, number> = {};
    let total = 0;
    for (const [pid, { ticks, type }] of after) {
      // A process that started during the run counts from zero.
      const used = ticks - (before.get(pid)?.ticks ?? 0);
      const pct = (used / TICKS_PER_SECOND / seconds) * 100;
      byType[type] = (byType[type] ?? 0) + pct;
      total += pct;
    }
    return { total, byType };
  };
}

/**
 * Lowers the CPU priority of every process of the tree under `root` (nice `n`): on a small machine the
 * other people's browsers then take what the measured one leaves, instead of starving it. Processes
 * the tree forks later inherit it from their parent.
 */
export function renice(root: number, n: number): void {
  for (const pid of treeTicks(root).keys()) {
    try {
      setPriority(pid, n);
    } catch {
      // exited meanwhile
    }
  }
}
