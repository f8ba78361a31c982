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

    /** The line as a cashier may read it out: the card only masked. */
    record LineView(String cardNo, String status, long lineFen, long availableFen, int overdueCount) {}

    /**
     * A credit leg: {@code batchDate} the night's batch that takes (or took) it; {@code dueDate} the day it must be
     * repaid by if the bank cannot deduct it (the actual due date once it is owed).
     */
    record LegView(String consumptionId, String billNo, long amountFen, long refundedFen, long owedFen, String status,
                   LocalDate batchDate, LocalDate dueDate, boolean overdue, LineView line) {}

    static LegView leg(Consumption c, Account a, CreditProperties props) {
        LocalDate batch = c.batchDate() != null ? c.batchDate() : c.businessDate();
        LocalDate due = c.dueDate() != null ? c.dueDate() : batch.plusDays(props.repayDays());
        LineView line = new LineView(CreditIdentity.mask(a.cardNo()), a.status(), a.lineFen(), a.blacklisted() ? 0 : a.availableFen(),
                a.overdueCount());
        return new LegView(c.consumptionId(), c.billNo(), c.amountFen(), c.refundedFen(), c.owedFen(), c.status(), batch, due,
                c.overdueCounted(), line);
    }

    static Mono<AccountView> of(Account a, CreditStore store, ZoneId zone) {
        return store.consumptions(a.accountId(), 100)
                .map(c -> new BillView(c.consumptionId(), c.billNo(), c.amountFen(), c.refundedFen(), c.owedFen(), c.status(),
                        c.occurredAt().atZone(zone).toOffsetDateTime(), c.batchDate(), c.dueDate(), c.overdueCounted()))
                .collectList()
                .map(bills -> new AccountView(a.cardNo(), a.idMasked(), a.status(), a.statusReason(), a.tier(), a.lineFen(), a.usedFen(),
                        a.blacklisted() ? 0 : a.availableFen(), a.overdueCount(), bills));
    }
}
