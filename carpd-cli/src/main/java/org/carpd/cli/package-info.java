/**
 * The carpd daemon and carpctl.
 */
package org.carpd.cli;
