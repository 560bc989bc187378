package io.studioflow.ingest.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.shared.Registration;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.ingest.batch.Batch;
import io.studioflow.ingest.batch.BatchExport;
import io.studioflow.ingest.batch.BatchNotFoundException;
import io.studioflow.ingest.batch.BatchProgress;
import io.studioflow.ingest.batch.BatchService;
import io.studioflow.ingest.batch.BatchStatus;
import io.studioflow.platform.security.CurrentUser;
import io.studioflow.platform.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * One batch as it goes: a progress bar and an ETA from its measured throughput, its images per stage (cards and a
 * stacked bar), the files that did not become images and why, the slowest images; cancel, retry and export.
 */
// the id is a query parameter: uploads and downloads post to URLs relative to the page (see TaskView)
@Route("batch")
@RolesAllowed({"PHOTOGRAPHER", "MANAGER", "ADMIN", "AUDITOR"})
public class BatchView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String ID_PARAMETER = "id";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    /** Stage colours, in the order an image goes; the same in the cards and the stacked bar. */
    private static final Map<AssetStatus, String> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put(AssetStatus.PUBLISHED, "var(--lumo-success-color)");
        COLOURS.put(AssetStatus.REJECTED, "var(--lumo-error-color)");
        COLOURS.put(AssetStatus.IN_REVIEW, "#7c4dff");
        COLOURS.put(AssetStatus.RETAKE, "#ff9800");
        COLOURS.put(AssetStatus.PROCESSING, "var(--lumo-primary-color)");
        COLOURS.put(AssetStatus.CAPTURE, "#4fc3f7");
        COLOURS.put(AssetStatus.QUEUED, "var(--lumo-contrast-30pct)");
        COLOURS.put(AssetStatus.CANCELLED, "var(--lumo-contrast-60pct)");
    }

    private final BatchService service;
    private final BatchExport export;
    private final boolean sends;
    private final Div content = new Div();
    private String batchId;
    private String title = "Batch · Studioflow";
    private Registration polling;

    public BatchView(BatchService service, BatchExport export) {
        this.service = service;
        this.export = export;
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        this.sends = Role.of(user).stream().anyMatch(r -> r == Role.PHOTOGRAPHER || r == Role.MANAGER || r == Role.ADMIN);
        setSizeFull();
        content.setWidthFull();
        add(content);
    }

    static void open(String batchId) {
        UI.getCurrent().navigate(BatchView.class, QueryParameters.of(ID_PARAMETER, batchId));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        batchId = event.getLocation().getQueryParameters().getSingleParameter(ID_PARAMETER).orElse(null);
        render();
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private void render() {
        content.removeAll();
        if (batchId == null) {
            content.add(new Span("No batch chosen"));
            return;
        }
        BatchProgress progress;
        try {
            progress = service.progress(batchId);
        } catch (BatchNotFoundException e) {
            content.add(new Span("No batch " + batchId));
            return;
        } catch (RuntimeException e) {
            content.add(new Span("The batch cannot be read now (" + e.getMessage() + "); it is shown again in a moment"));
            return;
        }
        Batch batch = progress.batch();
        title = batch.name() + " · Batches · Studioflow";
        content.add(header(progress), bar(progress), stageCards(progress), stackedBar(progress), details(progress));
    }

    private Component header(BatchProgress progress) {
        Batch batch = progress.batch();
        H2 name = new H2(batch.name());
        name.getStyle().set("margin", "0");
        Span status = new Span(batch.status().name().toLowerCase(Locale.ROOT));
        status.getElement().getThemeList().add("badge " + switch (batch.status()) {
            case RECEIVING -> "contrast";
            case OPEN -> progress.machineRemaining() == 0 ? "success" : "";
            case CANCELLED -> "error";
        });
        status.getElement().setAttribute("data-testid", "batch-status");
        Span who = new Span("sent by " + batch.createdBy() + " (" + batch.source() + ") on " + TIME.format(batch.createdAt())
                + (batch.cancelledBy() != null ? " · cancelled by " + batch.cancelledBy() : ""));
        who.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout actions = new HorizontalLayout();
        if (sends) {
            Button cancel = new Button("Cancel batch", VaadinIcon.BAN.create(), e -> confirmCancel(batch));
            cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
            cancel.setEnabled(batch.status() != BatchStatus.CANCELLED && progress.stages().get(AssetStatus.QUEUED) + (batch.status() == BatchStatus.RECEIVING ? 1 : 0) > 0);
            cancel.getElement().setAttribute("data-testid", "batch-cancel");
            long retriable = progress.failed() + progress.stages().get(AssetStatus.CANCELLED);
            Button retry = new Button("Retry " + retriable + " failed or cancelled", VaadinIcon.REFRESH.create(), e -> {
                int n = service.retry(batchId, CurrentUser.actor(SecurityContextHolder.getContext().getAuthentication()));
                notify(n + " images queued again", NotificationVariant.LUMO_SUCCESS);
                render();
            });
            retry.setEnabled(retriable > 0);
            retry.getElement().setAttribute("data-testid", "batch-retry");
            actions.add(cancel, retry);
        }
        long published = progress.stages().get(AssetStatus.PUBLISHED);
        Anchor zip = new Anchor(zipDownload(), "Export ZIP per SKU");
        Anchor csv = new Anchor(csvDownload(), "Shop CSV");
        for (Anchor a : List.of(zip, csv)) {
            a.getElement().setAttribute("download", true);
            a.getStyle().set("align-self", "center");
            if (published == 0) {
                a.getElement().setAttribute("aria-disabled", "true");
                a.getStyle().set("pointer-events", "none").set("color", "var(--lumo-disabled-text-color)");
            }
        }
        zip.getElement().setAttribute("data-testid", "batch-export-zip");
        actions.add(zip, csv);
        HorizontalLayout top = new HorizontalLayout(name, status);
        top.setAlignItems(FlexComponent.Alignment.BASELINE);
        VerticalLayout box = new VerticalLayout(top, who, actions);
        box.setPadding(false);
        box.setSpacing(false);
        return box;
    }

    private Component bar(BatchProgress p) {
        ProgressBar bar = new ProgressBar(0, 1, p.machineDone());
        bar.getElement().setAttribute("data-testid", "batch-progress");
        bar.getElement().setAttribute("data-value", String.format(Locale.ROOT, "%.3f", p.machineDone()));
        if (p.machineRemaining() == 0 && p.batch().status() != BatchStatus.RECEIVING) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_SUCCESS);
        }
        String text;
        if (p.batch().status() == BatchStatus.RECEIVING) {
            text = "Reading files: " + p.batch().files() + " read, " + p.total() + " new images so far";
        } else {
            text = (p.total() - p.machineRemaining()) + " of " + p.total() + " images through the machine, " + p.finished()
                    + " finished, " + p.waitingForPeople() + " with people";
        }
        if (p.imagesPerMinute() != null) {
            text += String.format(Locale.ROOT, " · %.1f images/min", p.imagesPerMinute());
        }
        if (p.etaSeconds() != null && p.etaSeconds() > 0) {
            text += " · about " + duration(p.etaSeconds()) + " left";
        } else if (p.machineRemaining() == 0 && p.batch().status() != BatchStatus.RECEIVING) {
            text += " · machine work done";
        }
        Span label = new Span(text);
        label.getElement().setAttribute("data-testid", "batch-progress-label");
        label.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Div box = new Div(bar, label);
        box.setWidthFull();
        box.getStyle().set("margin", "var(--lumo-space-m) 0");
        return box;
    }

    private Component stageCards(BatchProgress p) {
        HorizontalLayout cards = new HorizontalLayout();
        cards.setWrap(true);
        cards.setWidthFull();
        COLOURS.forEach((status, colour) -> cards.add(card(label(status), p.stages().get(status), colour,
                "stage-" + status.name().toLowerCase(Locale.ROOT))));
        cards.add(card("Failed", p.failed(), "var(--lumo-error-color)", "stage-failed"));
        return cards;
    }

    private static Component card(String label, long count, String colour, String testId) {
        Span number = new Span(String.valueOf(count));
        number.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        number.getElement().setAttribute("data-testid", testId);
        Span name = new Span(label);
        name.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Div card = new Div(number, new Div(name));
        card.getStyle().set("border-left", "4px solid " + colour).set("padding", "var(--lumo-space-xs) var(--lumo-space-m)")
                .set("min-width", "5.5em").set("flex", "1 1 0").set("background", "var(--lumo-contrast-5pct)")
                .set("border-radius", "var(--lumo-border-radius-m)");
        return card;
    }

    /** The batch's images as one bar split by stage: where the batch stands at a glance. */
    private static Component stackedBar(BatchProgress p) {
        int width = 900;
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='images per stage' "
                + "viewBox='0 0 " + width + " 44' width='100%' height='44' preserveAspectRatio='none'>");
        double x = 0;
        long total = Math.max(1, p.total());
        for (Map.Entry<AssetStatus, String> stage : COLOURS.entrySet()) {
            long n = p.stages().get(stage.getKey());
            if (n == 0) {
                continue;
            }
            double w = width * (double) n / total;
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='4' width='%.1f' height='24' style='fill:%s'><title>%s: %d</title></rect>",
                    x, w, stage.getValue(), label(stage.getKey()), n));
            x += w;
        }
        if (p.total() == 0) {
            svg.append("<rect x='0' y='4' width='").append(width).append("' height='24' style='fill:var(--lumo-contrast-10pct)'/>");
        }
        svg.append("</svg>");
        Html chart = new Html("<div style='width:100%;margin:var(--lumo-space-s) 0'>" + svg + "</div>");
        return chart;
    }

    private Component details(BatchProgress p) {
        Batch batch = p.batch();
        H4 filesTitle = new H4("Files: " + batch.files() + " read, " + batch.accepted() + " new images, " + batch.duplicates()
                + " already known, " + batch.refused() + " refused");
        Grid<Batch.FileProblem> problems = new Grid<>(Batch.FileProblem.class, false);
        problems.addColumn(Batch.FileProblem::file).setHeader("File").setAutoWidth(true).setFlexGrow(1);
        problems.addColumn(f -> f.kind() == Batch.FileProblem.Kind.DUPLICATE ? "already known" : "refused").setHeader("")
                .setAutoWidth(true);
        problems.addColumn(Batch.FileProblem::reason).setHeader("Why").setFlexGrow(3).setTooltipGenerator(Batch.FileProblem::reason);
        problems.setItems(batch.problems() == null ? List.of() : batch.problems());
        problems.setAllRowsVisible(true);
        problems.setEmptyStateText("Every file became a new image");
        problems.addThemeVariants(GridVariant.LUMO_COMPACT);
        problems.getElement().setAttribute("data-testid", "batch-problems");

        Grid<BatchProgress.SlowImage> slowest = new Grid<>(BatchProgress.SlowImage.class, false);
        slowest.addColumn(BatchProgress.SlowImage::sku).setHeader("SKU").setAutoWidth(true);
        slowest.addColumn(s -> s.angle() == null ? "" : s.angle()).setHeader("Angle").setAutoWidth(true);
        slowest.addColumn(s -> label(s.status())).setHeader("Stage").setAutoWidth(true);
        slowest.addColumn(s -> String.format(Locale.ROOT, "%.1f s", s.machineSeconds())).setHeader("Time in steps").setAutoWidth(true);
        slowest.setItems(p.slowest());
        slowest.setAllRowsVisible(true);
        slowest.setEmptyStateText("No image has been through the machine yet");
        slowest.addThemeVariants(GridVariant.LUMO_COMPACT);

        VerticalLayout left = new VerticalLayout(filesTitle, problems);
        VerticalLayout right = new VerticalLayout(new H4("Slowest images"), slowest);
        for (VerticalLayout column : List.of(left, right)) {
            column.setPadding(false);
            column.getStyle().set("flex", "1 1 420px").set("min-width", "320px");
        }
        HorizontalLayout row = new HorizontalLayout(left, right);
        row.setWidthFull();
        row.setWrap(true);
        return row;
    }

    private void confirmCancel(Batch batch) {
        ConfirmDialog dialog = new ConfirmDialog("Cancel " + batch.name() + "?",
                "Queued images will not start and are marked cancelled (you can retry them later). Images already in the "
                        + "flow run to their end.", "Cancel batch", e -> {
                    int n = service.cancel(batchId, CurrentUser.actor(SecurityContextHolder.getContext().getAuthentication()));
                    notify(n + " queued images cancelled", NotificationVariant.LUMO_CONTRAST);
                    render();
                });
        dialog.setCancelable(true);
        dialog.setCancelText("Keep going");
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    private DownloadHandler zipDownload() {
        return event -> {
            event.setFileName("batch-" + batchId + ".zip");
            event.setContentType("application/zip");
            export.zip(batchId, event.getOutputStream());
        };
    }

    private DownloadHandler csvDownload() {
        return event -> {
            event.setFileName("batch-" + batchId + ".csv");
            event.setContentType("text/csv; charset=UTF-8");
            OutputStreamWriter out = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8);
            export.csv(batchId, out);
            out.flush();
        };
    }

    private static String label(AssetStatus status) {
        String name = status.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min"
                : d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification.show(text, 4000, Notification.Position.BOTTOM_START).addThemeVariants(variant);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        ui.setPollInterval(2000);
        polling = ui.addPollListener(e -> render());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
        }
    }
}
