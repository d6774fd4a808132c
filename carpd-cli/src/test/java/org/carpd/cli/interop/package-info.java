/**
 * carpd next to ucarp (Debian's package) on one vhid in the namespace lab: each takes over from
 * the other, with live HMAC checks.
 */
package org.carpd.cli.interop;
