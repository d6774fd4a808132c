#!/bin/bash
# False transitions of a carpd pair at the shortest intervals (advbase 0, advskew 1 and 2:
# 3.9 / 7.8 ms; master-down 11.7 / 23.4 ms) while BUSY busy loops compete for the CPU.
# Usage, as root, after `mvn -B -q package -DskipTests`:
#   carpd-cli/src/test/bench/rt-false-transitions.sh SECONDS RT_PRIORITY [BUSY]
# Prints the transitions counted after both have settled (h1 MASTER, h2 BACKUP): any is false.
# FLOOD=RATE adds a junk flood at RATE frames/s at the backup from a third namespace (tcpreplay:
# bogus advertisements for vhid 1, refused for their HMAC, and for an unknown vhid 2).
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
before=$(cat "$W"/h*/log | grep -c 'state transition' || true)
for _ in $(seq 1 "$BUSY"); do
    sh -c 'while :; do :; done' &
    pids+=($!)
done
if [ "$FLOOD" -gt 0 ]; then
    python3 - "$W/flood.pcap" <<'PY'
import os, socket, struct, sys
def checksum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(256):
        body = struct.pack('!BBBBBBH Q', 0x21, 1 + i % 2, 0, 7, 0, 1, 0, i) + os.urandom(20)
        body = body[:6] + struct.pack('!H', checksum(body)) + body[8:]
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0x10, 20 + len(body), i, 0x4000, 255, 112, 0,
                         socket.inet_aton('198.18.0.3'), socket.inet_aton('224.0.0.18'))
        ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
        pkt = bytes.fromhex('01005e000012' '020000000003' '0800') + ip + body
        f.write(struct.pack('<IIII', 0, 0, len(pkt), len(pkt)) + pkt)
PY
    ip netns exec "$P-f" tcpreplay -q -i eth0 --pps="$FLOOD" --loop=0 --duration="$SECS" "$W/flood.pcap" > "$W/flood.log" 2>&1 &
    pids+=($!)
fi
sleep "$SECS"
after=$(cat "$W"/h*/log | grep -c 'state transition' || true)
echo "rt-priority $RT, $BUSY busy loops, flood $FLOOD frames/s, $SECS s: $((after - before)) false transitions"
grep -h 'state transition' "$W"/h*/log | tail -n +"$((before + 1))" | head -5 || true
grep -h 'real-time' "$W"/h*/log | head -2 || true
if [ "$FLOOD" -gt 0 ]; then
    sleep 1
    grep -E 'Actual|Rated' "$W/flood.log" || cat "$W/flood.log"
    ip netns exec "$P-h2" "$DIST/bin/carpctl" -s "$W/h2/sock" stats | grep -E 'bad authentication|unknown vhid' || true
fi
