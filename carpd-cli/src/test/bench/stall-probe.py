#!/usr/bin/env python3
"""Late wake-ups of a real-time thread on each CPU, to tell a stalled machine from a stalled daemon.

Usage (root): stall-probe.py PRIORITY SECONDS THRESHOLD_MS
One process per CPU, pinned to it, in SCHED_FIFO at PRIORITY, sleeps 1 ms at a time and prints
each wake-up later than THRESHOLD_MS as "EPOCH_SECONDS cpuN late MS", then per CPU the wake-ups
counted and the latest one. If every CPU's probe is late at the same moment, no thread on the
machine ran then, whatever its priority.
"""
import os
import sys
import time


def say(line):
    os.write(1, (line + "\n").encode())  # one write per line: the CPUs' processes share stdout


def probe(cpu, priority, seconds, threshold):
    os.sched_setaffinity(0, {cpu})
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(priority))
    end = time.monotonic() + seconds
    worst, count, late = 0.0, 0, 0
    now = time.monotonic()
    while now < end:
        time.sleep(0.001)
        after = time.monotonic()
        delay = (after - now - 0.001) * 1000
        count += 1
        if delay > threshold:
            late += 1
            say(f"{time.time():.3f} cpu{cpu} late {delay:.1f}")
        worst = max(worst, delay)
        now = after
    say(f"cpu{cpu}: {count} wake-ups, {late} later than {threshold:g} ms, latest {worst:.1f} ms")


def main():
    priority, seconds, threshold = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    children = []
    for cpu in sorted(os.sched_getaffinity(0)):
        pid = os.fork()
        if pid == 0:
            probe(cpu, priority, seconds, threshold)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
