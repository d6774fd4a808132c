/**
 * Real-time scheduling of the threads on the packet path (the protocol thread and the capture
 * threads): {@code set rt-priority N} puts them in SCHED_RR at priority N, so that timers and
 * received advertisements are not delayed by other processes competing for the CPU.
 */
package org.carpd.net.sched;
