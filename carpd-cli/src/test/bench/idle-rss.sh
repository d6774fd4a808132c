#!/bin/sh
# Resident memory of one idle carpd (a single vhid, MASTER after 3 s) in a private namespace.
# Usage, as root, after `mvn -B -q package -DskipTests`:
#   carpd-cli/src/test/bench/idle-rss.sh ["JAVA_OPTS"]
# Prints VmRSS after 12 s. Everything it creates is removed on exit.
set -eu
DIST=$(cd "$(dirname "$0")/../../../target/carpd" && pwd)
P=carpdrss$$
W=$(mktemp -d)
cleanup() {
    [ -f "$W/pid" ] && kill "$(cat "$W/pid")" 2>/dev/null || true
    sleep 0.5
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
echo "carp0 carpdev eth0 vhid 1 pass-file $W/key 198.18.0.10/24" > "$W/carpd.conf"
if [ $# -gt 0 ]; then export JAVA_OPTS="$1"; fi
ip netns exec "$P" "$DIST/bin/carpd" --foreground -c "$W/carpd.conf" --socket "$W/sock" --state-dir "$W" \
    > "$W/log" 2>&1 &
echo $! > "$W/pid"
sleep 12
echo "JAVA_OPTS=${JAVA_OPTS:-(launcher default)}: $(grep VmRSS "/proc/$(cat "$W/pid")/status")"
