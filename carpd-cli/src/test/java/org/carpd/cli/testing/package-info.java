/**
 * Helpers shared by carpd-cli's tests.
 */
package org.carpd.cli.testing;
