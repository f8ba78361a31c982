package org.hospay.gateway.inpatient;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hospay.inpatient.*} (docs/api.md §13): how long a discharge answers within before 202, the lease a discharge's
 * driver holds on its stay, how often recovery looks for unfinished stays, how many declined tries a deposit refund
 * gets and how long one may stay unconfirmed before it goes to the finance office's review list, and when a deposit
 * whose payment never appeared stops counting as in progress.
 */
@ConfigurationProperties("hospay.inpatient")
record InpatientProperties(Duration answerWithin, Duration lease, Duration recoveryInterval, Integer refundAttempts,
                           Duration reviewAfter, Duration depositAbandonedAfter) {

    InpatientProperties {
        if (answerWithin == null) answerWithin = Duration.ofSeconds(10);
        if (lease == null) lease = Duration.ofSeconds(30);
        if (recoveryInterval == null) recoveryInterval = Duration.ofSeconds(5);
        if (refundAttempts == null || refundAttempts < 1) refundAttempts = 3;
        if (reviewAfter == null) reviewAfter = Duration.ofMinutes(10);
        if (depositAbandonedAfter == null) depositAbandonedAfter = Duration.ofMinutes(2);
    }
}
