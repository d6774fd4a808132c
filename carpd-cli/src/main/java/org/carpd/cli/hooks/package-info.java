/**
 * Running the user's state-change hooks (up/down scripts) off the daemon's threads, one queue per
 * carp interface, with a timeout; and checking that the configured hooks can run at all.
 */
package org.carpd.cli.hooks;
