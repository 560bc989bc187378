package io.studioflow.testing;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import java.util.Set;
import java.util.stream.Collectors;
import kotlin.jvm.functions.Function0;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Base of the view tests (Karibu-Testing): Vaadin's server side runs in the test thread against the whole
 * application (the same shared Spring context as every {@link IntegrationTest}), without a browser. Each test
 * starts with a fresh session and UI, signed out; {@link #login} signs a real user in.
 *
 * <pre>{@code
 * login("retoucher");
 * InboxView inbox = navigate(InboxView.class);
 * LocatorJ._click(byTestId(Button.class, "claim"));
 * }</pre>
 */
public abstract class UiTest extends IntegrationTest {

    /** Route discovery scans the classpath once; every test reuses the result. */
    private static Routes routes;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private UserDetailsService users;

    @BeforeEach
    void setUpVaadin() {
        SecurityContextHolder.clearContext();
        if (routes == null) {
            routes = new Routes().autoDiscoverViews("io.studioflow");
        }
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(routes, context, uiFactory));
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /**
     * Signs in one of the application's users as the login form would: the user and their roles come from
     * the application's own {@link UserDetailsService}, so views and {@code @RolesAllowed} see the real ones.
     */
    protected UserDetails login(String username) {
        UserDetails user = users.loadUserByUsername(username);
        Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        SecurityContext securityContext = SecurityContextHolder.createEmptyContext();
        securityContext.setAuthentication(authentication);
        SecurityContextHolder.setContext(securityContext);
        // Vaadin's navigation access control asks the servlet request for the principal and its roles
        Set<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a).collect(Collectors.toSet());
        FakeRequest request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(authentication);
        request.setUserInRole((principal, role) -> roles.contains(role));
        return user;
    }

    /** Signs out: the next navigation is anonymous. */
    protected void logout() {
        SecurityContextHolder.clearContext();
        FakeRequest request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(null);
        request.setUserInRole((principal, role) -> false);
    }

    /** Navigates as a click on a link would and returns the view, which must be the one shown. */
    protected <V extends Component> V navigate(Class<V> view) {
        UI.getCurrent().navigate(view);
        return LocatorJ._get(view);
    }

    /** The class of the view the UI shows now (after any redirect, e.g. to the login view). */
    protected Class<? extends Component> currentView() {
        return UI.getCurrent().getCurrentView().getClass();
    }

    /** The one component of this type with {@code data-testid="testId"}; fails with the UI tree if none or many. */
    protected static <T extends Component> T byTestId(Class<T> type, String testId) {
        return LocatorJ._get(type, spec -> spec.withAttribute("data-testid", testId));
    }

    /** Same, inside {@code parent}. */
    protected static <T extends Component> T byTestId(Component parent, Class<T> type, String testId) {
        return LocatorJ._get(parent, type, spec -> spec.withAttribute("data-testid", testId));
    }
}
