package org.hospay.simulator.einvoice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal one-page PDF of a receipt (PDF 1.4, the standard Helvetica font, ASCII text): enough to print and to check. */
final class ReceiptPdf {

    private ReceiptPdf() {}

    static byte[] of(EInvoiceSim.Receipt r) {
        String amount = r.amountFen() / 100 + "." + String.format("%02d", r.amountFen() % 100);
        List<String> lines = List.of(r.original() == null ? "Medical e-invoice (simulated)" : "Medical e-invoice RED-FLUSH (simulated)",
                "Invoice code: " + r.invoiceCode(), "Invoice no: " + r.invoiceNo(), "Check code: " + r.checkCode(),
                "Amount: CNY " + amount, "Bill: " + ascii(r.billNo()), "Issued: " + r.issuedAt(),
                r.original() == null ? "" : "Red-flushes: " + r.original());
        StringBuilder text = new StringBuilder("BT /F1 14 Tf 50 780 Td 18 TL\n");
        for (String l : lines) text.append('(').append(l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")).append(") Tj T*\n");
        text.append("ET\n");
        String stream = text.toString();
        List<String> objects = new ArrayList<>(List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                "<< /Length " + stream.getBytes(StandardCharsets.US_ASCII).length + " >>\nstream\n" + stream + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int o : offsets) pdf.append(String.format("%010d 00000 n \n", o));
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        out.writeBytes(pdf.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String ascii(String s) {
        return s == null ? "" : s.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
