#!/bin/bash
# takeover-capture.sh cut|sigterm [RUNS]: where a failover's milliseconds go, read off the wire.
# A carpd pair (h1 MASTER, h2 BACKUP; "cut": advbase 0, advskew 1/2, h1's switch port goes down;
# "sigterm": advbase 1, advskew 0/100, h1 gets SIGTERM) and a client on a bridge; the client
# probes the virtual address every 1 ms (echo-probe.py) and tcpdump records the bridge. Per run it
# prints, in ms after h1's last advertisement: h2's first advertisement, its gratuitous ARP, and
# then the longest time the prober sent nothing around the takeover and how many requests got no
# reply. CLASSLOG=1 adds the classes h2 loaded between its first advertisement - 5 ms and the ARP
# (-Xlog:class+load). Root; after `mvn -B -q package -DskipTests`; needs tcpdump and tshark.
set -eu
MODE=${1:?cut or sigterm}
RUNS=${2:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
DIST=$(cd "$HERE/../../../target/carpd" && pwd)
OPTS=$(sed -n 's/^JAVA_OPTS=\${JAVA_OPTS-\(.*\)}$/\1/p' "$DIST/bin/carpd") # the launcher's default JVM options
run() {
    local P=carpdlab-$$-tc W pids=()
    W=$(mktemp -d)
    cleanup() {
        for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
        sleep 0.5
        for ns in h1 h2 client sw; do ip netns del "$P-$ns" 2>/dev/null || true; done
        rm -rf "$W"
    }
    trap cleanup RETURN
    ip netns add "$P-sw"
    ip -n "$P-sw" link add br0 type bridge
    ip -n "$P-sw" link set br0 up
    local n=0 h
    for h in h1 h2 client; do
        n=$((n + 1))
        ip netns add "$P-$h"
        ip -n "$P-sw" link add "$h" type veth peer name eth0 netns "$P-$h"
        ip -n "$P-sw" link set "$h" master br0 up
        ip -n "$P-$h" link set lo up
        ip -n "$P-$h" link set eth0 up
        ip -n "$P-$h" addr add "198.18.0.$([ $h = client ] && echo 100 || echo $n)/24" dev eth0
    done
    printf k > "$W/key"
    chmod 600 "$W/key"
    local base=0 s1=1 s2=2
    [ "$MODE" = sigterm ] && base=1 s1=0 s2=100
    for h in h1 h2; do
        mkdir "$W/$h"
        echo "carp0 carpdev eth0 vhid 1 advbase $base advskew $([ $h = h1 ] && echo $s1 || echo $s2) pass-file $W/key 198.18.0.10/24" > "$W/$h/conf"
        JAVA_OPTS="$OPTS${CLASSLOG:+ -Xlog:class+load:file=$W/$h/classes:time}" ip netns exec "$P-$h" "$DIST/bin/carpd" \
            --foreground -c "$W/$h/conf" --socket "$W/$h/sock" --state-dir "$W/$h" > "$W/$h/log" 2>&1 &
        pids+=($!)
        sleep 3
    done
    sleep 1
    ip netns exec "$P-sw" tcpdump -i br0 -n -U -w "$W/cap.pcap" 'ip proto 112 or arp' > /dev/null 2>&1 &
    pids+=($!)
    ip netns exec "$P-client" python3 "$HERE/echo-probe.py" 0.001 5 198.18.0.10 > "$W/probe.txt" 2>&1 &
    local probe=$!
    pids+=($probe)
    sleep 1.5
    if [ "$MODE" = cut ]; then ip -n "$P-sw" link set h1 down; else kill -TERM "${pids[0]}"; fi
    sleep 1
    kill -INT "$probe"
    sleep 0.5
    kill "${pids[2]}" 2>/dev/null || true
    sleep 0.3
    # the takeover: h2's first advertisement; h1's last one before it
    local t
    t=$(tshark -r "$W/cap.pcap" -T fields -e frame.time_epoch -e ip.src -e _ws.col.Info 2>/dev/null | awk -F'\t' '
        $2 == "198.18.0.1" && !adv2 { last1 = $1 }
        $2 == "198.18.0.2" && $3 ~ /Announcement \(v2/ && !adv2 { adv2 = $1 }
        $3 ~ /ARP Announcement/ && adv2 && !arp { arp = $1 }
        END { printf "%.6f %.6f %.6f", last1, adv2, arp }')
    read -r last1 adv2 arp <<< "$t"
    awk -v l="$last1" -v a="$adv2" -v g="$arp" -v mode="$MODE" '
        /bytes from|lost icmp_seq/ { match($0, /^\[[0-9.]+\]/); ts = substr($0, 2, RLENGTH - 2) + 0 }
        /lost icmp_seq/ && ts > a - 0.05 && ts < a + 0.05 { lost++ }
        /bytes from/ && ts > a - 0.05 && ts < a + 0.05 { if (prev && ts - prev > gap) gap = ts - prev; prev = ts }
        END { printf "%s: h2 advertised %.1f ms after h1'"'"'s last advertisement, its ARP %.1f ms after that;" \
              " longest gap between replies around it %.1f ms, requests without reply %d\n",
              mode, (a - l) * 1000, (g - a) * 1000, gap * 1000, lost }' "$W/probe.txt"
    if [ -n "${CLASSLOG:-}" ]; then
        awk -F'[][]' -v from="$adv2" -v to="$arp" '{
            cmd = "date -d " $2 " +%s.%N"; cmd | getline t; close(cmd)
            if (t >= from - 0.005 && t <= to) print "   ", $2, $3 }' "$W/h2/classes" | sed 's/ source:.*//'
    fi
    grep -h 'state transition' "$W"/h*/log | grep -v 'INIT -> BACKUP' | sed 's/^/    /'
}
for i in $(seq 1 "$RUNS"); do run; done
