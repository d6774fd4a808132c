/**
 * Integration tests that run the packaged carpd and carpctl launchers inside the network-namespace
 * lab ({@link org.carpd.testing.lab.NetnsLab}): elections, failover, bow-out, preemption,
 * authentication failures, live reconfiguration and hooks, as an operator would see them; also
 * carpd-notify's root actions, and a NAT firewall pair whose TCP state conntrackd carries across
 * a failover.
 */
package org.carpd.cli.lab;
