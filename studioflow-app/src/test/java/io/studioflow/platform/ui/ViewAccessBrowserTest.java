package io.studioflow.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.platform.security.Role;
import io.studioflow.testing.BrowserTest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every view (found by its {@code @Route}, so a new view cannot be forgotten) opened in Chromium by every role and
 * by a signed-out visitor: a role in the view's row sees the view; any other role does not (Vaadin's navigation
 * access control refuses it); a visitor is sent to the sign-in page.
 */
class ViewAccessBrowserTest extends BrowserTest {

    private static final Set<Role> WORKERS = EnumSet.of(Role.RETOUCHER, Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN);

    /** Who may open which route. */
    private static final Map<String, Set<Role>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("images", EnumSet.allOf(Role.class));
        ALLOWED.put("inbox", WORKERS);
        ALLOWED.put("task", WORKERS);
        ALLOWED.put("team", EnumSet.of(Role.MANAGER, Role.ADMIN));
        ALLOWED.put("audit", EnumSet.of(Role.AUDITOR, Role.MANAGER, Role.ADMIN));
        ALLOWED.put("dashboard", EnumSet.of(Role.MANAGER, Role.ADMIN, Role.AUDITOR));
        ALLOWED.put("policy", EnumSet.of(Role.MANAGER, Role.ADMIN));
        ALLOWED.put("presets", EnumSet.of(Role.MANAGER, Role.ADMIN));
        ALLOWED.put("flow-templates", EnumSet.of(Role.MANAGER, Role.ADMIN));
        ALLOWED.put("flows", EnumSet.of(Role.MANAGER, Role.ADMIN, Role.AUDITOR));
        ALLOWED.put("batches", EnumSet.of(Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN, Role.AUDITOR));
        ALLOWED.put("batch", EnumSet.of(Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN, Role.AUDITOR));
    }

    private static final String SIGN_IN = "Sign in · Studioflow";

    @Test
    void everyViewAgainstEveryRoleAndASignedOutVisitor() throws Exception {
        Map<String, String> titles = routes();
        titles.remove("login");
        assertThat(titles.keySet()).as("every view has a row in the matrix (and every row a view)")
                .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());

        List<String> wrong = new ArrayList<>();
        Page visitor = newPage();
        for (String route : titles.keySet()) {
            visitor.navigate(url("/" + route));
            waitForVaadin(visitor);
            if (!SIGN_IN.equals(visitor.title())) {
                wrong.add("/" + route + " signed out: '" + visitor.title() + "' (expected the sign-in page)");
            }
        }
        for (Role role : Role.values()) {
            Page page = login(role.name().toLowerCase());
            for (Map.Entry<String, String> view : titles.entrySet()) {
                page.navigate(url("/" + view.getKey()));
                waitForVaadin(page);
                String title = page.title();
                boolean allowed = ALLOWED.get(view.getKey()).contains(role);
                if (allowed != view.getValue().equals(title)) {
                    wrong.add("/" + view.getKey() + " as " + role + ": '" + title + "' (expected "
                            + (allowed ? "the view" : "a refusal") + ")");
                }
                if (!allowed && page.locator("[data-testid=current-user]").count() > 0) {
                    wrong.add("/" + view.getKey() + " as " + role + ": refused, but the application's layout is on the page");
                }
            }
            if (role == Role.RETOUCHER) {
                page.navigate(url("/audit"));
                waitForVaadin(page);
                screenshot(page, "view-access-refused");
            }
        }
        assertThat(wrong).as("view access violations").isEmpty();
        System.out.printf("[figure] view access: %d views x (%d roles + signed out), all as expected%n", titles.size(),
                Role.values().length);
    }

    /** Route → the title its view shows (the static one, or what a view with a dynamic title shows bare). */
    private static Map<String, String> routes() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        Map<String, String> routes = new TreeMap<>();
        for (var candidate : scanner.findCandidateComponents("io.studioflow")) {
            Class<?> view = Class.forName(candidate.getBeanClassName());
            String route = view.getAnnotation(Route.class).value();
            PageTitle title = view.getAnnotation(PageTitle.class);
            routes.put(route, title != null ? title.value()
                    : Character.toUpperCase(route.charAt(0)) + route.substring(1) + " · Studioflow");
        }
        return routes;
    }
}
