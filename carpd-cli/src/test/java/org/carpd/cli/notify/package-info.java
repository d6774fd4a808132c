/**
 * carpd-notify without a network: the service against a real control server with a stand-in
 * daemon, its JSON reader, and the shipped conntrackd action against a stand-in conntrackd.
 */
package org.carpd.cli.notify;
