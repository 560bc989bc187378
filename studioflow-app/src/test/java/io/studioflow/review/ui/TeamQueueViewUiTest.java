package io.studioflow.review.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import io.studioflow.audit.Actor;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.TaskKind;
import io.studioflow.review.TaskRepository;
import io.studioflow.review.TaskService;
import io.studioflow.review.TeamQueue;
import io.studioflow.testing.UiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The team queue against the real task index. The index is shared with every other integration test and the
 * team queue counts all open tasks, so each test works in a candidate group and with holder names of its own
 * and checks the totals only as "at least".
 */
class TeamQueueViewUiTest extends UiTest {

    @Autowired
    private TaskRepository repository;

    @Autowired
    private TaskService service;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String group = "team-queue-test-" + run;
    private final String holder = "holder-" + run;

    @Test
    void managerSeesDepthReasonsAgeOverdueAndHoldersOfTheTeamsOpenWork() {
        Instant now = Instant.now();
        open("a", "segmentation", now.minus(Duration.ofMinutes(192)).minusSeconds(20), now.minusSeconds(60), null);
        open("b", "segmentation", now.minusSeconds(600), now.plus(Duration.ofHours(4)), holder);
        open("c", "colour", now.minusSeconds(300), now.plus(Duration.ofHours(4)), null);

        login("manager");
        TeamQueueView view = navigate(TeamQueueView.class);

        assertThat(number("open-count")).isGreaterThanOrEqualTo(3);
        assertThat(number("overdue-count")).isGreaterThanOrEqualTo(1);
        LocatorJ._assertNone(Span.class, spec -> spec.withAttribute("data-testid", "empty-state"));

        @SuppressWarnings("unchecked")
        Grid<TeamQueue.GroupDepth> groups = byTestId(Grid.class, "groups");
        int row = rowOf(groups, g -> g.group().equals(group));
        TeamQueue.GroupDepth depth = GridKt._get(groups, row);
        assertThat(depth.open()).isEqualTo(3);
        assertThat(depth.overdue()).isEqualTo(1);
        assertThat(depth.byCheck()).containsExactlyInAnyOrderEntriesOf(Map.of("segmentation", 2L, "colour", 1L));
        assertThat(GridKt._getFormatted(groups, row, "open")).isEqualTo("3");
        assertThat(GridKt._getFormatted(groups, row, "oldest")).isEqualTo("3 h 12 min");
        Component reasons = GridKt._getCellComponent(groups, row, "checks");
        assertThat(LocatorJ._find(reasons, Span.class)).extracting(Span::getText)
                .containsExactly("Background removal unsure 2", "Colour uncertain 1");
        Span overdue = (Span) GridKt._getCellComponent(groups, row, "overdue");
        assertThat(overdue.getText()).isEqualTo("1");
        assertThat(overdue.getElement().getThemeList()).contains("badge", "error");

        @SuppressWarnings("unchecked")
        Grid<TeamQueue.Holder> holders = byTestId(Grid.class, "holders");
        int held = rowOf(holders, h -> h.assignee().equals(holder));
        assertThat(GridKt._getFormatted(holders, held, "open")).isEqualTo("1");
        Span heldOverdue = (Span) GridKt._getCellComponent(holders, held, "overdue");
        assertThat(heldOverdue.getText()).isEqualTo("0");
        assertThat(heldOverdue.getElement().getThemeList()).doesNotContain("error");
        assertThat(GridKt._get(holders, 0).assignee()).as("the unassigned pile comes first").isEqualTo(TeamQueue.UNASSIGNED);
        assertThat(GridKt._get(holders, 0).open()).isGreaterThanOrEqualTo(2);
        assertThat(view.shown().holders()).extracting(TeamQueue.Holder::assignee).contains(holder);
    }

    @Test
    void refreshesItselfWhenSomeoneClaimsATaskAndOnTheButton() {
        String id = open("claimed", "composition", Instant.now().minusSeconds(120), Instant.now().plus(Duration.ofHours(4)), null);
        login("manager");
        TeamQueueView view = navigate(TeamQueueView.class);
        assertThat(view.shown().holders()).extracting(TeamQueue.Holder::assignee).doesNotContain(holder);

        // a claim elsewhere (another person, another tab) reaches the open view through the task events
        service.claim(id, new TaskService.Worker(Actor.user(holder, List.of("RETOUCHER")), Set.of(group), false));
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() -> {
            MockVaadin.clientRoundtrip();
            assertThat(view.shown().holders()).extracting(TeamQueue.Holder::assignee).contains(holder);
        });

        open("later", "qc", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(4)), null);
        long before = depthOf(view).open();
        LocatorJ._click(byTestId(Button.class, "refresh"));
        assertThat(depthOf(view).open()).isEqualTo(before + 1);
        assertThat(depthOf(view).byCheck()).containsEntry("qc", 1L).containsEntry("composition", 1L);
    }

    @Test
    void retoucherIsNotShownTheTeamQueue() {
        login("retoucher");
        // Vaadin reroutes to its access-denied error view; Karibu's stand-in for that view may report it as a
        // failed navigation, which is the refusal we expect, so it is caught and checked, not required
        Throwable refusal = catchThrowable(() -> UI.getCurrent().navigate(TeamQueueView.class));
        if (refusal != null) {
            assertThat(refusal).hasStackTraceContaining("Access is denied");
        }
        // Karibu's locators refuse to search a UI that shows an error view, so the router's chain is asked
        assertThat(UI.getCurrent().getInternals().getActiveRouterTargetsChain())
                .noneMatch(TeamQueueView.class::isInstance);
    }

    @Test
    void agesReadAsAManagerSaysThem() {
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        assertThat(TeamQueueView.age(now.minusSeconds(30), now)).isEqualTo("under a minute");
        assertThat(TeamQueueView.age(now.minusSeconds(12 * 60 + 5), now)).isEqualTo("12 min");
        assertThat(TeamQueueView.age(now.minus(Duration.ofMinutes(3 * 60 + 12)), now)).isEqualTo("3 h 12 min");
        assertThat(TeamQueueView.age(now.minus(Duration.ofHours(53)), now)).isEqualTo("2 d 5 h");
    }

    private TeamQueue.GroupDepth depthOf(TeamQueueView view) {
        return view.shown().groups().stream().filter(g -> g.group().equals(group)).findFirst().orElseThrow();
    }

    private String open(String name, String check, Instant created, Instant due, String assignee) {
        String id = "tq-" + run + "-" + name;
        ReviewTask task = new ReviewTask(id, TaskKind.REVIEW, TaskKind.REVIEW.title(), "review-and-retouch", "img-" + id,
                "SKU-" + id, "brand-" + run, "amazon", List.of(group), assignee, ReviewTask.TaskState.OPEN,
                List.of("test task"), check, Map.of(check, 0.3), 0.3, 50, null, created, due,
                assignee == null ? null : created, null, null, null, null, List.of());
        assertThat(repository.createIfAbsent(task)).isTrue();
        return id;
    }

    private static long number(String testId) {
        return Long.parseLong(byTestId(Span.class, testId).getText());
    }

    private static <T> int rowOf(Grid<T> grid, java.util.function.Predicate<T> which) {
        for (int row = 0; row < GridKt._size(grid); row++) {
            if (which.test(GridKt._get(grid, row))) {
                return row;
            }
        }
        throw new AssertionError("no such row among " + GridKt._size(grid) + " rows");
    }
}
