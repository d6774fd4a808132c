#!/bin/sh
# failover.sh: the failover benchmark (carpd vs ucarp vs keepalived in a namespace lab).
#
# Run as root from anywhere; builds the tree first (offline unless MVN_FLAGS says otherwise):
#     bench/failover.sh [--rounds N] [--scenarios planned,unplanned,unplanned-fast,footprint]
#                       [--daemons carpd,ucarp,keepalived] [--idle SECONDS] [--svg FILE]
# Needs ucarp, keepalived, iproute2, iputils-ping, coreutils' stdbuf. Prints one line
# per run, then a Markdown table; writes the SVG (default carpd-cli/target/bench/failover.svg).
# See docs/benchmarks.md ("Failover vs ucarp and keepalived").
set -eu
root=$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd -P)
cd "$root"
[ "$(id -u)" = 0 ] || { echo "failover.sh: run as root (network namespaces)" >&2; exit 1; }
# shellcheck disable=SC2086 # MVN_FLAGS is deliberately split into words
mvn -B -q ${MVN_FLAGS--o} -pl carpd-cli -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="carpd-cli/target/test-classes:carpd-cli/target/classes:$(cat carpd-cli/target/bench.classpath)"
exec java -cp "$cp" -Dcarpd.dist.dir="$root/carpd-cli/target/carpd" -Dcarpd.bench.dir="$root/carpd-cli/src/test/bench" \
    org.carpd.cli.bench.FailoverBench \
    --svg carpd-cli/target/bench/failover.svg "$@"
