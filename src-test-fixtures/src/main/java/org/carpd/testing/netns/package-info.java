/**
 * Test helpers for network namespaces: {@link org.carpd.testing.netns.ScratchNetns} creates a
 * uniquely named namespace with {@code ip} and always deletes it, and
 * {@link org.carpd.testing.netns.NetnsThread} runs code on a thread that has entered a namespace
 * with setns(2), so that sockets it opens live there.
 */
package org.carpd.testing.netns;
