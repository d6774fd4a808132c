package org.carpd.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** min / median / max of a handful of samples. */
record Stats(List<Double> sorted) {
    Stats {
        List<Double> copy = new ArrayList<>(sorted);
        Collections.sort(copy);
        sorted = List.copyOf(copy);
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    int count() {
        return sorted.size();
    }

    double min() {
        return sorted.get(0);
    }

    double median() {
        return median(sorted);
    }

    double max() {
        return sorted.get(sorted.size() - 1);
    }
}
