/**
 * Coverage-guided fuzz targets (Jazzer {@code @FuzzTest}) for what carpd reads from outside: the
 * frame decoder and the engine behind it, the configuration grammar and carpctl's edits. In a
 * plain test run they replay their seed corpus (the {@code *Inputs} resource directories); the
 * {@code fuzz} executions of {@code mvn verify} fuzz each for a few seconds (see
 * docs/reliability.md).
 */
package org.carpd.core.fuzz;
