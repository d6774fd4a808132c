/**
 * {@code carpd-notify}: a separate, root-run process that follows carpd's state changes on the
 * control socket ({@code watch} in JSON) and runs the privileged actions in
 * {@code /etc/carpd/notify.d/} with the hooks' environment, per vhid in order, with a timeout.
 * carpd itself never waits for it.
 */
package org.carpd.cli.notify;
