/**
 * The control socket between carpctl and carpd: a Unix domain stream socket with a tiny
 * line-based protocol ({@link org.carpd.cli.control.ControlProtocol}). The daemon's side of a
 * command is behind {@link org.carpd.cli.control.ControlHandler}; this package only moves words
 * and lines and checks who is asking.
 */
package org.carpd.cli.control;
