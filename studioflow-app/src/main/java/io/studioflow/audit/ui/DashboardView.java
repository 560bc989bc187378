package io.studioflow.audit.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.audit.ProductionDashboard;
import io.studioflow.audit.ProductionFigures;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.review.TaskKind;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The production dashboard for managers: throughput, queues, service levels, how much is approved automatically and
 * touched by people, what the audit sample catches, quality against the first weeks, and what an image costs beside a
 * traditional studio. Headline cards over server-side SVG charts; a range picker and a brand filter.
 */
@Route("dashboard")
@PageTitle("Dashboard · Studioflow")
@RolesAllowed({"MANAGER", "ADMIN", "AUDITOR"})
public class DashboardView extends VerticalLayout {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MMM d HH:00", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK_HOUR = DateTimeFormatter.ofPattern("HH:00", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** Longer ranges chart throughput per day: a year of hours would not read. */
    private static final int MAX_HOUR_COLUMNS = 24 * 31;
    /** A colour per status that means something (done is green, rejected red); statuses added later get the others. */
    private static final Map<String, String> STATUS_COLOURS = Map.of(
            "QUEUED", "var(--lumo-contrast-30pct)", "CAPTURE", "var(--lumo-contrast-50pct)",
            "PROCESSING", "var(--lumo-primary-color-50pct)", "IN_REVIEW", "var(--lumo-primary-color)", "RETAKE", "#e8a33d",
            "PUBLISHED", "var(--lumo-success-color)", "REJECTED", "var(--lumo-error-color)", "CANCELLED", "#b0b0b0");
    private static final String[] OTHER_COLOURS = {"#8e6cc4", "#4aa3a2", "#c45c8e", "#7a8c3a"};

    private final ProductionDashboard dashboard;
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To");
    private final TextField brand = new TextField("Brand");
    private final Span note = new Span();
    private final Div content = new Div();
    private ProductionFigures shown;

    public DashboardView(ProductionDashboard dashboard) {
        this.dashboard = dashboard;
        setWidthFull();
        getStyle().set("padding", "var(--lumo-space-m) var(--lumo-space-l)");

        H2 title = new H2("Production dashboard");
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
        note.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        testId(note, "dashboard-note");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        from.setValue(today.minusDays(6));
        to.setValue(today);
        testId(from, "dashboard-from");
        testId(to, "dashboard-to");
        brand.setPlaceholder("all brands");
        brand.setClearButtonVisible(true);
        brand.setWidth("12em");
        testId(brand, "dashboard-brand");
        brand.addKeyPressListener(com.vaadin.flow.component.Key.ENTER, e -> refresh());
        Button show = new Button("Show", VaadinIcon.CHART.create(), e -> refresh());
        show.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        testId(show, "dashboard-show");
        HorizontalLayout quick = new HorizontalLayout(quickRange("Today", 0), quickRange("7 days", 6), quickRange("30 days", 29),
                quickRange("90 days", 89));
        quick.setSpacing(false);
        quick.getStyle().set("gap", "var(--lumo-space-xs)");
        FlexLayout form = new FlexLayout(from, to, brand, show, quick);
        form.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        form.setAlignItems(FlexComponent.Alignment.END);
        form.getStyle().set("gap", "var(--lumo-space-s)");

        content.setWidthFull();
        testId(content, "dashboard");
        add(title, form, note, content);
        refresh();
    }

    /** The figures on show; null before the first read or when it failed. */
    public ProductionFigures shown() {
        return shown;
    }

    private Button quickRange(String label, int daysBack) {
        Button button = new Button(label, e -> {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            from.setValue(today.minusDays(daysBack));
            to.setValue(today);
            refresh();
        });
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        testId(button, "range-" + label.replace(' ', '-').toLowerCase(Locale.ROOT));
        return button;
    }

    /** Reads the figures for the chosen days (UTC; today up to now) and shows them. */
    public void refresh() {
        content.removeAll();
        shown = null;
        if (from.getValue() == null || to.getValue() == null || to.getValue().isBefore(from.getValue())) {
            note.setText("Choose a range: 'From' on or before 'To'.");
            return;
        }
        Instant now = Instant.now();
        Instant start = from.getValue().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (end.isAfter(now)) {
            end = now; // the figures of today so far: hours still to come would water down images per hour
        }
        if (!start.isBefore(end)) {
            note.setText("The range starts in the future: choose days up to today.");
            return;
        }
        String brandValue = brand.getValue() == null || brand.getValue().isBlank() ? null : brand.getValue().strip();
        ProductionFigures f;
        try {
            f = dashboard.figures(start, end, brandValue);
        } catch (RuntimeException e) {
            note.setText("The figures cannot be read now: " + e.getMessage());
            return;
        }
        shown = f;
        note.setText("Finished images from " + CLOCK.format(f.from()) + " to " + CLOCK.format(f.to())
                + (brandValue == null ? ", all brands" : ", brand " + brandValue)
                + " · queues as of " + CLOCK.format(f.at()));
        content.add(cards(f), charts(f));
    }

