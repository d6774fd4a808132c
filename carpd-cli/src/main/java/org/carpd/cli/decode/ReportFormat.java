package org.carpd.cli.decode;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.carpd.core.wire.Advertisement;

/** Renders a {@link FrameInspector.Report} as one text line or one JSON object. No secrets in either. */
public final class ReportFormat {
    static final String HMAC_MISMATCH = "hmac MISMATCH: check pass and address list";

    private ReportFormat() {
    }

    public static String text(FrameInspector.Report report) {
        CapturedFrame f = report.frame();
        String head = f.number() + " " + f.time() + " ";
        if (report instanceof FrameInspector.Rejected r) {
            InetAddress from = r.rejection().source();
            return head + (from == null ? "" : address(from) + " ") + "rejected: "
                    + r.rejection().reason().description() + " (" + r.rejection().detail() + ")";
        }
        FrameInspector.Decoded d = (FrameInspector.Decoded) report;
        Advertisement ad = d.packet().advertisement();
        StringBuilder s = new StringBuilder(head)
                .append(address(d.packet().source())).append(" (").append(d.packet().sourceMac()).append(')')
                .append(" vhid ").append(ad.vhid())
                .append(" advbase ").append(ad.advbase())
                .append(" advskew ").append(ad.advskew())
                .append(" demote ").append(ad.demote())
                .append(" counter 0x").append(Long.toHexString(ad.counter()))
                .append(" checksum ok");
        if (ad.isBowOut()) {
            s.append(" (bow-out)");
        }
        switch (d.hmac()) {
            case OK -> s.append(" hmac ok");
            case MISMATCH -> s.append(' ').append(HMAC_MISMATCH);
            case NOT_CHECKED -> { }
        }
        return s.toString();
    }

    public static String json(FrameInspector.Report report) {
        CapturedFrame f = report.frame();
        StringBuilder s = new StringBuilder("{\"frame\":").append(f.number())
                .append(",\"time\":").append(quote(f.time().toString()));
        if (report instanceof FrameInspector.Rejected r) {
            if (r.rejection().source() != null) {
                s.append(",\"sender\":").append(quote(address(r.rejection().source())));
            }
            return s.append(",\"rejected\":").append(quote(r.rejection().reason().name()))
                    .append(",\"reason\":").append(quote(r.rejection().reason().description()))
                    .append(",\"detail\":").append(quote(r.rejection().detail())).append('}').toString();
        }
        FrameInspector.Decoded d = (FrameInspector.Decoded) report;
        Advertisement ad = d.packet().advertisement();
        s.append(",\"sender\":").append(quote(address(d.packet().source())))
                .append(",\"mac\":").append(quote(d.packet().sourceMac().toString()))
                .append(",\"vhid\":").append(ad.vhid())
                .append(",\"advbase\":").append(ad.advbase())
                .append(",\"advskew\":").append(ad.advskew())
                .append(",\"demote\":").append(ad.demote())
                .append(",\"counter\":").append(quote("0x" + Long.toHexString(ad.counter())))
                .append(",\"checksum\":\"ok\"")
                .append(",\"hmac\":").append(switch (d.hmac()) {
                    case OK -> "\"ok\"";
                    case MISMATCH -> "\"mismatch\"";
                    case NOT_CHECKED -> "null";
                });
        return s.append('}').toString();
    }

    private static String address(InetAddress a) {
        String text = a.getHostAddress();
        // Drop the "%scope" Java appends to link-local IPv6 addresses.
        int pct = text.indexOf('%');
        return a instanceof Inet6Address && pct >= 0 ? text.substring(0, pct) : text;
    }

    private static String quote(String v) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
