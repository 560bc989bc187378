package io.studioflow.ingest.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The latest images and where each stands. */
@Route("")
@PageTitle("Images · Studioflow")
@PermitAll
public class ImagesView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public ImagesView(AssetRepository assets) {
        setSizeFull();
        Grid<Asset> grid = new Grid<>(Asset.class, false);
        grid.addColumn(Asset::sku).setHeader("SKU").setSortable(true);
        grid.addColumn(Asset::brand).setHeader("Brand");
        grid.addColumn(a -> a.status() == null ? "" : a.status().name()).setHeader("Status");
        grid.addColumn(ImagesView::why).setHeader("Why").setFlexGrow(3).setTooltipGenerator(ImagesView::why);
        grid.addColumn(a -> a.updatedAt() == null ? "" : TIME.format(a.updatedAt())).setHeader("Updated");
        grid.setItems(assets.latest(200));
        grid.setEmptyStateText("No images yet: upload one with POST /api/images");
        add(new H3("Latest images"), grid);
        setFlexGrow(1, grid);
    }

    private static String why(Asset asset) {
        return asset.reasons() == null ? "" : String.join("; ", asset.reasons());
    }
}
