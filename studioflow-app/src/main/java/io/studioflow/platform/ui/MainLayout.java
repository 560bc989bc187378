package io.studioflow.platform.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.studioflow.ingest.ui.ImagesView;
import io.studioflow.platform.security.Role;
import java.util.stream.Collectors;

/** The frame around every view: navigation, who is signed in, sign out. */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext authentication) {
        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Images", ImagesView.class));
        addToDrawer(nav);

        H2 title = new H2("Studioflow");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        authentication.getAuthenticatedUser(org.springframework.security.core.userdetails.UserDetails.class).ifPresent(user -> {
            String roles = Role.of(user.getAuthorities()).stream().map(r -> r.name().toLowerCase())
                    .collect(Collectors.joining(", "));
            Span who = new Span(user.getUsername() + " (" + roles + ")");
            who.getElement().setAttribute("data-testid", "current-user");
            Button logout = new Button("Sign out", click -> authentication.logout());
            logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            HorizontalLayout right = new HorizontalLayout(who, logout);
            right.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
            right.getStyle().set("margin-left", "auto").set("padding-right", "var(--lumo-space-m)");
            header.add(right);
        });
        addToNavbar(header);
    }
}
