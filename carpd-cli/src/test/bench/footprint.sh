#!/bin/bash
# Footprint of one idle carpd in a private namespace: time from exec to BACKUP (every vhid),
# then, after it has been MASTER for a while, VmRSS and PSS (/proc/PID/smaps_rollup) and,
# with NMT=1, the JVM's native memory summary (jcmd VM.native_memory), with SMAPS=1 the largest
# resident mappings, with HEAP=1 the heap's generations and, after the full collection it
# forces, the largest classes on the heap (jcmd GC.heap_info, GC.class_histogram).
# Usage, as root, after `mvn -B -q package -DskipTests` (or any build of carpd-cli/target/carpd):
#   carpd-cli/src/test/bench/footprint.sh [VHIDS] ["JAVA_OPTS"]
# VHIDS defaults to 1 (up to 255); JAVA_OPTS unset means the launcher's default. Env: NMT=1,
# SETTLE=seconds before sampling (default 12), TIMING="advbase 0 advskew 16" for every vhid
# (default advbase 1), CPU_SECS=seconds over which the CPU used (utime + stime) is measured once
# sampled, as a share of one core (default 10). Everything it creates is removed on exit.
set -eu
VHIDS=${1:-1}
DIST=$(cd "$(dirname "$0")/../../../target/carpd" && pwd)
P=carpdlab-$$-fp
W=$(mktemp -d)
cleanup() {
    [ -f "$W/pid" ] && kill "$(cat "$W/pid")" 2>/dev/null || true
    sleep 1.5
    ip netns del "$P" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
ip netns add "$P"
ip -n "$P" link add eth0 type veth peer name eth1
ip -n "$P" link set eth0 up
ip -n "$P" link set eth1 up
ip -n "$P" addr add 198.18.0.1/24 dev eth0
printf 'k' > "$W/key"
chmod 600 "$W/key"
for i in $(seq 1 "$VHIDS"); do
    echo "carp$((i - 1)) carpdev eth0 vhid $i ${TIMING:-} pass-file $W/key 198.18.$((1 + i / 200)).$((i % 200 + 1))/16"
done > "$W/carpd.conf"
if [ $# -gt 1 ]; then export JAVA_OPTS="$2"; fi
DEFAULT_OPTS=$(sed -n 's/^JAVA_OPTS=\${JAVA_OPTS-\(.*\)}$/\1/p' "$DIST/bin/carpd") # the launcher's
if [ "${NMT:-0}" = 1 ]; then export JAVA_OPTS="${JAVA_OPTS-$DEFAULT_OPTS} -XX:NativeMemoryTracking=summary"; fi
t0=$(date +%s%N)
ip netns exec "$P" "$DIST/bin/carpd" --foreground -c "$W/carpd.conf" --socket "$W/sock" --state-dir "$W" \
    > "$W/log" 2>&1 &
echo $! > "$W/pid"
backups() { local n; n=$(grep -c -- '-> BACKUP' "$W/log" 2>/dev/null) || true; echo "${n:-0}"; }
while [ "$(backups)" -lt "$VHIDS" ]; do
    sleep 0.005
    if [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 20000 ]; then echo "no BACKUP after 20 s:"; cat "$W/log"; exit 1; fi
done
t1=$(date +%s%N)
# CPU time used so far (utime + stime, in clock ticks): less sensitive to a busy machine than t1 - t0
cpu=$(awk '{print $14 + $15}' "/proc/$(cat "$W/pid")/stat")
sleep "${SETTLE:-12}"
pid=$(cat "$W/pid")
echo "vhids=$VHIDS JAVA_OPTS=${JAVA_OPTS:-(launcher default)}"
echo "start to BACKUP: $(( (t1 - t0) / 1000000 )) ms, CPU $(( cpu * 1000 / $(getconf CLK_TCK) )) ms; masters: $(grep -c -- '-> MASTER' "$W/log" || true)"
echo "$(grep VmRSS "/proc/$pid/status" | tr -s ' ') / $(grep '^Pss:' "/proc/$pid/smaps_rollup" | tr -s ' ')"
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
c0=$(ticks); w0=$(date +%s%N)
sleep "${CPU_SECS:-10}"
c1=$(ticks); w1=$(date +%s%N)
masters=$(grep -c -- '-> MASTER' "$W/log" || true)
awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v ns="$((w1 - w0))" -v t="${TIMING:-advbase 1}" -v m="$masters" \
    'BEGIN { printf "CPU (%s, %d MASTER): %.2f %% of one core over %.0f s\n", t, m, 100 * c / hz / (ns / 1e9), ns / 1e9 }'
if [ "${SMAPS:-0}" = 1 ]; then # the largest resident mappings
    awk '/^[0-9a-f]+-[0-9a-f]+ /{name=($6==""?"[anon]":$6)} /^Rss:/{rss[name]+=$2} END{for(n in rss) print rss[n], n}' \
        "/proc/$pid/smaps" | sort -rn | head -15 | sed 's/^/  kB /'
fi
JCMD=jcmd
if [ -n "${JAVA_HOME:-}" ]; then JCMD=$JAVA_HOME/bin/jcmd; fi
if [ "${NMT:-0}" = 1 ]; then
    ip netns exec "$P" "$JCMD" "$pid" VM.native_memory summary | grep -E '^(Total|-)' | sed 's/^/  /'
fi
if [ "${HEAP:-0}" = 1 ]; then
    ip netns exec "$P" "$JCMD" "$pid" GC.heap_info | sed -n '2,$p' | sed 's/^/  /'
    ip netns exec "$P" "$JCMD" "$pid" GC.class_histogram | sed -n '2,25p' | sed 's/^/  /'
fi
