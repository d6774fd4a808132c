/**
 * The network-namespace lab: a throw-away Ethernet segment built from Linux network namespaces,
 * veth pairs and a bridge, for tests that need real packets (pcap, ARP, neighbour tables, ucarp).
 *
 * <p>Start with {@link org.carpd.testing.lab.NetnsLab}; docs/lab.md explains the topology and
 * how to use it from a test. Everything here needs root and the {@code ip} command; tests call
 * {@link org.carpd.testing.lab.NetnsLab#assumeAvailable()} first so they skip elsewhere.
 */
package org.carpd.testing.lab;
