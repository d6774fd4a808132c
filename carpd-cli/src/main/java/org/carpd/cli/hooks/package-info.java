/**
 * Running the user's state-change hooks (up/down scripts) off the daemon's threads, one at a
 * time, with a timeout.
 */
package org.carpd.cli.hooks;
