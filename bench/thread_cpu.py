#!/usr/bin/env python3
"""thread_cpu.py - run a command and record the CPU time of each thread of its process.

Usage: thread_cpu.py OUTPUT -- COMMAND [ARG...]

Runs COMMAND as a child process with this script's standard streams, and reads the user and system CPU time of every
thread of the child from /proc/PID/task every SAMPLE_S seconds until the child exits. A thread's figure is the
largest seen for its thread id, so a thread that ended between two reads loses the CPU time of its last interval.
./wordfleet replaces itself with the JVM (exec), so the child is the JVM. SIGTERM and SIGINT are passed on to the
child, so a timeout that ends this script ends the command too.

OUTPUT gets one line per thread: "thread id<TAB>thread name<TAB>CPU seconds", the name as Linux keeps it (at most 15
characters). The exit status is the child's.
"""
import os
import signal
import subprocess
import sys
import time

SAMPLE_S = 0.2


def read_threads(pid, seen):
    """Adds the CPU seconds of each thread of pid to seen, keeping the largest figure per thread id."""
    ticks_per_s = os.sysconf("SC_CLK_TCK")
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                fields = stat.read()
        except OSError:
            continue  # the thread ended between the listing and the read
        # The name is in parentheses and may contain spaces. Fields 14 and 15 are utime and stime, in clock ticks.
        name = fields[fields.index("(") + 1:fields.rindex(")")]
        after_name = fields[fields.rindex(")") + 2:].split()
        cpu_s = (int(after_name[11]) + int(after_name[12])) / ticks_per_s
        if cpu_s >= seen.get(tid, ("", 0.0))[1]:
            seen[tid] = (name, cpu_s)


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: thread_cpu.py OUTPUT -- COMMAND [ARG...]")
    output, command = sys.argv[1], sys.argv[3:]
    child = subprocess.Popen(command)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda received, frame: child.send_signal(received))
    seen = {}
    while child.poll() is None:
        read_threads(child.pid, seen)
        time.sleep(SAMPLE_S)
    with open(output, "w") as out:
        for tid, (name, cpu_s) in sorted(seen.items(), key=lambda item: int(item[0])):
            out.write(f"{tid}\t{name}\t{cpu_s:.2f}\n")
    sys.exit(child.returncode if child.returncode >= 0 else 128 - child.returncode)


if __name__ == "__main__":
    main()
