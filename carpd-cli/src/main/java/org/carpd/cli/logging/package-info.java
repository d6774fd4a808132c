/**
 * Logging for carpd: syslog severities for logback events (with a NOTICE marker), the sd-daemon
 * "&lt;N&gt;" stderr prefix for journald, a /dev/log appender, choosing among them at startup, and a
 * rate limiter for messages a peer can trigger at will.
 */
package org.carpd.cli.logging;
