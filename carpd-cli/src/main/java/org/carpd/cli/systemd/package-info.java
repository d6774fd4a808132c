/**
 * systemd integration without libsystemd: the sd_notify protocol ({@link org.carpd.cli.systemd.SdNotify})
 * and detection of running under a systemd service.
 */
package org.carpd.cli.systemd;
