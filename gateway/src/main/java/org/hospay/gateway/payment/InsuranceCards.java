package org.hospay.gateway.payment;

import java.util.regex.Pattern;
import org.hospay.gateway.web.ApiException;

/**
 * The physical social-security card (社会保障卡) read by the window's card reader: its card number identifies the
 * insured person to the platform the way an e-voucher does (1101 with mdtrt_cert_type 03, no PIN), and the self-pay
 * part is paid with the payment code scanned with it, or presented afterwards (docs/api.md §6.1, §6.2).
 */
final class InsuranceCards {

    /** Card numbers are letters and digits (9 on the national card; regional cards vary). */
    private static final Pattern CARD_NO = Pattern.compile("[A-Za-z0-9]{6,20}");

    static final String KIND = "INSURANCE_CARD";

    private InsuranceCards() {}

    /** The card number as read, stripped; a malformed one is 400 {@code INVALID_INSURANCE_CARD_NO}. */
    static String checked(String raw) {
        String no = raw.strip();
        if (!CARD_NO.matcher(no).matches()) {
            throw ApiException.badRequest("INVALID_INSURANCE_CARD_NO", "insuranceCardNo must be 6-20 letters or digits");
        }
        return no.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The card as a payment source; {@code code} is the payment code scanned with it (null: the self-pay part waits for
     * one). Anything but a WeChat / Alipay / UnionPay payment code is 400 {@code PAYMENT_CODE_REQUIRED}.
     */
    static PaymentSource.Insured source(String cardNo, PaymentSource code) {
        if (code != null && !(code instanceof PaymentSource.ChannelCode)) {
            throw ApiException.badRequest("PAYMENT_CODE_REQUIRED", "with insuranceCardNo, scannedCode is the payment code for the "
                    + "self-pay part (WeChat, Alipay or UnionPay)");
        }
        PaymentSource.ChannelCode pay = (PaymentSource.ChannelCode) code;
        return new PaymentSource.Insured(KIND, InsurancePort.CertType.SOCIAL_SECURITY_CARD, cardNo, masked(cardNo),
                pay == null ? null : pay.method(), pay == null ? null : pay.authCode(), null, null, null);
    }

    static String masked(String cardNo) {
        return cardNo.substring(0, 2) + "****" + cardNo.substring(cardNo.length() - 2);
    }
}
