#!/usr/bin/env python3
"""Run a command and print its wall time, CPU time and peak resident memory.

    bench/measure.py [--repeat N] [--warmup N] [--no-rss] [--stdout FILE] [--stderr FILE]
                     [--timeout SECONDS] [--max-memory-mb MB] -- COMMAND [ARGS...]

Prints one line of key=value pairs:

    wall_ms=<median> wall_min_ms=<min> wall_max_ms=<max> cpu_ms=<median user+sys>
    runs=<N> max_rss_kb=<peak> rss_source=<rusage|gnu-time> rss_floor_kb=<floor>
    launch_floor_ms=<median wall of /bin/true, started the same way> exit=<code>
    timed_out=<0|1>

Wall time is taken around start + wait, so process start-up is included. CPU time
(user + sys) is the child's own, from os.wait4: on a shared machine it is steadier
than wall time. With --repeat N > 1 the N timed runs start the command with
posix_spawn (the cheapest start) and one more run gives the peak RSS. --no-rss
times the runs that way whatever N, and makes no peak-RSS run and no /bin/true
runs (max_rss_kb=0, launch_floor_ms=0): for commands timed in turn, one run each
per round (bench/run.sh's alternating rounds), where every extra process would
only stretch the round. --warmup N runs the command N times, untimed, before the
timed runs: on a VM whose host parks idle virtual CPUs, the first runs after an idle
or single-threaded stretch are slow, more so with threads, so a run in a round
should follow a run of its own command, not another command's.

Peak RSS is the child's ru_maxrss from os.wait4 (what resource.getrusage(
RUSAGE_CHILDREN) reports after a single child). Linux carries a process's peak RSS
across exec, and a child forked from Python starts as a copy of this ~10 MB
process, so ru_maxrss can never read below that: `rss_floor_kb` is the figure for
/bin/true. When GNU time is installed (/usr/bin/time, Debian package `time`), the
peak-RSS run goes through it instead: it forks the command from a tiny process and
reports the command's own peak (rss_source=gnu-time, floor ~1-2 MB). Either way
only the standard library is needed.

The command's exit code is reported, never propagated: benchmarks lint files with
findings, so rollsafe exits 1 by design. A negative exit code is the signal that
ended the command (-9 after a timeout, usually -6 when an allocation failed under
--max-memory-mb).

Guards for commands that might not survive (bench/run.sh uses them for the peer
linter): --timeout kills the command's whole process group after SECONDS per run
(timed_out=1, and no further runs are made); --max-memory-mb caps the address
space (RLIMIT_AS) of everything this script starts, so an allocation beyond it
fails instead of the machine swapping. Neither costs anything while it does not
trigger: the limit is set once on this process and inherited, and the timeout is
an interval timer here.
"""

from __future__ import annotations

import os
import resource
import signal
import statistics
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


class Options:
    no_rss = False
    warmup = 0
    stderr_path: str | None = None
    timeout: float = 0.0
    timed_out = False