    // ---- headline cards ---------------------------------------------------------------------------------------------

    private Component cards(ProductionFigures f) {
        ProductionFigures.Cost cost = f.cost();
        ProductionFigures.Baseline baseline = f.quality().baseline();
        String currency = cost.currency();
        Div cards = new Div(
                card("Images per hour", rateText(f.throughput().imagesPerHour()),
                        f.finishedImages() + " finished · peak " + f.throughput().peakImagesPerHour() + " in an hour",
                        "card-throughput", null),
                card("Auto-approved", percent(f.autoApprovalRate()),
                        f.autoApprovedImages() + " of " + f.finishedImages()
                                + (baseline == null || baseline.finished() == 0 ? "" : " · baseline " + percent(baseline.autoApprovalRate())),
                        "card-auto", null),
                card("Touched by a person", percent(f.humanTouchRate()),
                        f.humanTouchedImages() + " of " + f.finishedImages() + " finished images", "card-touch", null),
                card("Escape rate (audit sample)", f.auditSample().images() == 0 ? "–" : percent(f.auditSample().escapeRate()),
                        "n = " + f.auditSample().images() + " sampled · " + f.auditSample().escaped()
                                + " rejected or changed", "card-escape",
                        f.auditSample().escaped() > 0 ? "var(--lumo-error-text-color)" : null),
                card("Cost per image", f.finishedImages() == 0 ? "–" : FiguresChart.money(cost.costPerImage(), currency),
                        "traditional studio " + FiguresChart.money(cost.traditional().costPerProductMin(), currency) + "–"
                                + FiguresChart.money(cost.traditional().costPerProductMax(), currency), "card-cost",
                        "var(--lumo-success-text-color)"),
                card("Turnaround (median)", cost.turnaround().images() == 0 ? "–" : duration(cost.turnaround().medianSeconds()),
                        "p90 " + (cost.turnaround().images() == 0 ? "–" : duration(cost.turnaround().p90Seconds()))
                                + " · traditional " + days(cost.traditional().turnaroundDaysMin()) + "–"
                                + days(cost.traditional().turnaroundDaysMax()) + " days", "card-turnaround", null),
                card("Past due now (SLA)", Long.toString(f.sla().openPastDue()),
                        f.sla().decidedLate() + " of " + f.sla().decided() + " decided late in the range", "card-sla",
                        f.sla().openPastDue() > 0 ? "var(--lumo-error-text-color)" : null));
        // a grid: one row on a wide screen, even rows on a narrow one
        cards.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(8.5em, 1fr))")
                .set("gap", "var(--lumo-space-s)").set("margin-bottom", "var(--lumo-space-m)");
        testId(cards, "dashboard-cards");
        return cards;
    }

    private static Div card(String label, String value, String detail, String testId, String valueColour) {
        Span caption = new Span(label);
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Span figure = new Span(value);
        figure.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600").set("line-height", "1.2");
        if (valueColour != null) {
            figure.getStyle().set("color", valueColour);
        }
        testId(figure, testId + "-value");
        Span sub = new Span(detail);
        sub.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-xs)");
        Div card = new Div(caption, figure, sub);
        card.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "2px")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("box-sizing", "border-box")
                .set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-base-color)").set("box-shadow", "var(--lumo-box-shadow-xs)");
        testId(card, testId);
        return card;
    }

    // ---- charts -----------------------------------------------------------------------------------------------------

    private Component charts(ProductionFigures f) {
        FlexLayout charts = new FlexLayout();
        charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        charts.getStyle().set("gap", "var(--lumo-space-m)");
        testId(charts, "dashboard-charts");

        charts.add(panel("chart-throughput", throughput(f)));
        charts.add(panel("chart-queues", FiguresChart.stacked("Queue depth now: images per status",
                List.of(new FiguresChart.Stack("all images", f.queues().imagesByStatus().values().stream()
                        .mapToLong(Long::longValue).toArray())), statusSeries(f.queues().imagesByStatus())),
                inboxes(f)));

        String unit = f.quality().period().equals("DAY") ? "day" : "week";
        List<FiguresChart.Point> auto = new ArrayList<>();
        List<FiguresChart.Point> confidence = new ArrayList<>();
        for (ProductionFigures.Period p : f.quality().periods()) {
            String label = (unit.equals("week") ? "wk " : "") + p.start().format(DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH));
            auto.add(new FiguresChart.Point(label, p.autoApprovalRate()));
            confidence.add(new FiguresChart.Point(label, p.meanSegmentationConfidence()));
        }
        ProductionFigures.Baseline baseline = f.quality().baseline();
        String baselineLabel = baseline == null ? "" : "first " + baseline.weeks() + " wk";
        charts.add(panel("chart-auto", FiguresChart.lineAgainstBaseline("Auto-approval rate per " + unit + " vs baseline", auto,
                baseline == null || baseline.finished() == 0 ? null : baseline.autoApprovalRate(), baselineLabel,
                "var(--lumo-primary-color)", true)));
        charts.add(panel("chart-confidence", FiguresChart.lineAgainstBaseline("Mean segmentation confidence per " + unit
                        + " vs baseline", confidence, baseline == null ? null : baseline.meanSegmentationConfidence(),
                baselineLabel, "#8e6cc4", false)));

        charts.add(panel("chart-rejections", FiguresChart.bars("Top rejection reasons", f.topRejectionReasons().stream()
                .limit(8).map(c -> new FiguresChart.Bar(c.key(), c.count(), 0)).toList(), "var(--lumo-error-color)", "none")));
        charts.add(panel("chart-sample", FiguresChart.bars("Audit sample: what people decided (n = " + f.auditSample().images() + ")",
                f.auditSample().decisions().entrySet().stream().map(e -> new FiguresChart.Bar(sampleLabel(e.getKey()),
                        e.getValue(), 0)).toList(), "#e8a33d", "none")));

        ProductionFigures.Cost cost = f.cost();
        Span breakdown = new Span(String.format(Locale.ROOT, "per image: %s of compute (%s) + %s of people's time (%s); "
                        + "rates %s per compute hour, %s per person hour", duration(cost.computeSecondsPerImage()),
                FiguresChart.money(cost.computeCostPerImage(), cost.currency()), duration(cost.humanMinutesPerImage() * 60),
                FiguresChart.money(cost.humanCostPerImage(), cost.currency()),
                FiguresChart.money(cost.computeCostPerHour(), cost.currency()),
                FiguresChart.money(cost.humanCostPerHour(), cost.currency())));
        breakdown.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        testId(breakdown, "cost-breakdown");
        charts.add(panel("chart-cost", FiguresChart.costAgainstRange("Cost per image vs a traditional studio (log scale)",
                cost.costPerImage(), cost.traditional().costPerProductMin(), cost.traditional().costPerProductMax(),
                cost.currency()), breakdown));
        return charts;
    }

    private static Component throughput(ProductionFigures f) {
        Map<Instant, Long> byHour = new LinkedHashMap<>();
        f.throughput().perHour().forEach(h -> byHour.put(h.hour(), h.images()));
        Instant first = f.from().truncatedTo(ChronoUnit.HOURS);
        long hours = Duration.between(first, f.to()).toHours() + 1;
        List<FiguresChart.Column> columns = new ArrayList<>();
        if (hours <= MAX_HOUR_COLUMNS) {
            // labels on round hours for a day or two, else at midnight every few days: about eight in all
            int hourStep = hours <= 12 ? 2 : hours <= 24 ? 3 : hours <= 48 ? 6 : 0;
            long dayStep = Math.max(1, (hours / 24 + 7) / 8);
            for (Instant h = first; h.isBefore(f.to()); h = h.plus(Duration.ofHours(1))) {
                long n = byHour.getOrDefault(h, 0L);
                int hourOfDay = h.atZone(ZoneOffset.UTC).getHour();
                long day = h.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
                String label = hourStep > 0 ? (hourOfDay % hourStep == 0 ? CLOCK_HOUR.format(h) : null)
                        : (hourOfDay == 0 && day % dayStep == 0 ? DAY.format(h) : null);
                columns.add(new FiguresChart.Column(label, n, HOUR.format(h) + " UTC: " + n + " images"));
            }
            return FiguresChart.columns("Throughput: images finished per hour", columns, "var(--lumo-primary-color)",
                    "images / hour (UTC)");
        }
        Map<LocalDate, Long> byDay = new LinkedHashMap<>();
        for (LocalDate d = f.from().atZone(ZoneOffset.UTC).toLocalDate(); d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(f.to());
             d = d.plusDays(1)) {
            byDay.put(d, 0L);
        }
        byHour.forEach((h, n) -> byDay.merge(h.atZone(ZoneOffset.UTC).toLocalDate(), n, Long::sum));
        long every = Math.max(1, (byDay.size() + 7) / 8);
        byDay.forEach((d, n) -> columns.add(new FiguresChart.Column(d.toEpochDay() % every == 0 ? DAY.format(d) : null, n,
                d + ": " + n + " images")));
        return FiguresChart.columns("Throughput: images finished per day (range too long for hours)", columns,
                "var(--lumo-primary-color)", "images / day (UTC)");
    }

    private static List<FiguresChart.Series> statusSeries(Map<String, Long> byStatus) {
        List<FiguresChart.Series> series = new ArrayList<>();
        int other = 0;
        for (Map.Entry<String, Long> status : byStatus.entrySet()) {
            String colour = STATUS_COLOURS.get(status.getKey());
            series.add(new FiguresChart.Series(statusLabel(status.getKey()) + " " + status.getValue(),
                    colour != null ? colour : OTHER_COLOURS[other++ % OTHER_COLOURS.length]));
        }
        return series;
    }

    /** Open tasks per candidate group, stacked by kind of task. */
    private static Component inboxes(ProductionFigures f) {
        List<TaskKind> kinds = List.of(TaskKind.values());
        Map<String, long[]> byGroup = new LinkedHashMap<>();
        Map<String, Long> pastDue = new LinkedHashMap<>();
        for (ProductionFigures.Inbox inbox : f.queues().openTasks()) {
            long[] values = byGroup.computeIfAbsent(inbox.group(), g -> new long[kinds.size() + 1]);
            int k = kinds.stream().map(TaskKind::name).toList().indexOf(inbox.kind());
            values[k < 0 ? kinds.size() : k] += inbox.open();
            pastDue.merge(inbox.group(), inbox.pastDue(), Long::sum);
        }
        List<FiguresChart.Stack> stacks = new ArrayList<>();
        byGroup.forEach((group, values) -> stacks.add(new FiguresChart.Stack(group
                + (pastDue.get(group) > 0 ? " (" + pastDue.get(group) + " past due)" : ""), values)));
        List<FiguresChart.Series> series = new ArrayList<>();
        String[] colours = {"var(--lumo-primary-color)", "#8e6cc4", "#e8a33d", "var(--lumo-contrast-40pct)"};
        for (int i = 0; i < kinds.size(); i++) {
            series.add(new FiguresChart.Series(kinds.get(i).title(), colours[i % colours.length]));
        }
        series.add(new FiguresChart.Series("other", colours[3]));
        return FiguresChart.stacked("Open tasks per inbox (" + f.queues().openTasksTotal() + " open)", stacks, series);
    }

    private static Div panel(String testId, Component... charts) {
        Div panel = new Div(charts);
        panel.getStyle().set("padding", "var(--lumo-space-m)").set("border", "1px solid var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-l)").set("background", "var(--lumo-base-color)")
                .set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)")
                .set("flex", "1 1 460px").set("max-width", (FiguresChart.CHART_WIDTH + 120) + "px").set("min-width", "0")
                .set("box-sizing", "border-box");
        testId(panel, testId);
        return panel;
    }

    private static String statusLabel(String status) {
        try {
            String name = AssetStatus.valueOf(status).name().replace('_', ' ').toLowerCase(Locale.ROOT);
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        } catch (IllegalArgumentException e) {
            return status;
        }
    }

    private static String sampleLabel(String decision) {
        return switch (decision) {
            case "APPROVE" -> "approved as is";
            case "APPROVE_RETOUCHED" -> "approved with a retouch";
            case "REJECT" -> "rejected";
            case "RETAKE" -> "sent to retake";
            case "REPROCESS" -> "reprocessed";
            default -> decision.toLowerCase(Locale.ROOT);
        };
    }

    /** Two significant digits below ten ("0.012", "3.4"), whole numbers above. */
    static String rateText(double perHour) {
        if (perHour == 0) return "0";
        if (perHour >= 10) return String.format(Locale.ROOT, "%.0f", perHour);
        return new java.math.BigDecimal(perHour).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    private static String days(double days) {
        return days == Math.rint(days) ? Long.toString((long) days) : String.format(Locale.ROOT, "%.1f", days);
    }

    /** "42 s", "3.5 min", "2.1 h", "1.5 d". */
    static String duration(double seconds) {
        if (seconds < 10) return String.format(Locale.ROOT, "%.1f s", seconds);
        if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds < 90 * 60) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        if (seconds < 36 * 3600) return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        return String.format(Locale.ROOT, "%.1f d", seconds / 86400);
    }

    private static void testId(Component component, String id) {
        component.getElement().setAttribute("data-testid", id);
    }
}
