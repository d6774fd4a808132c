package org.carpd.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.carpd.cli.bench.AddressMonitor.Span;

/**
 * Draws failover runs as one SVG: a panel per run with, over time, when h1 (the master) and h2
 * (the backup) held the virtual address, every probe reply as a tick (runs of replies closer than
 * two pixels merge into one bar), the fault as a red line and the outage as a shaded band. Time is
 * in ms from the fault; each panel has its own scale, zoomed to the outage.
 */
final class FailoverSvg {
    private static final int WIDTH = 960;
    private static final int LEFT = 170;
    private static final int RIGHT = 20;
    private static final int PANEL = 135;
    private static final int ROW = 16;

    private final StringBuilder svg = new StringBuilder();

    private FailoverSvg() {
    }

    static String render(String title, List<Trace> traces) {
        FailoverSvg f = new FailoverSvg();
        int height = 40 + PANEL * traces.size();
        f.svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, height, WIDTH, height))
                .append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, height));
        f.text(10, 22, "font-size=\"15\" font-weight=\"bold\"", title);
        int y = 40;
        for (Trace t : traces) {
            f.panel(t, y);
            y += PANEL;
        }
        f.svg.append("</svg>\n");
        return f.svg.toString();
    }

    private void panel(Trace t, int y0) {
        int gapEnd = t.longestGapEnd();
        Instant g0 = t.replies().get(gapEnd - 1);
        Instant g1 = t.replies().get(gapEnd);
        Instant lo = t.fault().isBefore(g0) ? t.fault() : g0;
        Instant hi = t.fault().isAfter(g1) ? t.fault() : g1;
        double span = Math.max(ms(lo, hi), 20);
        Instant from = lo.minusNanos((long) (span * 0.25e6));
        Instant to = hi.plusNanos((long) (span * 0.25e6));
        Scale x = new Scale(from, to);

        text(10, y0 + 14, "font-weight=\"bold\"", String.format(Locale.ROOT, "%s, %s (round %d): outage %.1f ms (shaded)",
                t.scenario().id, t.daemon().id, t.round(), t.outageMillis()));
        text(LEFT + 260, y0 + 14, "fill=\"#555\"", t.scenario().description);
        String[] labels = {"h1 holds " + Daemon.VIP, "h2 holds " + Daemon.VIP};
        String[] colours = {"#3b6fb6", "#3a9a5b"};
        for (int n = 0; n < 2; n++) {
            int ry = y0 + 24 + n * (ROW + 6);
            text(10, ry + 12, "", labels[n]);
            rect(LEFT, ry, WIDTH - LEFT - RIGHT, ROW, "#f0f0f0", "");
            for (Span s : t.holders().get(n)) {
                if (s.to().isAfter(from) && s.from().isBefore(to)) {
                    double a = x.at(s.from().isBefore(from) ? from : s.from());
                    double b = x.at(s.to().isAfter(to) ? to : s.to());
                    rect(a, ry, Math.max(1, b - a), ROW, colours[n], "");
                }
            }
        }
        int py = y0 + 24 + 2 * (ROW + 6);
        text(10, py + 12, "", "probe replies (1 kHz)");
        rect(x.at(g0), py - 2, x.at(g1) - x.at(g0), ROW + 4, "#f5a623", "fill-opacity=\"0.35\"");
        replies(t, x, from, to, py);
        int ay = py + ROW + 8;
        axis(t.fault(), x, ay);
        double fx = x.at(t.fault());
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d0021b\" stroke-width=\"1.5\"/>\n",
                fx, y0 + 20, fx, ay));
        String what = t.scenario().fault == Scenario.Fault.SIGTERM ? "SIGTERM to h1" : "h1's link cut";
        text(fx + 3, y0 + 20 + 2 * (ROW + 6) - 2, "fill=\"#d0021b\"", what);
    }

    private void replies(Trace t, Scale x, Instant from, Instant to, int y) {
        double runStart = -1;
        double last = -1;
        for (Instant r : t.replies()) {
            if (r.isBefore(from) || r.isAfter(to)) {
                continue;
            }
            double px = x.at(r);
            if (runStart >= 0 && px - last >= 2) {
                rect(runStart, y, Math.max(1, last - runStart), ROW, "#333", "");
                runStart = -1;
            }
            if (runStart < 0) {
                runStart = px;
            }
            last = px;
        }
        if (runStart >= 0) {
            rect(runStart, y, Math.max(1, last - runStart), ROW, "#333", "");
        }
    }

    private void axis(Instant fault, Scale x, int y) {
        double fromMs = ms(fault, x.from);
        double toMs = ms(fault, x.to);
        double step = niceStep((toMs - fromMs) / 8);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n",
                LEFT, y, WIDTH - RIGHT, y));
        for (long k = (long) Math.ceil(fromMs / step); k * step <= toMs; k++) {
            double v = k * step;
            double px = x.at(fault.plusNanos((long) (v * 1e6)));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>\n",
                    px, y, px, y + 4));
            String label = step >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
                    px, y + 16, label));
        }
        text(10, y + 16, "fill=\"#555\"", "ms from the fault");
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static double ms(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }

    private record Scale(Instant from, Instant to) {
        double at(Instant t) {
            return LEFT + (WIDTH - LEFT - RIGHT) * ms(from, t) / ms(from, to);
        }
    }

    private void rect(double x, double y, double w, double h, String fill, String extra) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" %s/>\n",
                x, y, w, h, fill, extra));
    }

    private void text(double x, double y, String attrs, String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>\n", x, y, attrs, escape(content)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
