#!/usr/bin/env python3
"""Classes a carpd's protocol thread loaded later than N seconds after its start.

Usage: late-class-loads.py CLASS_LOAD_LOG [SECONDS]
The log is one daemon's -Xlog:class+load=info:file=LOG:time,tid (rt-false-transitions.sh passes
JAVA_OPTS on; %p in the file name gives one log per daemon). The protocol thread is taken to be
the one that first loads java.nio.file.DirectoryStream$Filter: at start it lists /proc/self/task
to give the JVM's collector its real-time priority. Prints those loads (at most 15) and their count.
"""
import datetime
import re
import sys


def main():
    path, after = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    line_re = re.compile(r'^\[([^\]]+)\]\[(\d+)\] (.*)$')
    rows = [m.groups() for m in map(line_re.match, open(path)) if m]
    if not rows:
        sys.exit(path + ": no class+load lines with time and tid")
    tid = next((t for _, t, text in rows if text.startswith('java.nio.file.DirectoryStream$Filter')), None)
    if tid is None:
        sys.exit(path + ": no protocol thread found")
    start = datetime.datetime.fromisoformat(rows[0][0][:23])
    late = [(when, text) for when, t, text in rows if t == tid and 'source:' in text
            and (datetime.datetime.fromisoformat(when[:23]) - start).total_seconds() > after]
    for when, text in late[:15]:
        print(when, text)
    print(f"{path}: protocol thread {tid}: {len(late)} classes loaded later than {after:g} s after start")


if __name__ == "__main__":
    main()
