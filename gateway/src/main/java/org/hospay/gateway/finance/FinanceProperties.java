package org.hospay.gateway.finance;

import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hospay.finance.*}: when the daily reconciliation runs (Beijing time by default: the channels'
 * statements are cut at Beijing midnight), and whether it runs on its own at all.
 */
@ConfigurationProperties("hospay.finance")
public record FinanceProperties(Boolean reconcileDaily, LocalTime reconcileAt, ZoneId zone) {

    public FinanceProperties {
        if (reconcileDaily == null) reconcileDaily = true;
        if (reconcileAt == null) reconcileAt = LocalTime.of(2, 0);
        if (zone == null) zone = ZoneId.of("Asia/Shanghai");
    }
}
