package io.studioflow.audit.ui;

import com.vaadin.flow.component.Html;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as SVG (horizontal and stacked bars, columns over time, a line against a baseline, a
 * cost against a range): no chart library, nothing to install in the browser.
 */
final class FiguresChart {

    /** One bar: a label, a value and, optionally, a second stacked value (e.g. automatic beside human). */
    record Bar(String label, long first, long second) {
    }

    private static final int LABEL_WIDTH = 180;
    private static final int BAR_WIDTH = 360;
    private static final int ROW = 22;
    /** The drawn width of the dashboard's charts: two side by side on a laptop screen, each at its own size. */
    static final int CHART_WIDTH = 520;

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
        int width = LABEL_WIDTH + BAR_WIDTH + 60;
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' role='img' width='").append(width)
                .append("' height='").append(height).append("' viewBox='0 0 ").append(width).append(' ').append(height)
                .append("' aria-label='").append(escape(title)).append("' style='max-width:100%;height:auto'>");
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

    /** One column of a chart over time: its label (null: none under this column), its value and a tooltip. */
    record Column(String label, double value, String tooltip) {
    }

    /**
     * Columns over time (e.g. images per hour): a y axis up to a round maximum and the columns side by side, a tick and
     * label under those that have one, so a month of hours still reads.
     */
    static Html columns(String title, List<Column> columns, String colour, String unit) {
        int width = CHART_WIDTH;
        int height = 200;
        int left = 44;
        int top = 26;
        int plot = height - top - 34;
        int plotWidth = width - left - 10;
        double max = 4 * niceStep(columns.stream().mapToDouble(Column::value).max().orElse(0) / 4);
        StringBuilder svg = open(title, width, height);
        axisY(svg, left, top, plot, plotWidth, max, false);
        if (columns.isEmpty() || columns.stream().allMatch(c -> c.value() == 0)) {
            svg.append(text(left + 10, top + plot / 2, "nothing finished in this range", "gray", 12));
        }
        double step = columns.isEmpty() ? 0 : (double) plotWidth / columns.size();
        double barWidth = Math.max(1, step * 0.8);
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            double h = max == 0 ? 0 : plot * c.value() / max;
            double x = left + i * step + (step - barWidth) / 2;
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' style='fill:%s'>"
                    + "<title>%s</title></rect>", x, top + plot - h, barWidth, h, colour, escape(c.tooltip())));
            if (c.label() != null) {
                svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='gray'/>",
                        x + barWidth / 2, x + barWidth / 2, top + plot, top + plot + 4));
                svg.append(text(x + barWidth / 2, top + plot + 17, c.label(), "currentColor", 11, "middle"));
            }
        }
        svg.append(text(left, height - 2, unit, "gray", 11));
        return close(svg);
    }

    /** One point of a line over periods; a null value (nothing measured) leaves a gap. */
    record Point(String label, Double value) {
    }

    /**
     * A line over periods against a dashed baseline, both on a 0..1 scale (rates, confidences), shown in per cent or
     * as a decimal.
     */
    static Html lineAgainstBaseline(String title, List<Point> points, Double baseline, String baselineLabel,
                                    String colour, boolean percent) {
        int width = CHART_WIDTH;
        int height = 200;
        int left = 44;
        int top = 26;
        int plot = height - top - 34;
        int plotWidth = width - left - 120;
        StringBuilder svg = open(title, width, height);
        axisY(svg, left, top, plot, plotWidth, 1.0, percent);
        if (baseline != null) {
            double y = top + plot * (1 - baseline);
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke-dasharray='6 4' "
                    + "style='stroke:var(--lumo-contrast-60pct)' stroke-width='1.5'/>", left, left + plotWidth, y, y));
            svg.append(text(left + plotWidth + 6, y + 4, baselineLabel + " " + format(baseline, percent),
                    "var(--lumo-secondary-text-color)", 11));
        }
        if (points.isEmpty()) {
            svg.append(text(left + 10, top + plot / 2, "nothing finished in this range", "gray", 12));
        }
        double step = points.size() <= 1 ? 0 : (double) plotWidth / (points.size() - 1);
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        boolean penDown = false;
        int every = Math.max(1, (int) Math.ceil(points.size() / 8.0));
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double x = left + (points.size() == 1 ? plotWidth / 2.0 : i * step);
            if (i % every == 0) {
                svg.append(text(x, top + plot + 17, p.label(), "currentColor", 11, "middle"));
            }
            if (p.value() == null) {
                penDown = false; // a gap: the line does not pretend to know the period
                continue;
            }
            double y = top + plot * (1 - Math.max(0, Math.min(1, p.value())));
            path.append(penDown ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            penDown = true;
            dots.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3.5' style='fill:%s'><title>%s: %s</title>"
                    + "</circle>", x, y, colour, escape(p.label()), format(p.value(), percent)));
        }
        String d = path.toString().trim();
        if (!d.isEmpty()) {
            svg.append("<path d='").append(d).append("' fill='none' stroke-width='2' style='stroke:").append(colour)
                    .append("'/>");
        }
        svg.append(dots);
        return close(svg);
    }

    /** One series of a stacked bar chart: its name in the legend and its colour. */
    record Series(String name, String colour) {
    }

    /** One stacked bar: a label and a value per series, in the series' order. */
    record Stack(String label, long[] values) {
    }

    /** Horizontal stacked bars (e.g. open tasks per inbox, split by kind) with a legend of the series. */
    static Html stacked(String title, List<Stack> stacks, List<Series> series) {
        int labelWidth = 130;
        int barWidth = CHART_WIDTH - labelWidth - 60;
        int row = 24;
        long max = Math.max(1, stacks.stream().mapToLong(s -> java.util.Arrays.stream(s.values()).sum()).max().orElse(1));
        int width = CHART_WIDTH;
        // the legend wraps onto as many lines as it needs
        List<double[]> legend = new java.util.ArrayList<>();
        double lx = 0;
        int line = 0;
        for (Series s : series) {
            double w = 24 + s.name().length() * 6.5;
            if (lx > 0 && lx + w > width) {
                lx = 0;
                line++;
            }
            legend.add(new double[] {lx, line});
            lx += w;
        }
        int height = 26 + Math.max(1, stacks.size()) * row + 22 * (line + 1) + 4;
        StringBuilder svg = open(title, width, height);
        int y = 26;
        if (stacks.isEmpty()) {
            svg.append(text(0, y + 15, "none", "gray", 12));
            y += row;
        }
        for (Stack stack : stacks) {
            svg.append(text(0, y + 15, shorten(stack.label()), "currentColor", 12));
            double x = labelWidth;
            long total = 0;
            for (int i = 0; i < stack.values().length; i++) {
                long value = stack.values()[i];
                total += value;
                if (value == 0) continue;
                double w = barWidth * (double) value / max;
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' style='fill:%s'>"
                        + "<title>%s · %s: %d</title></rect>", x, y + 3, w, row - 7, series.get(i).colour(),
                        escape(stack.label()), escape(series.get(i).name()), value));
                x += w;
            }
            svg.append(text(x + 6, y + 15, Long.toString(total), "currentColor", 12));
            y += row;
        }
        for (int i = 0; i < series.size(); i++) {
            double x = legend.get(i)[0];
            double ly = y + 22 * legend.get(i)[1];
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='10' height='10' style='fill:%s'/>", x, ly + 8,
                    series.get(i).colour()));
            svg.append(text(x + 14, ly + 17, series.get(i).name(), "currentColor", 11));
        }
        return close(svg);
    }

    /**
     * Our cost per image beside a traditional studio's price range, on a logarithmic scale (cents and a hundred
     * dollars on one axis).
     */
    static Html costAgainstRange(String title, double ours, double rangeMin, double rangeMax, String currency) {
        int width = CHART_WIDTH;
        int height = 120;
        int left = 20;
        int plotWidth = width - 2 * left;
        double lo = -2;
        double hi = 3;
        StringBuilder svg = open(title, width, height);
        java.util.function.DoubleUnaryOperator x = v -> left + plotWidth * (Math.log10(Math.max(v, 0.01)) - lo) / (hi - lo);
        int axis = 86;
        svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='gray'/>", left, left + plotWidth,
                axis, axis));
        for (int e = -2; e <= 3; e++) {
            double v = Math.pow(10, e);
            double tx = x.applyAsDouble(v);
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='gray'/>", tx, tx, axis, axis + 4));
            svg.append(text(tx, axis + 17, money(v, currency), "gray", 11, "middle"));
        }
        double a = x.applyAsDouble(rangeMin);
        double b = x.applyAsDouble(rangeMax);
        svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='52' width='%.1f' height='24' rx='3' "
                + "style='fill:var(--lumo-contrast-20pct)'/>", a, Math.max(2, b - a)));
        svg.append(text((a + b) / 2, 46, "traditional studio " + money(rangeMin, currency) + "–" + money(rangeMax, currency),
                "var(--lumo-secondary-text-color)", 11, "middle"));
        double o = x.applyAsDouble(ours);
        svg.append(String.format(Locale.ROOT, "<rect x='%d' y='30' width='%.1f' height='14' rx='3' "
                + "style='fill:var(--lumo-success-color)'/>", left, Math.max(2, o - left)));
        svg.append(text(Math.min(o + 6, width - 120), 41, "Studioflow " + money(ours, currency), "currentColor", 12));
        return close(svg);
    }

    static String money(double amount, String currency) {
        String symbol = "USD".equals(currency) ? "$" : "EUR".equals(currency) ? "€" : "GBP".equals(currency) ? "£" : "";
        String number = amount >= 10 ? String.format(Locale.ROOT, "%.0f", amount)
                : amount >= 1 ? String.format(Locale.ROOT, "%.2f", amount) : String.format(Locale.ROOT, "%.3f", amount);
        if (amount >= 1 && number.endsWith(".00")) {
            number = number.substring(0, number.length() - 3);
        }
        return symbol.isEmpty() ? number + " " + currency : symbol + number;
    }

    private static String format(double value, boolean percent) {
        return percent ? String.format(Locale.ROOT, "%.0f %%", value * 100) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A round step between ticks at or above {@code step}: 1, 2 or 5 times a power of ten, whole numbers at least. */
    static double niceStep(double step) {
        if (step <= 1) {
            return 1; // counts: no ticks at fractions
        }
        double power = Math.pow(10, Math.floor(Math.log10(step)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= step) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static void axisY(StringBuilder svg, int left, int top, int plot, int plotWidth, double max, boolean percent) {
        for (int i = 0; i <= 4; i++) {
            double y = top + plot - plot * i / 4.0;
            double value = max * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' "
                    + "style='stroke:var(--lumo-contrast-10pct)'/>", left, left + plotWidth, y, y));
            String label = percent ? String.format(Locale.ROOT, "%.0f %%", value * 100)
                    : max <= 1 || value != Math.rint(value) ? String.format(Locale.ROOT, "%.2f", value)
                    : String.format(Locale.ROOT, "%.0f", value);
            svg.append(text(left - 6, y + 4, label, "gray", 11, "end"));
        }
    }

    private static StringBuilder open(String title, int width, int height) {
        StringBuilder svg = new StringBuilder();
        // the view box lets the chart shrink with its panel instead of being cut off
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' role='img' width='").append(width).append("' height='")
                .append(height).append("' viewBox='0 0 ").append(width).append(' ').append(height)
                .append("' aria-label='").append(escape(title)).append("' style='max-width:100%;height:auto'>");
        svg.append("<text x='0' y='14' font-size='13' font-weight='600' fill='currentColor'>").append(escape(title))
                .append("</text>");
        return svg;
    }

    private static Html close(StringBuilder svg) {
        svg.append("</svg>");
        return new Html("<div>" + svg + "</div>");
    }

    private static String text(double x, double y, String text, String fill, int size) {
        return text(x, y, text, fill, size, "start");
    }

    private static String text(double x, double y, String text, String fill, int size, String anchor) {
        return String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' font-size='%d' text-anchor='%s' style='fill:%s'>%s</text>",
                x, y, size, anchor, fill, escape(text));
    }

    private static String shorten(String label) {
        return label == null ? "" : label.length() > 28 ? label.substring(0, 27) + "…" : label;
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("'", "&#39;").replace("\"", "&quot;");
    }
}
