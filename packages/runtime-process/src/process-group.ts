/**
 * Sends `signal` to every process in the group led by `pid`. Servers are spawned detached, so
 * each leads its own group and whatever it starts (npx's node, a shell's children) shares it.
 * Whether the group was there to receive it.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted. EPERM: it is not ours (any
    // more); signalling it is not our business.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH" || code === "EPERM") return false;
    throw error;
  }
}
