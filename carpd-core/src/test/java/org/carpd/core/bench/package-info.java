/**
 * Throughput harnesses that print figures (docs/benchmarks.md): the wire path and full engine
 * steps. Run with exec:java; not part of the test run.
 */
package org.carpd.core.bench;
