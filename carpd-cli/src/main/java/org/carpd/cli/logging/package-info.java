/**
 * Logging for carpd: its own slf4j backend (the journal's "&lt;N&gt;" stderr prefix, a console
 * format, /dev/log as syslog(3) writes it), chosen at startup; syslog severities with a NOTICE
 * marker; the same formats as logback pattern word and appender for an operator's own logback
 * configuration; and a rate limiter for messages a peer can trigger at will.
 */
package org.carpd.cli.logging;
