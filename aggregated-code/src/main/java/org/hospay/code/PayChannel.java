package org.hospay.code;

/** The self-pay channels a payment code or an aggregated code can name. */
public enum PayChannel {
    WECHAT('W'),
    ALIPAY('A'),
    UNIONPAY('U');

    private final char letter;

    PayChannel(char letter) {
        this.letter = letter;
    }

    /** The one-letter form used inside an {@code HSA1} code (see README). */
    char letter() {
        return letter;
    }

    static PayChannel fromLetter(char letter) {
        return switch (letter) {
            case 'W' -> WECHAT;
            case 'A' -> ALIPAY;
            case 'U' -> UNIONPAY;
            default -> null;
        };
    }
}
