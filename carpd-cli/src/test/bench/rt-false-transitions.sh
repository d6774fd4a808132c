#!/bin/bash
# False transitions of a carpd pair at the shortest intervals (advbase 0, advskew 1 and 2:
# 3.9 / 7.8 ms; master-down 11.7 / 23.4 ms) while BUSY busy loops compete for the CPU.
# Usage, as root, after `mvn -B -q package -DskipTests`:
#   carpd-cli/src/test/bench/rt-false-transitions.sh SECONDS RT_PRIORITY [BUSY]
# Prints the transitions counted after both have settled (h1 MASTER, h2 BACKUP): any is false.
set -eu
SECS=$1
RT=$2
BUSY=${3:-4}
DIST=$(cd "$(dirname "$0")/../../../target/carpd" && pwd)
P=carpdlab-$$
W=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 2
    ip netns del "$P-h1" 2>/dev/null || true
    ip netns del "$P-h2" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
ip netns add "$P-h1"
ip netns add "$P-h2"
ip -n "$P-h1" link add eth0 type veth peer name eth0 netns "$P-h2"
ip -n "$P-h1" link set eth0 up
ip -n "$P-h2" link set eth0 up
ip -n "$P-h1" addr add 198.18.0.1/24 dev eth0
ip -n "$P-h2" addr add 198.18.0.2/24 dev eth0
printf 'k' > "$W/key"
chmod 600 "$W/key"
for h in 1 2; do
    mkdir "$W/h$h"
    printf 'set rt-priority %s\ncarp0 carpdev eth0 vhid 1 advbase 0 advskew %s pass-file %s 198.18.0.10/24\n' \
        "$RT" "$h" "$W/key" > "$W/h$h/carpd.conf"
    ip netns exec "$P-h$h" "$DIST/bin/carpd" --foreground -c "$W/h$h/carpd.conf" --socket "$W/h$h/sock" \
        --state-dir "$W/h$h" > "$W/h$h/log" 2>&1 &
    pids+=($!)
    sleep 3
done
sleep 3
before=$(cat "$W"/h*/log | grep -c 'state transition' || true)
for _ in $(seq 1 "$BUSY"); do
    sh -c 'while :; do :; done' &
    pids+=($!)
done
sleep "$SECS"
after=$(cat "$W"/h*/log | grep -c 'state transition' || true)
echo "rt-priority $RT, $BUSY busy loops, $SECS s: $((after - before)) false transitions"
grep -h 'state transition' "$W"/h*/log | tail -n +"$((before + 1))" | head -5 || true
grep -h 'real-time' "$W"/h*/log | head -2 || true
