package io.studioflow.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the production dashboard prices work at, and what it compares Studioflow with.
 *
 * @param computeCostPerHour         cost of one hour of a worker's step time (machine and model), in {@code currency}
 * @param humanCostPerHour           cost of one hour of a person's task time (claim to decision)
 * @param currency                   ISO code shown beside every amount
 * @param traditionalCostMin         a traditional studio's price per product, low end
 * @param traditionalCostMax         the same, high end
 * @param traditionalTurnaroundDaysMin a traditional studio's turnaround in days, low end
 * @param traditionalTurnaroundDaysMax the same, high end
 * @param baselineWeeks              how many weeks from the first upload form the baseline quality is compared with
 */
@ConfigurationProperties("studioflow.dashboard")
public record DashboardProperties(@DefaultValue("0.20") double computeCostPerHour,
                                  @DefaultValue("30") double humanCostPerHour,
                                  @DefaultValue("USD") String currency,
                                  @DefaultValue("25") double traditionalCostMin,
                                  @DefaultValue("150") double traditionalCostMax,
                                  @DefaultValue("3") double traditionalTurnaroundDaysMin,
                                  @DefaultValue("10") double traditionalTurnaroundDaysMax,
                                  @DefaultValue("2") int baselineWeeks) {

    public DashboardProperties {
        if (computeCostPerHour < 0 || humanCostPerHour < 0 || traditionalCostMin < 0 || traditionalCostMax < traditionalCostMin
                || traditionalTurnaroundDaysMin < 0 || traditionalTurnaroundDaysMax < traditionalTurnaroundDaysMin) {
            throw new IllegalArgumentException("studioflow.dashboard: rates and costs must not be negative, and each "
                    + "'max' must be at least its 'min'");
        }
        if (baselineWeeks < 1) {
            throw new IllegalArgumentException("studioflow.dashboard.baseline-weeks must be 1 or more, was " + baselineWeeks);
        }
    }
}
