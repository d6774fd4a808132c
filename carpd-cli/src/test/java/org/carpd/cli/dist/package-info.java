/**
 * Checks of the runnable distribution tree: launchers, packaging, and the real daemon driven
 * through signals, sd_notify and carpctl.
 */
package org.carpd.cli.dist;
