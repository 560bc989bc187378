package io.studioflow.audit.ui;

import com.vaadin.flow.component.Html;
import java.util.List;
import java.util.Locale;

/** Horizontal bar charts drawn on the server as SVG: no chart library, nothing to install in the browser. */
final class FiguresChart {

    /** One bar: a label, a value and, optionally, a second stacked value (e.g. automatic beside human). */
    record Bar(String label, long first, long second) {
    }

    private static final int LABEL_WIDTH = 180;
    private static final int BAR_WIDTH = 360;
    private static final int ROW = 22;

    private FiguresChart() {
    }

    /**
     * @param firstColour  fill of the first value (a Lumo colour variable or CSS colour)
     * @param secondColour fill of the second value, stacked after the first
     */
    static Html bars(String title, List<Bar> bars, String firstColour, String secondColour) {
        long max = Math.max(1, bars.stream().mapToLong(b -> b.first() + b.second()).max().orElse(1));
        int height = Math.max(1, bars.size()) * ROW + 28;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' role='img' width='").append(LABEL_WIDTH + BAR_WIDTH + 60)
                .append("' height='").append(height).append("' aria-label='").append(escape(title)).append("'>");
        svg.append("<text x='0' y='14' font-size='13' font-weight='600' fill='currentColor'>").append(escape(title)).append("</text>");
        if (bars.isEmpty()) {
            svg.append("<text x='0' y='40' font-size='12' fill='gray'>nothing in this range</text>");
        }
        int y = 24;
        for (Bar bar : bars) {
            int first = (int) Math.round(BAR_WIDTH * (double) bar.first() / max);
            int second = (int) Math.round(BAR_WIDTH * (double) bar.second() / max);
            svg.append("<text x='0' y='").append(y + 14).append("' font-size='12' fill='currentColor'>")
                    .append(escape(shorten(bar.label()))).append("</text>");
            svg.append("<rect x='").append(LABEL_WIDTH).append("' y='").append(y + 3).append("' width='").append(first)
                    .append("' height='").append(ROW - 6).append("' style='fill:").append(firstColour).append("'/>");
            if (second > 0) {
                svg.append("<rect x='").append(LABEL_WIDTH + first).append("' y='").append(y + 3).append("' width='")
                        .append(second).append("' height='").append(ROW - 6).append("' style='fill:").append(secondColour).append("'/>");
            }
            svg.append("<text x='").append(LABEL_WIDTH + first + second + 6).append("' y='").append(y + 14)
                    .append("' font-size='12' fill='currentColor'>")
                    .append(bar.second() > 0 ? String.format(Locale.ROOT, "%d + %d", bar.first(), bar.second()) : bar.first())
                    .append("</text>");
            y += ROW;
        }
        svg.append("</svg>");
        return new Html("<div>" + svg + "</div>");
    }

    private static String shorten(String label) {
        return label == null ? "" : label.length() > 28 ? label.substring(0, 27) + "…" : label;
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("'", "&#39;").replace("\"", "&quot;");
    }
}
