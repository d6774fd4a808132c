/**
 * The daemon proper: loads the configuration (with its pass-files), runs a
 * {@link org.carpd.net.host.CarpHost}, logs state changes, runs hooks, and answers carpctl.
 */
package org.carpd.cli.carp;
