package org.hospay.gateway.channel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.hospay.channels.Channel;
import org.hospay.channels.http.HttpTransport;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where each counterparty is and who we are to it. With {@code demo-keys: true} (demo mode only:
 * {@code DemoKeyGuard} refuses it elsewhere) an adapter uses the DEMO key pairs committed in
 * {@code channels/adapters} (they match the simulator); by default it is false and a hospital gives its
 * own identities and keys (by environment, never in git). Every base URL
 * defaults to {@code simulator-url}, so pointing one channel at the real vendor is one property.
 */
@Validated
@ConfigurationProperties("hospay.channels")
public record ChannelsProperties(
        @NotNull URI simulatorUrl,
        @Valid @NotNull Insurance insurance,
        @Valid @NotNull Wechat wechat,
        @Valid @NotNull Alipay alipay,
        @Valid @NotNull Unionpay unionpay,
        @Valid @NotNull Commercial commercial,
        @Valid @NotNull Ehealth ehealth,
        @Valid @NotNull Connections connections) {

    /**
     * Each counterparty's connection pool (one per channel). The calls in flight to a channel are its call rate times its
     * latency: a one-scan payment makes five insurance calls, so 20 payments a second at 500 ms a call hold 50
     * connections to the insurance platform. Past {@code max} a call waits for a connection (at most the channel's
     * connect timeout); past {@code waiting} it is refused at once. Either way nothing was sent and the payment fails as
     * CHANNEL_BUSY, to be paid again. The pools' gauges are {@code reactor_netty_connection_provider_*{name="hospay-<channel>"}}
     * (HospayChannelConnectionsExhausted in infra/observability/alert-rules.yml).
     *
     * @param max        connections to one counterparty at most
     * @param waiting    calls to one counterparty that may wait for a connection
     * @param maxIdle    a connection unused this long is closed, before the counterparty's keep-alive closes it under a request
     * @param perChannel a channel's own {@code max}, where its counterparty allows fewer connections or needs more
     *                   ({@code hospay.channels.connections.per-channel.insurance=64})
     */
    public record Connections(@Min(1) int max, @Min(1) int waiting, @NotNull Duration maxIdle, Map<Channel, @Min(1) Integer> perChannel) {

        public Connections {
            perChannel = perChannel == null ? Map.of() : Map.copyOf(perChannel);
        }

        /** The pool of {@code channel}'s adapter, its gauges published. */
        public HttpTransport.Pool pool(Channel channel) {
            return new HttpTransport.Pool(perChannel.getOrDefault(channel, max), waiting, maxIdle, true);
        }
    }

    /**
     * The region's e-health card service (电子健康卡): whose card a scanned e-health QR code is. Outside demo mode the
     * app id and HMAC secret it issued ({@code HOSPAY_EHEALTH_APP_ID}, {@code HOSPAY_EHEALTH_SECRET}).
     */
    public record Ehealth(
            URI baseUrl,
            @NotNull Duration connectTimeout,
            @NotNull Duration responseTimeout,
            boolean demoKeys,
            String appId,
            String secret) {

        @Override
        public String toString() {
            return "Ehealth[baseUrl=" + baseUrl + ", appId=" + appId + ", demoKeys=" + demoKeys + "]";
        }
    }

    /**
     * The commercial insurer of direct pay (商保直付, channels/docs/commercial.md). Outside demo mode the partner
     * id and HMAC secret it issued ({@code HOSPAY_COMMERCIAL_PARTNER_ID}, {@code HOSPAY_COMMERCIAL_SECRET}).
     *
     * @param insurer the insurer's name as payments show it
     */
    public record Commercial(
            URI baseUrl,
            @NotNull String insurer,
            @NotNull Duration connectTimeout,
            @NotNull Duration responseTimeout,
            boolean demoKeys,
            String partnerId,
            String secret) {

        @Override
        public String toString() {
            return "Commercial[baseUrl=" + baseUrl + ", insurer=" + insurer + ", partnerId=" + partnerId + ", demoKeys=" + demoKeys + "]";
        }
    }

    /**
     * Alipay open platform. {@code baseUrl} is the host ({@code /gateway.do} is appended); outside demo
     * mode the app's private key and Alipay's public key are PEM files.
     */
    public record Alipay(
            URI baseUrl,
            @NotNull Duration connectTimeout,
            @NotNull Duration responseTimeout,
            boolean demoKeys,
            String appId,
            String appPrivateKeyPem,
            String alipayPublicKeyPem,
            URI notifyUrl) {}

    /** UnionPay (云闪付) partner platform; outside demo mode the keys are PEM files. */
    public record Unionpay(
            URI baseUrl,
            @NotNull Duration connectTimeout,
            @NotNull Duration responseTimeout,
            boolean demoKeys,
            String serProvId,
            String merId,
            String merchantPrivateKeyPem,
            String platformPublicKeyPem) {}

    /**
     * WeChat Pay v3 (直连商户). Outside demo mode: the merchant's identity, its private key and the
     * WeChat Pay public key as PEM files, the APIv3 key by environment ({@code HOSPAY_WECHAT_API_V3_KEY}).
     */
    public record Wechat(
            URI baseUrl,
            @NotNull Duration connectTimeout,
            @NotNull Duration responseTimeout,
            boolean demoKeys,
            String mchid,
            String appid,
            String merchantSerialNo,
            String merchantPrivateKeyPem,
            String wechatpayPublicKeyId,
            String wechatpayPublicKeyPem,
            String apiV3Key,
            URI notifyUrl) {

        /** The simulator's or real identity; keys come from the PEM files named here. */
        @Override
        public String toString() {
            return "Wechat[baseUrl=" + baseUrl + ", mchid=" + mchid + ", demoKeys=" + demoKeys + "]";
        }
    }

    /**
     * The national insurance platform. Outside demo mode the hospital's SM2 private key and the
     * platform's public key are given as hex ({@code HOSPAY_INSURANCE_HOSPITAL_KEY},
     * {@code HOSPAY_INSURANCE_PLATFORM_KEY}).
     *
     * @param msgidNode unset: leased at start-up ({@code ops.InstanceNode}); set: that node, leased too (start refused while
     *                  another live instance holds it). 0–9, or 0–99 with {@code hospay.instances.node-digits} 2.
     */
    public record Insurance(
            URI baseUrl,
            @NotNull @Pattern(regexp = "^/.*", message = "must start with '/'") String servicePath,
            @NotNull @Pattern(regexp = "^.{12}$", message = "must be the 12-character 定点医药机构编号") String fixmedinsCode,
            @NotNull String fixmedinsName,
            @NotNull @Pattern(regexp = "^\\d{6}$", message = "must be the 6-digit 就医地医保区划") String mdtrtareaAdmvs,
            @NotNull String orgId,
            @NotNull Duration connectTimeout,
            @NotNull Duration responseTimeout,
            boolean demoKeys,
            @Min(0) @Max(99) Integer msgidNode,
            @Pattern(regexp = "^$|^[0-9a-fA-F]{64}$", message = "must be the SM2 private scalar as 64 hex digits") String hospitalPrivateKeyHex,
            @Pattern(regexp = "^$|^04[0-9a-fA-F]{128}$", message = "must be the SM2 public point 04||x||y as 130 hex digits") String platformPublicKeyHex) {}

    /** A channel's own base URL, or the simulator's when it has none (an empty environment variable counts as none). */
    URI baseUrl(URI configured) {
        return configured == null || configured.toString().isBlank() ? simulatorUrl : configured;
    }
}
