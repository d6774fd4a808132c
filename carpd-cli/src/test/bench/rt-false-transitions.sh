#!/bin/bash
# False transitions of a carpd pair at the shortest intervals (advbase 0, advskew 1 and 2:
# 3.9 / 7.8 ms; master-down 11.7 / 23.4 ms) while BUSY busy loops compete for the CPU.
# Usage, as root, after `mvn -B -q package -DskipTests`:
#   carpd-cli/src/test/bench/rt-false-transitions.sh SECONDS RT_PRIORITY [BUSY]
# Prints the transitions counted after both have settled (h1 MASTER, h2 BACKUP): any is false.
# FLOOD=RATE adds a junk flood at RATE frames/s at the backup from a third namespace
# (carp-flood.py through tcpreplay: bogus advertisements for vhid 1, refused for their HMAC, and
# for an unknown vhid 2). CAPTURE=FILE writes the pair's advertisements on the bridge to a pcap
# and prints h1's longest gap between advertisements on the wire (tshark);
# JAVA_OPTS (exported) reaches both daemons, e.g. with -Xlog:safepoint*,gc:file=/tmp/carpd-%p.log:time
# added to the launcher's defaults. KSOFTIRQD_RT=PRIO runs the kernel's ksoftirqd threads in
# SCHED_FIFO at PRIO for the run (where the kernel defers packet delivery under load) and puts
# them back to SCHED_OTHER at the end. The flooder runs at nice -10 so the busy loops do not keep
# it below RATE; FLOOD_RT=PRIO runs it in SCHED_FIFO at PRIO instead (at nice -10 it reached about
# 15,900 frames/s beside two busy loops; at FIFO 9, above carpd's capture threads, 20,900 of 21,000).
# It prints the rate it reached, and the run the CPU time the hypervisor took (steal).
# LOGS=DIR keeps both daemons' logs and a 10 Hz record of the steal counter (steal.log: epoch
# seconds, cumulative ticks) there, to set transitions against.
# STALLS=PRIO runs stall-probe.py for the run: a SCHED_FIFO thread at PRIO on each CPU that
# prints every wake-up more than 5 ms late (to stalls.log in LOGS, else to the output), to tell
# a machine that ran no thread at all from a daemon that did not run, and for each false takeover
# the stalls in the 30 ms before it (stalls-near.py).
set -eu
SECS=$1
RT=$2
BUSY=${3:-4}
HERE=$(cd "$(dirname "$0")" && pwd)
DIST=$(cd "$HERE/../../../target/carpd" && pwd)
P=carpdlab-$$
W=$(mktemp -d)
pids=()
ksoftirqd=()
cleanup() {
    for p in "${ksoftirqd[@]}"; do chrt -o -p 0 "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 2
    for ns in h1 h2 f sw; do ip netns del "$P-$ns" 2>/dev/null || true; done
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
FLOOD=${FLOOD:-0}
# h1, h2 and the flooder (f) on a bridge in namespace sw
ip netns add "$P-sw"
ip -n "$P-sw" link add br0 type bridge
ip -n "$P-sw" link set br0 up
for h in h1 h2 f; do
    ip netns add "$P-$h"
    ip -n "$P-sw" link add "$h" type veth peer name eth0 netns "$P-$h"
    ip -n "$P-sw" link set "$h" master br0 up
    ip -n "$P-$h" link set eth0 up
done
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
if [ -n "${CAPTURE:-}" ]; then
    ip netns exec "$P-sw" tcpdump -i br0 -n -U -w "$CAPTURE" 'ip proto 112 and not host 198.18.0.3' > /dev/null 2>&1 &
    pids+=($!)
fi
if [ -n "${KSOFTIRQD_RT:-}" ]; then
    for p in $(pgrep -x 'ksoftirqd/[0-9]+'); do
        chrt -f -p "$KSOFTIRQD_RT" "$p" && ksoftirqd+=("$p")
    done
fi
steal() { awk '/^cpu /{print $9}' /proc/stat; }
steal0=$(steal)
if [ -n "${LOGS:-}" ]; then
    mkdir -p "$LOGS"
    while sleep 0.1; do echo "$(date +%s.%N) $(steal)"; done > "$LOGS/steal.log" &
    pids+=($!)
fi
before=$(cat "$W"/h*/log | grep -c 'state transition' || true)
for _ in $(seq 1 "$BUSY"); do
    sh -c 'while :; do :; done' &
    pids+=($!)
done
if [ -n "${STALLS:-}" ]; then
    python3 "$HERE/stall-probe.py" "$STALLS" "$SECS" 5 > "$W/stalls.log" &
    probe=$!
    pids+=($!)
fi
if [ "$FLOOD" -gt 0 ]; then
    if [ -n "${FLOOD_RT:-}" ]; then FLOODER="chrt -f $FLOOD_RT"; else FLOODER="nice -n -10"; fi
    ip netns exec "$P-f" $FLOODER python3 "$HERE/carp-flood.py" 198.18.0.3 "$FLOOD" "$SECS" eth0 > "$W/flood.log" 2>&1 &
    flooder=$!
    pids+=($!)
fi
sleep "$SECS"
after=$(cat "$W"/h*/log | grep -c 'state transition' || true)
ks=${KSOFTIRQD_RT:+SCHED_FIFO $KSOFTIRQD_RT}
echo "rt-priority $RT, $BUSY busy loops, flood $FLOOD frames/s, ksoftirqd ${ks:-normal}, $SECS s: $((after - before)) false transitions"
echo "steal: $(( ($(steal) - steal0) * 1000 / $(getconf CLK_TCK) )) ms of CPU taken by the hypervisor"
grep -h 'state transition' "$W"/h*/log | tail -n +"$((before + 1))" | head -5 || true
grep -h 'real-time' "$W"/h*/log | head -2 || true
if [ -n "${LOGS:-}" ]; then cp "$W/h1/log" "$LOGS/h1.log"; cp "$W/h2/log" "$LOGS/h2.log"; fi
if [ -n "${STALLS:-}" ]; then
    # the probe counts its SECONDS from its own start, which comes after a Python start-up on a
    # loaded machine: wait for its summary rather than a fixed second (one was lost that way)
    wait "$probe" || true
    grep '^cpu' "$W/stalls.log" || true
    # each false takeover, with the stalls in the master-down interval before it
    # shellcheck disable=SC2046 # one argument per time
    python3 "$HERE/stalls-near.py" "$W/stalls.log" $(cat "$W"/h*/log | grep 'state transition' \
        | tail -n +"$((before + 1))" | grep 'BACKUP -> MASTER' | awk '{print $1}' | sort) || true
    if [ -n "${LOGS:-}" ]; then cp "$W/stalls.log" "$LOGS/stalls.log"; else grep -v '^cpu' "$W/stalls.log" | head -20; fi
fi
if [ "$FLOOD" -gt 0 ]; then
    wait "$flooder" || true
    awk '/^sent/ { printf "flood: %d frames in %.1f s = %.0f frames/s\n", $2, $8 - $6, $2 / ($8 - $6) }' "$W/flood.log" \
        | grep . || cat "$W/flood.log"
    ip netns exec "$P-h2" "$DIST/bin/carpctl" -s "$W/h2/sock" stats | grep -E 'bad authentication|unknown vhid' || true
fi
if [ -n "${CAPTURE:-}" ]; then
    tshark -r "$CAPTURE" -Y 'ip.src == 198.18.0.1' -T fields -e frame.time_epoch 2>/dev/null | awk '
        p { g = ($1 - p) * 1000; if (g > m) m = g; if (g > 8) n++ } { p = $1 }
        END { printf "h1 on the wire: longest gap between advertisements %.1f ms, %d gaps over 8 ms\n", m, n }'
fi
