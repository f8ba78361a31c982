package org.hospay.gateway.it;

import java.util.UUID;

/** Bill bodies as a window sends them (docs/api.md §6.1). */
public final class Bills {

    private Bills() {}

    public static String newBillNo() {
        return "B" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
    }

    /** A two-line bill of 53.50 CNY: a drug and a lab test. */
    public static String bill(String billNo, String scannedCode) {
        return """
                {"billNo":"%s","scannedCode":"%s","medType":"OUTPATIENT",
                 "items":[{"code":"X001","name":"阿莫西林胶囊","category":"DRUG","quantity":2,"priceFen":1175,"amountFen":2350},
                          {"code":"L201","name":"血常规","category":"LAB","quantity":1,"priceFen":3000,"amountFen":3000}],
                 "totalFen":5350}""".formatted(billNo, scannedCode);
    }

    /** A one-line bill of {@code fen}. */
    public static String bill(String billNo, String scannedCode, String category, long fen) {
        return """
                {"billNo":"%s","scannedCode":"%s","medType":"OUTPATIENT",
                 "items":[{"code":"T%d","name":"诊疗项目","category":"%s","quantity":1,"priceFen":%d,"amountFen":%d}],
                 "totalFen":%d}""".formatted(billNo, scannedCode, fen, category, fen, fen, fen);
    }

    public static final long TOTAL = 5350;
}
