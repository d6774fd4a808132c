package org.carpd.cli.bench;

/** A benchmark run that could not be measured (a daemon did not start, never took over, ...). */
final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchException(String message) {
        super(message);
    }
}
