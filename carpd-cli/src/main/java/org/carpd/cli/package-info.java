/**
 * The two programs: {@link org.carpd.cli.CarpdMain} (the daemon, {@code bin/carpd}) and
 * {@link org.carpd.cli.CarpctlMain} (the client, {@code bin/carpctl}).
 */
package org.carpd.cli;
