package io.studioflow.review.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.review.TaskChecks;
import io.studioflow.review.TaskEvents;
import io.studioflow.review.TaskService;
import io.studioflow.review.TeamQueue;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The team's open work as a manager watches it: how deep each group's queue is and why, how old the oldest
 * task is, what is past its service level, and who holds what. Updates itself whenever a task changes.
 */
@Route("team")
@PageTitle("Team queue · Studioflow")
@RolesAllowed({"MANAGER", "ADMIN"})
public class TeamQueueView extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(TeamQueueView.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final TaskService tasks;
    private final TaskEvents events;
    private final TaskService.Worker manager;

    private final Span openCount = new Span();
    private final Span overdueCount = new Span();
    private final Span oldestAge = new Span();
    private final Span updatedAt = new Span();
    private final Span emptyState = new Span("The team has no open work: every task is done.");
    private final Grid<TeamQueue.GroupDepth> groups = new Grid<>();
    private final Grid<TeamQueue.Holder> holders = new Grid<>();

    /** Set while a refresh caused by task events is queued, so a burst of changes costs one query. */
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private TaskEvents.Subscription subscription;
    private TeamQueue shown;

    public TeamQueueView(TaskService tasks, TaskEvents events) {
        this.tasks = tasks;
        this.events = events;
        this.manager = TaskService.Worker.of(SecurityContextHolder.getContext().getAuthentication());
        setSizeFull();

        H2 title = new H2("Team queue");
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> refresh());
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        testId(refresh, "refresh");
        updatedAt.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        testId(updatedAt, "updated-at");
        HorizontalLayout header = new HorizontalLayout(title, updatedAt, refresh);
        header.setWidthFull();
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        refresh.getStyle().set("margin-left", "auto");

        FlexLayout cards = new FlexLayout(
                card("Open tasks", openCount, "open-count"),
                card("Past due (SLA breached)", overdueCount, "overdue-count"),
                card("Oldest open task", oldestAge, "oldest-age"));
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.getStyle().set("gap", "var(--lumo-space-m)");
        testId(cards, "summary");

        emptyState.getStyle().set("color", "var(--lumo-secondary-text-color)");
        testId(emptyState, "empty-state");

        configureGroups();
        configureHolders();
        H3 groupsTitle = new H3("Queues by group");
        H3 holdersTitle = new H3("Who holds what");
        for (H3 h : List.of(groupsTitle, holdersTitle)) {
            h.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "var(--lumo-space-s) 0 0 0");
        }
        add(header, cards, emptyState, groupsTitle, groups, holdersTitle, holders);
        setFlexGrow(1, groups);
        setFlexGrow(1, holders);
        refresh();
    }

    /** Reads the team queue again and shows it. */
    public void refresh() {
        show(tasks.teamQueue(manager));
    }

    /** What the view shows now; null before the first read. */
    public TeamQueue shown() {
        return shown;
    }

    private void show(TeamQueue queue) {
        shown = queue;
        openCount.setText(Long.toString(queue.totalOpen()));
        overdueCount.setText(Long.toString(queue.totalOverdue()));
        overdueCount.getStyle().set("color", queue.totalOverdue() > 0 ? "var(--lumo-error-text-color)" : null);
        Instant oldest = queue.groups().stream().map(TeamQueue.GroupDepth::oldestCreatedAt)
                .filter(java.util.Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        oldestAge.setText(oldest == null ? "–" : age(oldest, queue.at()));
        updatedAt.setText("as of " + CLOCK.format(queue.at()));
        emptyState.setVisible(queue.totalOpen() == 0);
        groups.setItems(queue.groups());
        holders.setItems(queue.holders().stream()
                // the unassigned pile first, then whoever holds the most
                .sorted(Comparator.comparing((TeamQueue.Holder h) -> !TeamQueue.UNASSIGNED.equals(h.assignee()))
                        .thenComparing(TeamQueue.Holder::open, Comparator.reverseOrder())
                        .thenComparing(TeamQueue.Holder::assignee))
                .toList());
    }

    private void configureGroups() {
        testId(groups, "groups");
        groups.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        groups.addColumn(TeamQueue.GroupDepth::group).setHeader("Group").setKey("group").setAutoWidth(true).setFlexGrow(0);
        groups.addColumn(TeamQueue.GroupDepth::open).setHeader("Open").setKey("open").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        groups.addColumn(new ComponentRenderer<>(TeamQueueView::checkBadges)).setHeader("Why they are here")
                .setKey("checks").setFlexGrow(1);
        groups.addColumn(g -> g.oldestCreatedAt() == null ? "–" : age(g.oldestCreatedAt(), shown.at()))
                .setHeader("Oldest").setKey("oldest").setAutoWidth(true).setFlexGrow(0);
        groups.addColumn(new ComponentRenderer<>(g -> overdueBadge(g.overdue()))).setHeader("Past due").setKey("overdue")
                .setAutoWidth(true).setFlexGrow(0);
        groups.setEmptyStateText("No group has open tasks.");
        groups.setAllRowsVisible(true);
    }

    private void configureHolders() {
        testId(holders, "holders");
        holders.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        holders.addColumn(TeamQueue.Holder::assignee).setHeader("Held by").setKey("assignee").setFlexGrow(1);
        holders.addColumn(TeamQueue.Holder::open).setHeader("Open").setKey("open").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        holders.addColumn(new ComponentRenderer<>(h -> overdueBadge(h.overdue()))).setHeader("Past due").setKey("overdue")
                .setAutoWidth(true).setFlexGrow(0);
        holders.setEmptyStateText("Nobody holds an open task.");
        holders.setAllRowsVisible(true);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        subscription = events.subscribe(change -> refreshLater(ui));
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        super.onDetach(detachEvent);
    }

    /**
     * Runs the query off the thread that changed the task (often a request claiming it, which must not wait
     * for this view) and hands the result to the UI.
     */
    private void refreshLater(UI ui) {
        if (!refreshQueued.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            refreshQueued.set(false);
            try {
                TeamQueue queue = tasks.teamQueue(manager);
                ui.access(() -> show(queue));
            } catch (UIDetachedException e) {
                // the tab closed while we read
            } catch (RuntimeException e) {
                log.warn("could not refresh the team queue: {}", e.getMessage());
            }
        });
    }

    /** "Background removal unsure 12", one small badge per reason, the deepest first. */
    static Component checkBadges(TeamQueue.GroupDepth group) {
        Div badges = new Div();
        badges.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-xs)");
        group.byCheck().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> {
                    Span badge = new Span(TaskChecks.label(entry.getKey()) + " " + entry.getValue());
                    badge.getElement().getThemeList().add("badge contrast small");
                    badge.getElement().setAttribute("data-testid", "check-" + entry.getKey());
                    badges.add(badge);
                });
        return badges;
    }

    /** The count, red when anything is past due. */
    static Span overdueBadge(long overdue) {
        Span badge = new Span(Long.toString(overdue));
        badge.getElement().getThemeList().add(overdue > 0 ? "badge error" : "badge success");
        badge.getElement().setAttribute("data-testid", "overdue");
        return badge;
    }

    /** How long ago, in the words a manager reads: "under a minute", "12 min", "3 h 12 min", "2 d 5 h". */
    static String age(Instant since, Instant now) {
        Duration age = Duration.between(since, now);
        if (age.isNegative() || age.toMinutes() < 1) {
            return "under a minute";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min";
        }
        if (age.toDays() < 1) {
            return age.toHours() + " h " + age.toMinutesPart() + " min";
        }
        return age.toDays() + " d " + age.toHoursPart() + " h";
    }

    private static Div card(String label, Span value, String testId) {
        Span caption = new Span(label);
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        value.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        testId(value, testId);
        Div card = new Div(caption, value);
        card.getStyle().set("display", "flex").set("flex-direction", "column")
                .set("padding", "var(--lumo-space-m)").set("min-width", "12em")
                .set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-base-color)");
        return card;
    }

    private static void testId(Component component, String id) {
        component.getElement().setAttribute("data-testid", id);
    }
}
