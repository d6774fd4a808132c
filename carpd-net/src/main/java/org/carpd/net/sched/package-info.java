/**
 * Real-time scheduling of the threads on the packet path: {@code set rt-priority N} puts the
 * protocol thread and the JVM's VM Thread (the collector it waits for) in SCHED_RR at priority N,
 * every other thread at N-1 and the capture threads at N-2, so that timers and received
 * advertisements are not delayed by other processes competing for the CPU, nor the timers, hooks,
 * carpctl and link events by a flood.
 */
package org.carpd.net.sched;
