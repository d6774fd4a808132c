/**
 * Checks of the Debian package built by {@code mvn package}: contents, maintainer scripts, and an
 * install/purge cycle in a throwaway overlay root.
 */
package org.carpd.cli.deb;
