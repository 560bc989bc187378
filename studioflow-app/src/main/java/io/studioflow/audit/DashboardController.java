package io.studioflow.audit;

import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The production dashboard's figures over REST, for managers, admins and auditors (see the security configuration). */
@RestController
class DashboardController {

    static final Duration DEFAULT_RANGE = Duration.ofDays(7);

    private final ProductionDashboard dashboard;

    DashboardController(ProductionDashboard dashboard) {
        this.dashboard = dashboard;
    }

    /**
     * {@code from} and {@code to} as an ISO date (a UTC day: its start for 'from', the next day's start for 'to') or
     * an instant; 'to' defaults to now and 'from' to seven days before 'to'.
     */
    @GetMapping("/api/dashboard")
    ProductionFigures dashboard(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                @RequestParam(required = false) String brand) {
        Instant end = blank(to) ? Instant.now() : AuditController.parse("to", to, true);
        Instant start = blank(from) ? end.minus(DEFAULT_RANGE) : AuditController.parse("from", from, false);
        return dashboard.figures(start, end, blank(brand) ? null : brand.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
