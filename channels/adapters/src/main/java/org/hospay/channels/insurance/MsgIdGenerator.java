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
 * node ids differ; 1,000 ids per second per node. A burst beyond that borrows the next second (ids
 * stay unique and increasing, and run ahead of the clock for a moment); the database's unique
 * constraint on msgid stays the last guard, e.g. against a restart inside a borrowed second.
 */
public final class MsgIdGenerator {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(BEIJING);
    private static final int PER_SECOND = 1000;

    private final String fixmedinsCode;
    private final int node;
    private final Clock clock;
    /** epochSecond * 1000 + counter of the last id handed out. */
    private final AtomicLong last = new AtomicLong();

    public MsgIdGenerator(String fixmedinsCode, int node, Clock clock) {
        if (fixmedinsCode == null || fixmedinsCode.length() != 12)
            throw new IllegalArgumentException("fixmedins_code must be 12 characters: " + fixmedinsCode);
        if (node < 0 || node > 9) throw new IllegalArgumentException("node must be 0-9: " + node);
        this.fixmedinsCode = fixmedinsCode;
        this.node = node;
        this.clock = clock;
    }

    public String next() {
        long now = clock.instant().getEpochSecond() * PER_SECOND;
        long v = last.updateAndGet(prev -> prev < now ? now : prev + 1);
        long second = v / PER_SECOND;
        long counter = v % PER_SECOND;
        return fixmedinsCode + SECOND.format(Instant.ofEpochSecond(second)) + node + String.format("%03d", counter);
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
