package org.hospay.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hospay.gateway.it.GatewayIntegrationTest;
import org.hospay.gateway.payment.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The msgid node is leased from PostgreSQL, never set by hand: instances starting at once (here twenty, each with
 * its own identity, beside the gateway of this context) all get different nodes, past the ten of one digit when
 * {@code node-digits} is 2; a node held by a live instance cannot be taken, not even by pinning it; a node whose
 * lease ran out (its instance died) is free again, and one kept renewed is not.
 */
class InstanceNodeIT extends GatewayIntegrationTest {

    @Autowired
    InstanceNode mine;

    private final List<InstanceNode> started = new ArrayList<>();

    @AfterEach
    void releaseNodes() {
        started.forEach(InstanceNode::destroy);
    }

    private InstanceNode start(Duration lease, Integer fixed) {
        InstanceNode n = new InstanceNode(db, new Identity(), event -> { }, new SimpleMeterRegistry(), 2, lease, fixed);
        started.add(n);
        return n;
    }

    @Test
    void twentyInstancesStartingAtOnceEachLeaseADifferentNode() throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<InstanceNode>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) all.add(CompletableFuture.supplyAsync(() -> new InstanceNode(db, new Identity(), event -> { },
                    new SimpleMeterRegistry(), 2, Duration.ofSeconds(30), null), starting));
            List<Integer> nodes = new ArrayList<>();
            for (var f : all) {
                InstanceNode n = f.get();
                started.add(n);
                nodes.add(n.node());
            }
            assertThat(nodes).doesNotHaveDuplicates().doesNotContain(mine.node()).allSatisfy(n -> assertThat(n).isBetween(0, 99));
            assertThat(nodes.stream().filter(n -> n > 9)).as("more than ten instances: two-digit nodes").isNotEmpty();
            assertThat(mine.digits()).isEqualTo(2);
        } finally {
            starting.shutdownNow();
        }
    }

    @Test
    void aNodeHeldByALiveInstanceCannotBeTakenNotEvenByPinningIt() {
        InstanceNode holder = start(Duration.ofSeconds(30), null);
        assertThatThrownBy(() -> start(Duration.ofSeconds(30), holder.node()))
                .hasMessageContaining("msgid node " + holder.node()).hasMessageContaining("held by another live instance");
        assertThatThrownBy(() -> start(Duration.ofSeconds(30), mine.node())).hasMessageContaining("held by another live instance");
    }

    @Test
    void aDeadInstancesNodeIsFreeOnceItsLeaseRanOutAndARenewedOneIsNot() {
        InstanceNode dead = start(Duration.ofSeconds(1), null);
        InstanceNode alive = start(Duration.ofSeconds(1), null);     // renews every third of its lease
        dead.crash();                                               // stops renewing, gives nothing back
        sleep(Duration.ofMillis(1_600));
        assertThat(start(Duration.ofSeconds(30), dead.node()).node()).as("the dead instance's node, pinned").isEqualTo(dead.node());
        assertThatThrownBy(() -> start(Duration.ofSeconds(30), alive.node())).hasMessageContaining("held by another live instance");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
