#!/bin/bash
# Frames per second one carpd capture thread reads, and the CPU it takes, at a given flood rate:
# opens the transport class of a build (PacketTransport, or PcapTransport of builds before stop 22)
# on one end of a veth pair in a namespace, pinned to CPU 0, while tcpreplay sends IPv4 CARP
# frames at PPS from CPU 1 to the other end. The handler only counts.
# Usage, as root (needs tcpreplay), after `mvn -B -q package -DskipTests`:
#   carpd-cli/src/test/bench/recv-rate/recv-rate.sh carpd-cli/target/carpd/lib org.carpd.net.frame.PacketTransport 100000
# Prints "CLASS: N frames/s, CPU X % of a core, Y us CPU per frame" (3 s warm-up, 8 s measured).
set -eu
LIB=$(cd "$1" && pwd); CLASS=$2; PPS=$3
HERE=$(cd "$(dirname "$0")" && pwd)
NS=carpdlab-$$-rx
W=$(mktemp -d)
cleanup() {
    [ -n "${R:-}" ] && kill "$R" 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT
python3 - "$W/carp.pcap" <<'PY'
import struct, sys
eth = bytes([1, 0, 0x5e, 0, 0, 0x12, 2, 0, 0, 0, 0, 0x99]) + b'\x08\x00'
ip = bytearray([0x45, 0, 0, 56, 0, 0, 0, 0, 255, 112, 0, 0, 198, 18, 0, 99, 224, 0, 0, 18])
s = sum(struct.unpack('!10H', bytes(ip))); s = (s & 0xffff) + (s >> 16); s = ~s & 0xffff
ip[10], ip[11] = s >> 8, s & 0xff
frame = eth + bytes(ip) + bytes([0x21, 1, 0, 1, 1, 1, 0, 0]) + bytes(28)
with open(sys.argv[1], 'wb') as o:
    o.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(1000):
        o.write(struct.pack('<IIII', 0, i, len(frame), len(frame)) + frame)
PY
ip netns add "$NS"
ip netns exec "$NS" ip link add v0 type veth peer name v1
ip netns exec "$NS" ip link set v0 up
ip netns exec "$NS" ip link set v1 up
OPTS="-Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"
ip netns exec "$NS" taskset -c 0 java $OPTS -cp "$LIB/*" "$HERE/RecvRate.java" "$CLASS" 3 8 > "$W/out" 2>&1 &
J=$!
for _ in $(seq 100); do grep -q READY "$W/out" 2>/dev/null && break; sleep 0.1; done
ip netns exec "$NS" taskset -c 1 tcpreplay -q -i v0 --pps="$PPS" --loop=0 "$W/carp.pcap" >/dev/null 2>&1 &
R=$!
wait $J || true
grep -v READY "$W/out"
