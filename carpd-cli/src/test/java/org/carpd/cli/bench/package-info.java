/**
 * The failover benchmark (issue 13's harness): carpd, ucarp and keepalived pairs in the namespace
 * lab, interleaved round by round, a 1 kHz ping probe for the outage, footprint from
 * {@code /proc/PID/smaps_rollup}, a Markdown table and an SVG picture of one round per case.
 * {@link org.carpd.cli.bench.FailoverBench} is the entry point ({@code bench/failover.sh}).
 */
package org.carpd.cli.bench;
