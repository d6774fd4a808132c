#!/usr/bin/env python3
"""The stalls stall-probe.py logged around each of some moments (carpd's log times, local time).

Usage: stalls-near.py STALLS_LOG HH:MM:SS.mmm ...
For each time T, prints the stalls (wake-up time minus its lateness, to the wake-up) that overlap
the 30 ms before T to 5 ms after it: for a transition to MASTER, the master-down interval before it.
"""
import datetime
import sys


def seconds_of_day(hms):
    h, m, s = hms.split(':')
    return int(h) * 3600 + int(m) * 60 + float(s)


def main():
    stalls = []
    for line in open(sys.argv[1]):
        fields = line.split()
        if len(fields) != 4 or fields[1] == 'wake-ups,':
            continue
        woke = datetime.datetime.fromtimestamp(float(fields[0]))
        end = woke.hour * 3600 + woke.minute * 60 + woke.second + woke.microsecond / 1e6
        late = float(fields[3])
        stalls.append((end - late / 1000, end, fields[1], late))
    for hms in sys.argv[2:]:
        t = seconds_of_day(hms)
        near = [s for s in stalls if s[1] >= t - 0.030 and s[0] <= t + 0.005]
        print(hms, ' | '.join(f"{cpu} stalled {late:.1f} ms ending {1000 * (end - t):+.0f} ms"
                              for _, end, cpu, late in near) or 'no stall near')


if __name__ == '__main__':
    main()
