#!/bin/sh
# failover-vs-ucarp.sh: failover time and memory of a carpd pair vs a ucarp pair, in namespaces.
#
# Run as root after `mvn -B -q package -DskipTests` (needs ucarp, iproute2, iputils-ping):
#     sh carpd-cli/src/test/bench/failover-vs-ucarp.sh [RUNS]
# Hosts a (advskew 0, master) and b (advskew 100, backup) share 198.18.0.10 (vhid 1, advbase 1);
# a client pings it every 10 ms. The master is stopped with SIGKILL (crash: its address is then
# deleted by hand, as a dead host would lose it) or SIGTERM (graceful: carpd resigns, ucarp -z
# runs its down-script). Failover time = longest gap between ping replies. RSS = VmRSS of each
# daemon once the pair is settled. All namespaces and processes are removed on exit.
set -eu
RUNS=${1:-3}
here=$(dirname -- "$(readlink -f -- "$0")")
BIN=${CARPD_BIN:-$here/../../../target/carpd/bin}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
[ -x "$BIN/carpd" ] || { echo "no $BIN/carpd: run mvn -B -q package -DskipTests first" >&2; exit 1; }
command -v ucarp >/dev/null || { echo "ucarp not installed" >&2; exit 1; }

VIP=198.18.0.10
PASS=bench-pass
P="cbench$$"
W=$(mktemp -d /tmp/failover-bench.XXXXXX)
cleanup() {
    for f in "$W"/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
    sleep 0.3
    for ns in a b client sw; do ip netns del "$P-$ns" 2>/dev/null || true; done
    rm -rf "$W"
}
trap cleanup EXIT INT TERM

ip netns add "$P-sw"
ip -n "$P-sw" link add br0 type bridge
ip -n "$P-sw" link set br0 up
i=0
for h in a b client; do
    i=$((i + 1))
    [ "$h" = client ] && n=100 || n=$i
    ip netns add "$P-$h"
    ip link add "$P-$i" type veth peer name eth0 netns "$P-$h"
    ip link set "$P-$i" netns "$P-sw"
    ip -n "$P-sw" link set "$P-$i" master br0 up
    ip -n "$P-$h" link set lo up
    ip -n "$P-$h" link set eth0 up
    ip -n "$P-$h" addr add "198.18.0.$n/24" dev eth0
done
printf '%s' "$PASS" > "$W/key"; chmod 600 "$W/key"
printf '#!/bin/sh\nip addr add "$2"/24 dev "$1"\n' > "$W/up"
printf '#!/bin/sh\nip addr del "$2"/24 dev "$1" 2>/dev/null || true\n' > "$W/down"
chmod 700 "$W/up" "$W/down"

hostnum() { [ "$1" = a ] && echo 1 || echo 2; }
has_vip() { ip -n "$P-$1" -4 -o addr show dev eth0 | grep -q " $VIP/"; }
wait_vip() { # host timeout-in-0.1s
    t=0
    while ! has_vip "$1"; do t=$((t + 1)); [ "$t" -gt "$2" ] && return 1; sleep 0.1; done
}
start() { # impl host skew
    if [ "$1" = carpd ]; then
        echo "carp0 carpdev eth0 vhid 1 advbase 1 advskew $3 pass-file $W/key $VIP/24" > "$W/$2.conf"
        ip netns exec "$P-$2" "$BIN/carpd" --foreground -c "$W/$2.conf" --socket "$W/$2.sock" \
            >> "$W/$2.log" 2>&1 &
    else
        ip netns exec "$P-$2" ucarp -i eth0 -s "198.18.0.$(hostnum "$2")" -v 1 -p "$PASS" -k "$3" -b 1 \
            -a "$VIP" -u "$W/up" -d "$W/down" -z >> "$W/$2.log" 2>&1 &
    fi
    echo $! > "$W/$2.pid"
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$(cat "$W/$1.pid")/status"; }
stop_all() {
    for h in a b; do
        [ -f "$W/$h.pid" ] || continue
        pid=$(cat "$W/$h.pid"); kill -9 "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
        rm -f "$W/$h.pid"
        ip -n "$P-$h" addr del "$VIP/24" dev eth0 2>/dev/null || true
    done
}

echo "impl signal run gap_ms master_rss_kB backup_rss_kB" > "$W/results"
for impl in carpd ucarp; do
    for sig in KILL TERM; do
        r=0
        while [ "$r" -lt "$RUNS" ]; do
            r=$((r + 1))
            start "$impl" a 0
            wait_vip a 150 || { echo "$impl: a never became master" >&2; cat "$W/a.log" >&2; exit 1; }
            start "$impl" b 100
            sleep 5 # b settles as backup; it would have claimed the address by now if it rejected a
            has_vip b && { echo "$impl: b took the address while a is master" >&2; exit 1; }
            ra=$(rss a); rb=$(rss b)
            ip netns exec "$P-client" ping -n -D -i 0.01 -W 1 "$VIP" > "$W/ping" 2>&1 &
            echo $! > "$W/ping.pid"
            sleep 1
            kill -"$sig" "$(cat "$W/a.pid")"
            [ "$sig" = KILL ] && ip -n "$P-a" addr del "$VIP/24" dev eth0
            wait_vip b 100 || { echo "$impl $sig: b never took over" >&2; cat "$W/b.log" >&2; exit 1; }
            sleep 1
            kill "$(cat "$W/ping.pid")"; rm -f "$W/ping.pid"
            gap=$(awk -F'[][]' '/bytes from/ { t = $2; if (last && t - last > g) g = t - last; last = t }
                  END { printf "%.0f", g * 1000 }' "$W/ping")
            echo "$impl $sig $r $gap $ra $rb" >> "$W/results"
            stop_all
            sleep 1
        done
    done
done

echo "== raw results"
column -t "$W/results"
echo "== summary (failover = longest ping gap; mean / min / max over $RUNS runs)"
awk 'NR > 1 { k = $1 " " $2; n[k]++; s[k] += $4; if (!(k in mn) || $4 < mn[k]) mn[k] = $4; if ($4 > mx[k]) mx[k] = $4
              rs[$1] += $5 + $6; rn[$1] += 2 }
     END {
       printf "%-6s %-7s %8s %8s %8s\n", "impl", "signal", "mean_ms", "min_ms", "max_ms"
       split("carpd KILL;carpd TERM;ucarp KILL;ucarp TERM", keys, ";")
       for (i = 1; i <= 4; i++) { k = keys[i]; split(k, p, " ")
         printf "%-6s %-7s %8.0f %8d %8d\n", p[1], p[2], s[k] / n[k], mn[k], mx[k] }
       printf "ratio carpd/ucarp: SIGKILL %.2f, SIGTERM %.2f\n", \
         (s["carpd KILL"] / n["carpd KILL"]) / (s["ucarp KILL"] / n["ucarp KILL"]), \
         (s["carpd TERM"] / n["carpd TERM"]) / (s["ucarp TERM"] / n["ucarp TERM"])
       printf "mean VmRSS: carpd %.0f kB, ucarp %.0f kB\n", rs["carpd"] / rn["carpd"], rs["ucarp"] / rn["ucarp"]
     }' "$W/results"
