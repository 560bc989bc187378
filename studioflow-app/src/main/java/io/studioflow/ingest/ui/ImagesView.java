package io.studioflow.ingest.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import io.studioflow.platform.security.Role;
import io.studioflow.platform.ui.MainLayout;
import io.studioflow.review.ui.InboxView;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The latest images and where each stands. Also the start page: people who work tasks land on their inbox
 * instead.
 */
@Route("images")
@RouteAlias("")
@PageTitle("Images · Studioflow")
@PermitAll
public class ImagesView extends VerticalLayout implements BeforeEnterObserver {

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

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (event.getLocation().getPath().isEmpty() && user != null
                && Role.of(user).stream().anyMatch(MainLayout.INBOX_ROLES::contains)) {
            event.forwardTo(InboxView.class);
        }
    }

    private static String why(Asset asset) {
        return asset.reasons() == null ? "" : String.join("; ", asset.reasons());
    }
}
