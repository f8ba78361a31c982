package org.hospay.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hospay.gateway.it.CreditIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An instance that stops gives the credit jobs' lease back: the next one runs them at once, not minutes later. */
class CreditJobsLeaseIT extends CreditIntegrationTest {

    @Autowired
    CreditJobs jobs;

    private Boolean heldNow() {
        return db.sql("SELECT lease_until > now() AS held FROM credit_lease WHERE name = :name").bind("name", CreditJobs.LEASE)
                .map(r -> r.get("held", Boolean.class)).one().block(Duration.ofSeconds(5));
    }

    @Test
    void aStoppingInstanceGivesTheJobsLeaseBack() {
        // Whichever test context ran the jobs last may still hold the lease: let it end, as it would in 5 minutes.
        db.sql("UPDATE credit_lease SET lease_until = now() - interval '1 second' WHERE name = :name").bind("name", CreditJobs.LEASE)
                .then().block(Duration.ofSeconds(5));
        assertThat(jobs.runNow(null).block(Duration.ofSeconds(60)).ran()).as("this instance takes the lease").isTrue();
        assertThat(heldNow()).isTrue();

        jobs.destroy();

        assertThat(heldNow()).as("given back at shutdown").isFalse();
        assertThat(jobs.runNow(null).block(Duration.ofSeconds(60)).ran()).as("and taken again by whoever runs next").isTrue();
    }
}
