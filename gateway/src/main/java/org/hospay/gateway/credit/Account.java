package org.hospay.gateway.credit;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** A credit account as stored: one enrolled hospital card, its line and what is used of it. */
record Account(UUID accountId, String hospitalId, String cardNo, String userId, byte[] idEnc, String idHash, String idMasked,
               String customerNo, String tier, long lineFen, long usedFen, String status, String statusReason,
               int overdueCount, int onTimeCount, Instant consentedAt, Instant createdAt) {

    static final String ACTIVE = "ACTIVE";
    static final String BLACKLISTED = "BLACKLISTED";

    long availableFen() {
        return Math.max(0, lineFen - usedFen);
    }

    boolean blacklisted() {
        return BLACKLISTED.equals(status);
    }

    static Account of(Readable r) {
        return new Account(r.get("account_id", UUID.class), r.get("hospital_id", String.class), r.get("card_no", String.class),
                r.get("user_id", String.class), r.get("id_enc", byte[].class), r.get("id_hash", String.class), r.get("id_masked", String.class),
                r.get("customer_no", String.class), r.get("tier", String.class), r.get("line_fen", Long.class), r.get("used_fen", Long.class),
                r.get("status", String.class), r.get("status_reason", String.class), r.get("overdue_count", Integer.class),
                r.get("on_time_count", Integer.class), r.get("consented_at", Instant.class), r.get("created_at", Instant.class));
    }
}
