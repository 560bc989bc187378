package io.studioflow.platform.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.RouteConfiguration;
import io.studioflow.ingest.ui.ImagesView;
import io.studioflow.testing.UiTest;
import org.junit.jupiter.api.Test;

class LayoutUiTest extends UiTest {

    @Test
    void aSignedInRetoucherSeesTheImagesViewInsideTheLayout() {
        login("retoucher");

        // by class, i.e. its own route "images": at "" a retoucher is forwarded to the inbox
        ImagesView view = navigate(ImagesView.class);

        assertThat(currentView()).isEqualTo(ImagesView.class);
        assertThat(view.getParent()).get().isInstanceOf(MainLayout.class);
        assertThat(byTestId(Span.class, "current-user").getText()).contains("retoucher");
        SideNav nav = _get(SideNav.class);
        assertThat(nav.getItems()).extracting(SideNavItem::getLabel).contains("Images");
        assertThat(nav.getItems()).filteredOn(item -> item.getLabel().equals("Images")).first()
                .extracting(SideNavItem::getPath).isEqualTo(RouteConfiguration.forSessionScope().getUrl(ImagesView.class));
    }

    @Test
    void anAnonymousVisitorIsSentToTheLoginView() {
        // a new UI opens the start route, ImagesView, which needs a signed-in user
        assertThat(currentView()).isEqualTo(LoginView.class);

        UI.getCurrent().navigate(ImagesView.class);

        assertThat(currentView()).isEqualTo(LoginView.class);
        _get(LoginForm.class);
    }

    @Test
    void signingOutTakesTheImagesViewAway() {
        login("manager");
        navigate(ImagesView.class);
        assertThat(byTestId(Span.class, "current-user").getText()).startsWith("manager (manager)");

        logout();
        UI.getCurrent().navigate(ImagesView.class);

        assertThat(currentView()).isEqualTo(LoginView.class);
    }
}
