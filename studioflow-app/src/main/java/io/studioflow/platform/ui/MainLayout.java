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
import com.vaadin.flow.component.icon.VaadinIcon;
import io.studioflow.audit.ui.AuditView;
import io.studioflow.audit.ui.DashboardView;
import io.studioflow.flows.ui.FlowEditorView;
import io.studioflow.flows.ui.FlowTemplatesView;
import io.studioflow.flows.ui.PolicyView;
import io.studioflow.ingest.ui.BatchesView;
import io.studioflow.ingest.ui.ImagesView;
import io.studioflow.publishing.ui.PresetsView;
import io.studioflow.review.ui.InboxView;
import io.studioflow.review.ui.TeamQueueView;
import java.util.Set;
import org.springframework.security.core.userdetails.UserDetails;
import io.studioflow.platform.security.Role;
import java.util.stream.Collectors;

/** The frame around every view: navigation, who is signed in, sign out. */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    /** The roles that work tasks, and so have an inbox. */
    public static final Set<Role> INBOX_ROLES = Set.of(Role.RETOUCHER, Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN);

    public MainLayout(AuthenticationContext authentication) {
        // each person sees the places their roles open; the views check the roles again on entry
        SideNav nav = new SideNav();
        Set<Role> roles = authentication.getAuthenticatedUser(UserDetails.class)
                .map(user -> Role.of(user.getAuthorities())).orElse(Set.of());
        if (roles.stream().anyMatch(INBOX_ROLES::contains)) {
            nav.addItem(new SideNavItem("Inbox", InboxView.class, VaadinIcon.INBOX.create()));
        }
        if (roles.contains(Role.MANAGER) || roles.contains(Role.ADMIN)) {
            nav.addItem(new SideNavItem("Team queue", TeamQueueView.class, VaadinIcon.USERS.create()));
            nav.addItem(new SideNavItem("Routing policy", PolicyView.class, VaadinIcon.SLIDERS.create()));
            nav.addItem(new SideNavItem("Presets", PresetsView.class, VaadinIcon.PACKAGE.create()));
            nav.addItem(new SideNavItem("Flow templates", FlowTemplatesView.class, VaadinIcon.COPY_O.create()));
        }
        nav.addItem(new SideNavItem("Images", ImagesView.class, VaadinIcon.PICTURE.create()));
        if (roles.contains(Role.PHOTOGRAPHER) || roles.contains(Role.MANAGER) || roles.contains(Role.ADMIN)
                || roles.contains(Role.AUDITOR)) {
            nav.addItem(new SideNavItem("Batches", BatchesView.class, VaadinIcon.FOLDER_OPEN.create()));
        }
        if (roles.contains(Role.AUDITOR) || roles.contains(Role.MANAGER) || roles.contains(Role.ADMIN)) {
            nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()));
            nav.addItem(new SideNavItem("Audit", AuditView.class, VaadinIcon.CLIPBOARD_CHECK.create()));
            nav.addItem(new SideNavItem("Flows", FlowEditorView.class, VaadinIcon.SITEMAP.create()));
        }
        nav.getElement().setAttribute("data-testid", "side-nav");
        addToDrawer(nav);

        H2 title = new H2("Studioflow");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        authentication.getAuthenticatedUser(UserDetails.class).ifPresent(user -> {
            String roleNames = roles.stream().map(r -> r.name().toLowerCase()).sorted()
                    .collect(Collectors.joining(", "));
            Span who = new Span(user.getUsername() + " (" + roleNames + ")");
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
