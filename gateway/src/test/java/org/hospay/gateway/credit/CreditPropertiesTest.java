package org.hospay.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreditPropertiesTest {

    private static final CreditProperties PROPS = new CreditProperties("h", 100_000, 5_000_000, 7, 5, 3, 3, 100_000,
            Duration.ofSeconds(60), null, Duration.ofSeconds(30), Duration.ofMinutes(5), ZoneId.of("Asia/Shanghai"), null,
            Map.of("310", 500_000L, "390", 200_000L), Map.of(300_000L, 1_000_000L, 1_000_000L, 2_000_000L),
            new CreditProperties.Bank(URI.create("http://localhost"), true, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2)));

    @Test
    void theHighestBalanceTierReachedCountsWhenAboveTheInsuredTypesLine() {
        assertThat(PROPS.insuredLine("310", 0)).isEqualTo(500_000);
        assertThat(PROPS.insuredLine("310", 299_999)).isEqualTo(500_000);
        assertThat(PROPS.insuredLine("390", 300_000)).isEqualTo(1_000_000);
        assertThat(PROPS.insuredLine("310", 1_000_000)).isEqualTo(2_000_000);
    }

    @Test
    void noInsuranceGivesNoLineWhateverTheBalance() {
        assertThat(PROPS.insuredLine(null, 5_000_000)).isZero();
        assertThat(PROPS.insuredLine("999", 0)).as("an insured type the hospital does not list").isZero();
    }
}
