package org.hospay.simulator.wallet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.simulator.wire.Channel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Wallets and the payment codes (付款码) they show, shared by the WeChat, Alipay and UnionPay
 * simulators. Codes follow each vendor's routing rules (WeChat 18 digits 10–15, Alipay 16–24 digits
 * 25–30, UnionPay 19 digits 62), expire, and pay once: a second order on a used code is refused the
 * way the vendor refuses it, while the same order number is the vendor's idempotent retry.
 */
@Component
public class Wallets {

    /** The channels whose payment codes wallets show. */
    public static final Set<Channel> CODE_CHANNELS = EnumSet.of(Channel.WECHAT, Channel.ALIPAY, Channel.UNIONPAY);

    /** Why a code cannot pay a new order. */
    public enum CodeProblem { UNKNOWN, EXPIRED, USED }

    /** A code resolved for an order: its wallet, or why it cannot pay. */
    public record Resolution(Wallet wallet, CodeProblem problem) {
        public boolean usable() {
            return problem == null;
        }
    }

    private record Code(String walletId, Instant expiresAt, String usedBy) {}

    private final Map<String, Wallet> wallets = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Clock clock;
    private final Duration codeValidity;

    public Wallets(Clock clock, @Value("${sim.wallets.code-validity:10m}") Duration codeValidity) {
        this.clock = clock;
        this.codeValidity = codeValidity;
    }

    public static String channel(String name) {
        String c = name == null ? "" : name.toUpperCase(Locale.ROOT);
        for (Channel channel : CODE_CHANNELS) if (channel.name().equals(c)) return c;
        throw new IllegalArgumentException("channel must be WECHAT, ALIPAY or UNIONPAY, was " + name);
    }

    /** A new wallet with one fresh code. */
    public Wallet create(String channel, long balanceFen, Wallet.Behavior behavior, Wallet.Script script) {
        if (balanceFen < 0) throw new IllegalArgumentException("balanceFen must be >= 0");
        String c = channel(channel);
        long n = seq.incrementAndGet();
        String account = switch (Channel.valueOf(c)) {
            case WECHAT -> "oSIM" + String.format("%024d", n);
            case ALIPAY -> "2088" + String.format("%012d", n);
            case UNIONPAY -> "UP" + String.format("%014d", n);
            case INSURANCE, BANK, COMMERCIAL, EHEALTH -> throw new IllegalArgumentException("no wallets on " + c);
        };
        Wallet w = new Wallet("W" + String.format("%010d", n), c, account,
                behavior == null ? Wallet.Behavior.OK : behavior, script == null ? Wallet.Script.DEFAULT : script,
                new AtomicLong(balanceFen));
        wallets.put(w.walletId(), w);
        return w;
    }

    /** The wallet of a customer account at a channel (an in-app order names its payer by account: openid, buyer_id). */
    public Optional<Wallet> byAccount(String channel, String accountId) {
        return wallets.values().stream().filter(w -> w.channel().equals(channel) && w.accountId().equals(accountId)).findFirst();
    }

    public Optional<Wallet> wallet(String walletId) {
        return Optional.ofNullable(wallets.get(walletId));
    }

    /** A fresh payment code of the wallet, valid for the configured time (the app refreshes its code). */
    public String newCode(Wallet wallet) {
        while (true) {
            String code = randomCode(wallet.channel());
            if (codes.putIfAbsent(code, new Code(wallet.walletId(), clock.instant().plus(codeValidity), null)) == null) {
                return code;
            }
        }
    }

    /**
     * The wallet a code pays from for order {@code orderNo}, claiming the code for that order. The
     * same order again resolves to the same wallet (a retry); another order on a used code is USED.
     */
    public Resolution claim(String code, String orderNo) {
        Code c = codes.get(code);
        if (c == null) return new Resolution(null, CodeProblem.UNKNOWN);
        Wallet w = wallets.get(c.walletId());
        if (orderNo.equals(c.usedBy())) return new Resolution(w, null);
        if (c.usedBy() != null) return new Resolution(w, CodeProblem.USED);
        if (!clock.instant().isBefore(c.expiresAt()) || w.behavior() == Wallet.Behavior.EXPIRED) {
            return new Resolution(w, CodeProblem.EXPIRED);
        }
        Code claimed = new Code(c.walletId(), c.expiresAt(), orderNo);
        if (codes.replace(code, c, claimed)) return new Resolution(w, null);
        return claim(code, orderNo); // lost a race with another order on the same code: look again
    }

    private static String randomCode(String channel) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return switch (Channel.valueOf(channel)) {
            case WECHAT -> wechatCode(r);
            case ALIPAY -> (25 + r.nextInt(6)) + digits(r, 16);
            case UNIONPAY -> "62" + digits(r, 17);
            case INSURANCE, BANK, COMMERCIAL, EHEALTH -> throw new IllegalArgumentException("no payment codes on " + channel);
        };
    }

    /**
     * An 18-digit WeChat code that is not also a well-formed ID number: prefixes 11-15 are North-China
     * regions, and the gateway reads a code that passes the ID check digit as an ID card. Real codes can
     * collide so; the simulator's test data keeps the two apart (about one code in eleven is drawn again).
     */
    private static String wechatCode(ThreadLocalRandom r) {
        String code;
        do {
            code = (10 + r.nextInt(6)) + digits(r, 16);
        } while (idCheckDigitHolds(code));
        return code;
    }

    /** GB 11643's check digit (ISO 7064 MOD 11-2) over the first 17 digits equals the 18th. */
    private static boolean idCheckDigitHolds(String eighteen) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (eighteen.charAt(i) - '0') * weights[i];
        return "10X98765432".charAt(sum % 11) == eighteen.charAt(17);
    }

    private static String digits(ThreadLocalRandom r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append((char) ('0' + r.nextInt(10)));
        return b.toString();
    }
}
