package io.studioflow.audit.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Who did what to an image, on what evidence: the recent images, and for the selected one every recorded
 * step and decision, read-only.
 */
@Route("audit")
@PageTitle("Audit · Studioflow")
@RolesAllowed({"AUDITOR", "MANAGER", "ADMIN"})
public class AuditView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    public AuditView(AssetRepository assets, AuditLog audit) {
        setSizeFull();
        Grid<Asset> images = new Grid<>(Asset.class, false);
        images.addColumn(Asset::sku).setHeader("SKU").setAutoWidth(true);
        images.addColumn(Asset::brand).setHeader("Brand").setAutoWidth(true);
        images.addColumn(a -> a.status() == null ? "" : a.status().name()).setHeader("Status").setAutoWidth(true);
        images.addColumn(a -> a.updatedAt() == null ? "" : TIME.format(a.updatedAt())).setHeader("Updated");
        images.setItems(assets.latest(200));
        images.getElement().setAttribute("data-testid", "audit-images");

        Grid<AuditEvent> history = new Grid<>(AuditEvent.class, false);
        history.addColumn(e -> TIME.format(e.time())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(AuditEvent::step).setHeader("Step").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(AuditEvent::decision).setHeader("Decision").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(e -> e.actor() == null ? "" : e.actor().name()
                        + (e.actor().roles() == null || e.actor().roles().isEmpty() ? "" : " " + e.actor().roles())
                        + (e.actor().version() == null ? "" : " v" + e.actor().version()))
                .setHeader("Who").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(AuditView::evidence).setHeader("Comment and evidence").setFlexGrow(1)
                .setTooltipGenerator(AuditView::evidence);
        history.addThemeVariants(GridVariant.LUMO_COMPACT);
        history.setEmptyStateText("Select an image to see its history");
        history.getElement().setAttribute("data-testid", "audit-history");
        images.asSingleSelect().addValueChangeListener(e ->
                history.setItems(e.getValue() == null ? java.util.List.of() : audit.history(e.getValue().id())));

        images.setHeightFull();
        history.setHeightFull();
        SplitLayout split = new SplitLayout(images, history);
        split.setSplitterPosition(30);
        split.setSizeFull();
        Span note = new Span("Records are append-only: nobody, not even an admin, can change them here.");
        note.getStyle().set("color", "var(--lumo-secondary-text-color)");
        add(new H3("Audit"), note, split);
        setFlexGrow(1, split);
    }

    private static String evidence(AuditEvent e) {
        StringBuilder text = new StringBuilder();
        if (e.comment() != null) text.append(e.comment());
        if (e.reasons() != null && !e.reasons().isEmpty()) {
            text.append(text.isEmpty() ? "" : " · ").append(String.join("; ", e.reasons()));
        }
        if (e.scores() != null && !e.scores().isEmpty()) {
            text.append(text.isEmpty() ? "" : " · ").append(e.scores());
        }
        return text.toString();
    }
}
