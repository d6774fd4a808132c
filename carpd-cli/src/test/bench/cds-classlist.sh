#!/bin/bash
# Writes carpd-cli/src/main/cds/carpd.classlist, the classes bin/carpd-cds puts in the class-data
# archive: every class a carpd loads (-XX:DumpLoadedClassList) from start through BACKUP, hearing a
# master, a carpctl request, a reload, taking over as MASTER, to an orderly stop. Rerun it after
# changes that load other classes at start (classes missing from the list still load, more slowly).
# Usage, as root, after `mvn -B -q package -DskipTests`: carpd-cli/src/test/bench/cds-classlist.sh
# Everything it creates (two namespaces, two daemons) is removed on exit.
set -eu
DIST=$(cd "$(dirname "$0")/../../../target/carpd" && pwd)
OUT=$(cd "$(dirname "$0")/../../main/cds" && pwd)/carpd.classlist
DEFAULT_OPTS=$(sed -n 's/^JAVA_OPTS=\${JAVA_OPTS-\(.*\)}$/\1/p' "$DIST/bin/carpd") # the launcher's
P=carpdlab-$$-cds
W=$(mktemp -d)
cleanup() {
    for n in a b; do [ -f "$W/$n.pid" ] && kill "$(cat "$W/$n.pid")" 2>/dev/null || true; done
    sleep 1.5
    ip netns del "$P-a" 2>/dev/null || true
    ip netns del "$P-b" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
ip netns add "$P-a"
ip netns add "$P-b"
ip -n "$P-a" link add eth0 type veth peer name eth0 netns "$P-b"
for n in a b; do
    ip -n "$P-$n" link set lo up
    ip -n "$P-$n" link set eth0 up
done
ip -n "$P-a" addr add 198.18.0.1/24 dev eth0
ip -n "$P-b" addr add 198.18.0.2/24 dev eth0
printf 'k' > "$W/key"
chmod 600 "$W/key"
echo "carp0 carpdev eth0 vhid 1 advskew 100 pass-file $W/key 198.18.0.100/24" > "$W/a.conf"
echo "carp0 carpdev eth0 vhid 1 advskew 0 pass-file $W/key 198.18.0.100/24" > "$W/b.conf"
start() { # NAME [JAVA_OPTS]
    mkdir -p "$W/$1"
    JAVA_OPTS="${2:-}" ip netns exec "$P-$1" "$DIST/bin/carpd" --foreground -c "$W/$1.conf" \
        --socket "$W/$1/sock" --state-dir "$W/$1" > "$W/$1.log" 2>&1 &
    echo $! > "$W/$1.pid"
}
await() { # NAME PATTERN
    for _ in $(seq 1 200); do grep -q -- "$2" "$W/$1.log" && return 0; sleep 0.1; done
    echo "no '$2' from carpd $1:"; cat "$W/$1.log"; exit 1
}
start b
await b '-> MASTER'
start a "$DEFAULT_OPTS -Xshare:off -XX:DumpLoadedClassList=$W/classlist"
await a '-> BACKUP'
sleep 2
ip netns exec "$P-a" "$DIST/bin/carpctl" -s "$W/a/sock" status > /dev/null
ip netns exec "$P-a" "$DIST/bin/carpctl" -s "$W/a/sock" carp0 > /dev/null
kill -HUP "$(cat "$W/a.pid")"
await a 'reload'
kill "$(cat "$W/b.pid")"
await a '-> MASTER'
sleep 2
kill "$(cat "$W/a.pid")"
wait "$(cat "$W/a.pid")" || true
rm -f "$W/a.pid"
cp "$W/classlist" "$OUT"
echo "wrote $OUT: $(grep -vc '^#' "$OUT") entries, $(grep -c '^org/carpd/' "$OUT") of them carpd's"
