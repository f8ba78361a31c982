package org.hospay.gateway.finance;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hospay.channels.Money;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The window shift close (日结): per window and operator, what was taken on the day by each method (fund,
 * personal account, WeChat, Alipay, UnionPay, family proxy, credit, commercial insurance), what was refunded,
 * and the counts. A payment counts for the operator who created it (the audit trail's PAYMENT_CREATE); a
 * refund for the operator who asked for it. Only payments that succeeded count (refunded ones included:
 * their refunds are shown as refunds).
 */
@Component
class ShiftClose {

    static final List<String> METHODS = List.of("FUND", "ACCOUNT", "WECHAT", "ALIPAY", "UNIONPAY", "FAMILY_PROXY", "CREDIT", "COMMERCIAL");

    /** One window and operator's totals, in fen. */
    record Line(String windowId, String operatorId, long payments, long totalFen, Map<String, Long> byMethodFen, long refunds, long refundedFen) {}

    private final DatabaseClient db;

    ShiftClose(DatabaseClient db) {
        this.db = db;
    }

    Mono<List<Line>> day(LocalDate day, String hospitalId) {
        var from = OurBooks.start(day);
        var to = OurBooks.start(day.plusDays(1));
        var payments = db.sql("""
                SELECT COALESCE(p.window_id, '-') AS w, COALESCE(NULLIF(a.operator_id, ''), '-') AS o, count(*) AS n, sum(p.total_fen) AS total,
                       sum(COALESCE(p.fund_pay_fen, 0)) AS fund, sum(COALESCE(p.account_pay_fen, 0)) AS account,
                       sum(COALESCE(p.commercial_pay_fen, 0)) AS commercial,
                       sum(COALESCE(p.self_pay_fen, 0)) FILTER (WHERE p.self_pay_method = 'WECHAT') AS wechat,
                       sum(COALESCE(p.self_pay_fen, 0)) FILTER (WHERE p.self_pay_method = 'ALIPAY') AS alipay,
                       sum(COALESCE(p.self_pay_fen, 0)) FILTER (WHERE p.self_pay_method = 'UNIONPAY') AS unionpay,
                       sum(COALESCE(p.self_pay_fen, 0)) FILTER (WHERE p.self_pay_method = 'FAMILY_PROXY') AS family,
                       sum(COALESCE(p.self_pay_fen, 0)) FILTER (WHERE p.self_pay_method = 'CREDIT') AS credit
                FROM payment p
                LEFT JOIN LATERAL (SELECT operator_id FROM audit_event e
                                   WHERE e.resource_id = p.payment_id::text AND e.action IN ('PAYMENT_CREATE', 'HIS_BILL') LIMIT 1) a ON TRUE
                WHERE p.hospital_id = :h AND p.created_at >= :from AND p.created_at < :to
                  AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
                GROUP BY 1, 2""")
                .bind("h", hospitalId).bind("from", from).bind("to", to)
                .map(r -> new Line(r.get("w", String.class), r.get("o", String.class), r.get("n", Long.class), num(r, "total"),
                        Map.of("FUND", num(r, "fund"), "ACCOUNT", num(r, "account"), "WECHAT", num(r, "wechat"), "ALIPAY", num(r, "alipay"),
                                "UNIONPAY", num(r, "unionpay"), "FAMILY_PROXY", num(r, "family"), "CREDIT", num(r, "credit"),
                                "COMMERCIAL", num(r, "commercial")), 0, 0))
                .all();
        var refunds = db.sql("""
                SELECT COALESCE(p.window_id, '-') AS w, COALESCE(NULLIF(r.requested_by_operator, ''), '-') AS o, count(*) AS n,
                       sum(r.amount_fen) AS fen
                FROM refund r JOIN payment p ON p.payment_id = r.payment_id
                WHERE p.hospital_id = :h AND r.created_at >= :from AND r.created_at < :to AND r.status = 'SUCCEEDED'
                GROUP BY 1, 2""")
                .bind("h", hospitalId).bind("from", from).bind("to", to)
                .map(r -> new Line(r.get("w", String.class), r.get("o", String.class), 0, 0, Map.of(), r.get("n", Long.class), num(r, "fen")))
                .all();
        return payments.concatWith(refunds).collect(TreeMap<String, Line>::new, (byKey, l) -> byKey.merge(l.windowId() + "\u0000" + l.operatorId(), l,
                        (a, b) -> new Line(a.windowId(), a.operatorId(), a.payments() + b.payments(), a.totalFen() + b.totalFen(),
                                a.byMethodFen().isEmpty() ? b.byMethodFen() : a.byMethodFen(), a.refunds() + b.refunds(), a.refundedFen() + b.refundedFen())))
                .map(byKey -> List.copyOf(byKey.values()));
    }

    /** The CSV export: one row per window and operator, amounts in yuan (exact, two decimals), then a total row. */
    static String csv(LocalDate day, List<Line> lines) {
        StringBuilder b = new StringBuilder("day,window,operator,payments,total");
        METHODS.forEach(m -> b.append(',').append(m.toLowerCase()));
        b.append(",refunds,refunded\r\n");
        long payments = 0, total = 0, refunds = 0, refunded = 0;
        Map<String, Long> sums = new TreeMap<>();
        for (Line l : lines) {
            b.append(day).append(',').append(cell(l.windowId())).append(',').append(cell(l.operatorId())).append(',')
                    .append(l.payments()).append(',').append(yuan(l.totalFen()));
            for (String m : METHODS) {
                long v = l.byMethodFen().getOrDefault(m, 0L);
                sums.merge(m, v, Long::sum);
                b.append(',').append(yuan(v));
            }
            b.append(',').append(l.refunds()).append(',').append(yuan(l.refundedFen())).append("\r\n");
            payments += l.payments();
            total += l.totalFen();
            refunds += l.refunds();
            refunded += l.refundedFen();
        }
        b.append(day).append(",ALL,ALL,").append(payments).append(',').append(yuan(total));
        for (String m : METHODS) b.append(',').append(yuan(sums.getOrDefault(m, 0L)));
        b.append(',').append(refunds).append(',').append(yuan(refunded)).append("\r\n");
        return b.toString();
    }

    private static long num(io.r2dbc.spi.Readable r, String column) {
        Number n = r.get(column, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static String yuan(long fen) {
        return Money.ofFen(fen).toYuan();
    }

    /** Ids are checked by the terminal registry; still, a cell never starts a formula or breaks the row. */
    private static String cell(String s) {
        String clean = s.replace(",", " ").replace("\r", " ").replace("\n", " ");
        return clean.matches("^[=+\\-@].*") && !clean.equals("-") ? "'" + clean : clean;
    }
}
