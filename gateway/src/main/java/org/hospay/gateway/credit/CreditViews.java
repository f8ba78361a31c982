package org.hospay.gateway.credit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import reactor.core.publisher.Mono;

/** What the mini-program and the terminals are shown of a credit account: line, available, bills, due dates, overdue, status. */
final class CreditViews {

    private CreditViews() {}

    record BillView(String consumptionId, String billNo, long amountFen, long refundedFen, long owedFen, String status,
                    OffsetDateTime occurredAt, LocalDate batchDate, LocalDate dueDate, boolean overdue) {}

    record AccountView(String cardNo, String patient, String status, String statusReason, String tier, long lineFen, long usedFen,
                       long availableFen, int overdueCount, List<BillView> bills) {}

    static Mono<AccountView> of(Account a, CreditStore store, ZoneId zone) {
        return store.consumptions(a.accountId(), 100)
                .map(c -> new BillView(c.consumptionId(), c.billNo(), c.amountFen(), c.refundedFen(), c.owedFen(), c.status(),
                        c.occurredAt().atZone(zone).toOffsetDateTime(), c.batchDate(), c.dueDate(), c.overdueCounted()))
                .collectList()
                .map(bills -> new AccountView(a.cardNo(), a.idMasked(), a.status(), a.statusReason(), a.tier(), a.lineFen(), a.usedFen(),
                        a.blacklisted() ? 0 : a.availableFen(), a.overdueCount(), bills));
    }
}
