/**
 * Linux I/O for carpd.
 */
package org.carpd.net;
