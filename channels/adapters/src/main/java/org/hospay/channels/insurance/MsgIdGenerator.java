package org.hospay.channels.insurance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sender message ids for the national platform: fixmedins_code(12) + yyyyMMddHHmmss(14, Beijing
 * time) + seq(4) = 30 characters. The first seq digit is this instance's node (0–9), the other three
 * count within the second, so two gateway instances of one hospital never collide as long as their
 * node ids differ; 1,000 ids per second per node. With {@code nodeDigits} 2 the first two seq digits are
 * the node (0–99) and two count: 100 instances, 100 ids per second each. Every instance of a hospital must
 * use the same width (node 1 of width 1 and node 12 of width 2 would share ids). A burst beyond that borrows the next second (ids
 * stay unique and increasing, and run ahead of the clock for a moment); the database's unique
 * constraint on msgid stays the last guard, e.g. against a restart inside a borrowed second.
 */
public final class MsgIdGenerator {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(BEIJING);

    private final String fixmedinsCode;
    private final String node;
    private final int perSecond;
    private final String counterFormat;
    private final Clock clock;
    /** epochSecond * 1000 + counter of the last id handed out. */
    private final AtomicLong last = new AtomicLong();

    public MsgIdGenerator(String fixmedinsCode, int node, Clock clock) {
        this(fixmedinsCode, node, 1, clock);
    }

    /** @param nodeDigits 1 (nodes 0–9, 1,000 ids a second each) or 2 (nodes 0–99, 100 a second each) */
    public MsgIdGenerator(String fixmedinsCode, int node, int nodeDigits, Clock clock) {
        if (fixmedinsCode == null || fixmedinsCode.length() != 12)
            throw new IllegalArgumentException("fixmedins_code must be 12 characters: " + fixmedinsCode);
        if (nodeDigits != 1 && nodeDigits != 2) throw new IllegalArgumentException("nodeDigits must be 1 or 2: " + nodeDigits);
        int nodes = nodeDigits == 1 ? 10 : 100;
        if (node < 0 || node >= nodes) throw new IllegalArgumentException("node must be 0-" + (nodes - 1) + ": " + node);
        this.fixmedinsCode = fixmedinsCode;
        this.node = String.format("%0" + nodeDigits + "d", node);
        this.perSecond = nodeDigits == 1 ? 1000 : 100;
        this.counterFormat = "%0" + (4 - nodeDigits) + "d";
        this.clock = clock;
    }

    public String next() {
        long now = clock.instant().getEpochSecond() * perSecond;
        long v = last.updateAndGet(prev -> prev < now ? now : prev + 1);
        long second = v / perSecond;
        long counter = v % perSecond;
        return fixmedinsCode + SECOND.format(Instant.ofEpochSecond(second)) + node + String.format(counterFormat, counter);
    }

    /** Whether a string has the msgid shape (30 characters, the time part all digits). */
    public static boolean wellFormed(String msgid) {
        if (msgid == null || msgid.length() != 30) return false;
        for (int i = 12; i < 30; i++) {
            if (!Character.isDigit(msgid.charAt(i))) return false;
        }
        return true;
    }
}
