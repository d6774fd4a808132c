/**
 * Attacks from the LAN without the key (issue 9), against real carpd daemons in the namespace
 * lab: captured advertisements rewritten and replayed ({@link org.carpd.testing.lab.CarpAttacker}),
 * asserted from the holders of the addresses over time.
 */
package org.carpd.cli.attack;
