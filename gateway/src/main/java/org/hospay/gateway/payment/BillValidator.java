package org.hospay.gateway.payment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hospay.channels.Money;
import org.hospay.gateway.web.ApiException;

/**
 * Turns a received bill into a {@link Bill} or a 400 with a specific code: parse, don't validate.
 * Pure; runs before anything is written, so a refused bill leaves no trace.
 */
public final class BillValidator {

    static final int MAX_ITEMS = 200;
    /** 10 million CNY: far above any outpatient bill, far below overflow when summing 200 items. */
    static final long MAX_FEN = 1_000_000_000L;
    private static final Pattern BILL_NO = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern ITEM_CODE = Pattern.compile("^[\\x21-\\x7E]{1,64}$");

    private BillValidator() {}

    public static Bill validate(String billNo, String medType, List<PaymentRequest.Item> items, BigDecimal totalFen) {
        if (billNo == null || !BILL_NO.matcher(billNo).matches()) {
            throw bad("INVALID_BILL_NO", "billNo must be 1-64 characters of letters, digits, '-' or '_'", "billNo");
        }
        Bill.MedType type = parseMedType(medType);
        if (items == null || items.isEmpty()) throw bad("INVALID_ITEMS", "items must list at least one item", "items");
        if (items.size() > MAX_ITEMS) throw bad("INVALID_ITEMS", "a bill has at most " + MAX_ITEMS + " items", "items");
        Money total = amount(totalFen, "totalFen");
        if (total.isZero()) throw bad("INVALID_AMOUNT", "totalFen must be greater than 0", "totalFen");

        List<Bill.Line> lines = new ArrayList<>(items.size());
        long sum = 0;
        for (int i = 0; i < items.size(); i++) {
            PaymentRequest.Item item = items.get(i);
            String at = "items[" + i + "]";
            if (item == null) throw bad("INVALID_ITEMS", at + " is null", at);
            if (item.code() == null || !ITEM_CODE.matcher(item.code()).matches()) throw bad("INVALID_ITEMS", at + ".code must be 1-64 visible characters", at + ".code");
            if (item.name() == null || item.name().isBlank() || item.name().length() > 100) throw bad("INVALID_ITEMS", at + ".name must be 1-100 characters", at + ".name");
            Bill.Category category = parseCategory(item.category(), at);
            long quantity = quantity(item.quantity(), at + ".quantity");
            Money price = amount(item.priceFen(), at + ".priceFen");
            Money amount = amount(item.amountFen(), at + ".amountFen");
            if (Math.multiplyHigh(quantity, price.fen()) != 0 || quantity * price.fen() != amount.fen()) {
                throw ApiException.badRequest("AMOUNT_MISMATCH",
                        at + ".amountFen must equal quantity x priceFen",
                        Map.of("field", at + ".amountFen", "expected", quantity * price.fen(), "actual", amount.fen()));
            }
            sum += amount.fen();
            lines.add(new Bill.Line(item.code(), item.name().strip(), category, quantity, price, amount));
        }
        if (sum != total.fen()) {
            throw ApiException.badRequest("AMOUNT_MISMATCH",
                    "totalFen must equal the sum of the items' amountFen",
                    Map.of("field", "totalFen", "expected", sum, "actual", total.fen()));
        }
        return new Bill(billNo, type, List.copyOf(lines), total);
    }

    static Money amount(BigDecimal value, String field) {
        if (value == null) throw bad("INVALID_AMOUNT", field + " is required", field);
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() > 0) throw bad("INVALID_AMOUNT", field + " must be a whole number of fen", field);
        if (v.signum() < 0) throw bad("INVALID_AMOUNT", field + " must not be negative", field);
        if (v.compareTo(BigDecimal.valueOf(MAX_FEN)) > 0) throw bad("INVALID_AMOUNT", field + " exceeds " + MAX_FEN + " fen", field);
        return Money.ofFen(v.longValueExact());
    }

    private static long quantity(BigDecimal value, String field) {
        if (value == null) throw bad("INVALID_QUANTITY", field + " is required", field);
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() > 0 || v.signum() <= 0 || v.compareTo(BigDecimal.valueOf(100_000)) > 0) {
            throw bad("INVALID_QUANTITY", field + " must be a whole number from 1 to 100000", field);
        }
        return v.longValueExact();
    }

    private static Bill.MedType parseMedType(String medType) {
        if (medType == null) return Bill.MedType.OUTPATIENT;
        var open = java.util.EnumSet.complementOf(java.util.EnumSet.of(Bill.MedType.INPATIENT));
        for (Bill.MedType t : open) if (t.name().equals(medType)) return t;
        throw bad("INVALID_MED_TYPE", "medType must be one of " + open, "medType");
    }

    private static Bill.Category parseCategory(String category, String at) {
        if (category != null) for (Bill.Category c : Bill.Category.values()) if (c.name().equals(category)) return c;
        throw bad("INVALID_CATEGORY", at + ".category must be one of " + List.of(Bill.Category.values()), at + ".category");
    }

    private static ApiException bad(String code, String message, String field) {
        return ApiException.badRequest(code, message, Map.of("field", field));
    }
}
