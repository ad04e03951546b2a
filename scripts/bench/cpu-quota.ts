// A CPU quota for one process and its threads, through a Linux control group: a seat of the seats bench given the
// CPU time of a smaller machine (0.6 of a core, say) so that three such "machines" fit on two cores. Needs root and
// a writable cpu controller (cgroup v1's cpu hierarchy or cgroup v2 with cpu enabled); null where there is none.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuQuota {
  /** The command line that runs `command` inside the group (its first process joins before it execs). */
  wrap(command: string[]): string[];
  remove(): void;
}

const PERIOD_US = 100_000;

/** A new group named `name` allowed `cpus` cores' worth of time, or null when this machine offers no way to. */
export function cpuQuota(name: string, cpus: number): CpuQuota | null {
  const quotaUs = Math.round(cpus * PERIOD_US);
  const v1 = '/sys/fs/cgroup/cpu';
  const v2 = '/sys/fs/cgroup';
  try {
    if (existsSync(join(v1, 'cpu.cfs_quota_us'))) {
      const dir = join(v1, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quotaUs));
      return inGroup(dir);
    }
    const controllers = join(v2, 'cgroup.subtree_control');
    if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu')) {
      const dir = join(v2, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'cpu.max'), `${quotaUs} ${PERIOD_US}`);
      return inGroup(dir);
    }
  } catch {
    // Not root, or a read-only cgroup mount (a container): no quota here.
  }
  return null;
}

function inGroup(dir: string): CpuQuota {
  return {
    // The shell moves itself into the group and then becomes the command, so every thread it starts is inside.
    wrap: (command) => ['sh', '-c', `echo $$ > '${join(dir, 'cgroup.procs')}' && exec "$@"`, 'sh', ...command],
    remove: () => {
      try {
        rmdirSync(dir);
      } catch {
        // Still busy (a process not yet reaped): the kernel keeps an empty group harmlessly.
      }
    },
  };
}
