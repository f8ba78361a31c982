package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MsgIdGeneratorTest {

    static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T01:30:12Z"), ZoneOffset.UTC);

    @Test
    void aMsgidIsTheHospitalCodeBeijingSecondAndNodePlusCounter() {
        MsgIdGenerator ids = new MsgIdGenerator("H37020200001", 3, FIXED);

        assertThat(ids.next()).isEqualTo("H37020200001" + "20261124093012" + "3000");
        assertThat(ids.next()).isEqualTo("H37020200001" + "20261124093012" + "3001");
    }

    @Test
    void withTwoNodeDigitsAHundredInstancesEachCountAHundredASecondAndNeverMeet() {
        Set<String> seen = new HashSet<>();
        for (int node = 0; node < 100; node++) {
            MsgIdGenerator ids = new MsgIdGenerator("H37020200001", node, 2, FIXED);
            for (int i = 0; i < 150; i++) {
                String id = ids.next();
                assertThat(MsgIdGenerator.wellFormed(id)).isTrue();
                assertThat(seen.add(id)).as("node %d id %s", node, id).isTrue();
            }
        }
        assertThat(new MsgIdGenerator("H37020200001", 42, 2, FIXED).next()).isEqualTo("H37020200001" + "20261124093012" + "4200");
        assertThatThrownBy(() -> new MsgIdGenerator("H37020200001", 100, 2, FIXED)).hasMessageContaining("0-99");
        assertThatThrownBy(() -> new MsgIdGenerator("H37020200001", 10, FIXED)).hasMessageContaining("0-9");
    }

    @Test
    void aBurstBorrowsTheNextSecondAndStaysUnique() {
        MsgIdGenerator ids = new MsgIdGenerator("H37020200001", 0, FIXED);
        Set<String> seen = new HashSet<>();
        String last = null;
        for (int i = 0; i < 2_500; i++) {
            last = ids.next();
            assertThat(MsgIdGenerator.wellFormed(last)).isTrue();
            assertThat(seen.add(last)).isTrue();
        }
        assertThat(last).isEqualTo("H37020200001" + "20261124093014" + "0499");
    }

    @Test
    void badConfigurationIsNamed() {
        assertThatThrownBy(() -> new MsgIdGenerator("H370", 0, FIXED)).hasMessageContaining("H370");
        assertThatThrownBy(() -> new MsgIdGenerator("H37020200001", 10, FIXED)).hasMessageContaining("10");
    }
}