def run_once(cmd: list[str], stdout_path: str | None, mode: str) -> tuple[float, float, int, int]:
    """One run: (wall ms, cpu ms, peak RSS kB, exit code).

    mode "spawn": posix_spawn (vfork-like; its ru_maxrss is this process's, useless);
    mode "fork": fork + exec (ru_maxrss is the command's, above the floor);
    mode "gnu-time": fork + exec of GNU time running the command (exact peak RSS).
    """
    rss_file = None
    if mode == "gnu-time":
        fd, rss_file = tempfile.mkstemp(prefix="measure-rss-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file, "--"] + cmd
    out_fd = os.open(stdout_path or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err_fd = -1
    if Options.stderr_path is not None and cmd[0] != "/bin/true":
        err_fd = os.open(Options.stderr_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    # With a timeout the command gets its own process group, so that a timeout kills
    # everything it started (GNU time and the command under it, say).
    own_group = Options.timeout > 0
    start = time.perf_counter()
    if mode == "spawn":
        actions = [(os.POSIX_SPAWN_DUP2, out_fd, 1)]
        if err_fd >= 0:
            actions.append((os.POSIX_SPAWN_DUP2, err_fd, 2))
        if own_group:
            pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=actions, setpgroup=0)
        else:
            pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=actions)
    else:
        pid = os.fork()
        if pid == 0:
            try:
                if own_group:
                    os.setpgid(0, 0)
                os.dup2(out_fd, 1)
                if err_fd >= 0:
                    os.dup2(err_fd, 2)
                os.execvp(cmd[0], cmd)
            except OSError as e:
                os.write(2, f"measure.py: cannot run {cmd[0]}: {e}\n".encode())
            os._exit(127)
    if own_group:
        def on_timeout(_signum: int, _frame: object) -> None:
            Options.timed_out = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        signal.signal(signal.SIGALRM, on_timeout)
        signal.setitimer(signal.ITIMER_REAL, Options.timeout)
    _, status, usage = os.wait4(pid, 0)  # retried after the handler (PEP 475)
    wall_ms = (time.perf_counter() - start) * 1000.0
    if own_group:
        signal.setitimer(signal.ITIMER_REAL, 0)
    os.close(out_fd)
    if err_fd >= 0:
        os.close(err_fd)
    cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000.0
    rss = usage.ru_maxrss
    if rss_file is not None:
        with open(rss_file, encoding="utf-8") as f:
            lines = [line for line in f.read().split("\n") if line.strip()]
        os.unlink(rss_file)
        # GNU time prints "Command exited with non-zero status N" before the figure.
        rss = int(lines[-1]) if lines and lines[-1].strip().isdigit() else rss
    return wall_ms, cpu_ms, rss, os.waitstatus_to_exitcode(status)


def have_gnu_time() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    try:
        return run_once(["/bin/true"], None, "gnu-time")[3] == 0
    except (OSError, ValueError):
        return False


def usage_error() -> int:
    print(__doc__, file=sys.stderr)
    return 2


def main() -> int:
    args = sys.argv[1:]
    repeat = 1
    stdout_path = None
    while args and args[0] != "--":
        if args[0] == "--repeat" and len(args) > 1:
            repeat = max(1, int(args[1]))
            args = args[2:]
        elif args[0] == "--warmup" and len(args) > 1:
            Options.warmup = max(0, int(args[1]))
            args = args[2:]
        elif args[0] == "--no-rss":
            Options.no_rss = True
            args = args[1:]
        elif args[0] == "--stdout" and len(args) > 1:
            stdout_path = args[1]
            args = args[2:]
        elif args[0] == "--stderr" and len(args) > 1:
            Options.stderr_path = args[1]
            args = args[2:]
        elif args[0] == "--timeout" and len(args) > 1:
            Options.timeout = float(args[1])
            args = args[2:]
        elif args[0] == "--max-memory-mb" and len(args) > 1:
            limit = int(float(args[1]) * 1024 * 1024)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            args = args[2:]
        else:
            return usage_error()
    if len(args) < 2:
        return usage_error()
    cmd = args[1:]
    if Options.stderr_path is not None:
        open(Options.stderr_path, "w", encoding="utf-8").close()
    rss_mode = "gnu-time" if have_gnu_time() else "fork"

    for _ in range(Options.warmup):
        run_once(cmd, stdout_path, "spawn")
        if Options.timed_out:
            break
    walls: list[float] = []
    cpus: list[float] = []
    if repeat == 1 and not Options.no_rss:
        # One run gives all figures (GNU time's own start costs well under a millisecond).
        wall, cpu, peak, code = run_once(cmd, stdout_path, rss_mode)
        if Options.timed_out:
            peak = 0  # GNU time was killed too: no figure
        walls.append(wall)
        cpus.append(cpu)
        launch = [run_once(["/bin/true"], None, rss_mode)[0] for _ in range(5)]
    else:
        code = 0
        for _ in range(repeat):
            wall, cpu, _, code = run_once(cmd, stdout_path, "spawn")
            walls.append(wall)
            cpus.append(cpu)
            if Options.timed_out:
                break
        if Options.no_rss:
            peak = 0
            launch = [0.0]
            rss_mode = "none"
        else:
            peak = 0 if Options.timed_out else run_once(cmd, stdout_path, rss_mode)[2]
            launch = [run_once(["/bin/true"], None, "spawn")[0] for _ in range(min(repeat, 50))]
    floor = 0 if Options.no_rss else run_once(["/bin/true"], None, rss_mode)[2]
    print(f"wall_ms={statistics.median(walls):.2f} wall_min_ms={min(walls):.2f} "
          f"wall_max_ms={max(walls):.2f} cpu_ms={statistics.median(cpus):.2f} runs={len(walls)} "
          f"max_rss_kb={peak} rss_source={rss_mode} rss_floor_kb={floor} "
          f"launch_floor_ms={statistics.median(launch):.2f} exit={code} "
          f"timed_out={int(Options.timed_out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
