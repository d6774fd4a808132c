/**
 * The CARP protocol engine, free of I/O.
 */
package org.carpd.core;
