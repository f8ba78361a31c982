package org.hospay.channels.insurance;

import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the platform is and who we are to it. Everything a hospital changes to point the adapter at
 * its province's real platform instead of the simulator lives here.
 *
 * @param baseUrl         e.g. {@code http://localhost:9090} (simulator) or the province's gateway
 * @param servicePath     the single transaction endpoint; varies by province (channels/docs/insurance.md)
 * @param fixmedinsCode   定点医药机构编号, 12 characters; the msgid prefix
 * @param mdtrtareaAdmvs  就医地医保区划 (6 digits), also the fallback insuplc_admdvs
 * @param recerSysCode    接收方系统代码
 * @param opterType       1 经办人, 2 自助终端, 3 移动终端
 * @param signNo          签到流水号 from 9001 (a fixed value where the province does not require sign-in)
 * @param msgidNode       0–9, distinct per gateway instance (see {@link MsgIdGenerator})
 * @param orgId           电子凭证机构号 for the mobile 6xxx transactions
 * @param hospitalKey     SM2 private key requests are signed with
 * @param platformKey     SM2 public key answers must be signed with
 * @param connectTimeout  a connection not made within this is provably not sent (Declined)
 * @param responseTimeout an answer not received within this after sending is Unknown
 */
public record InsuranceConfig(
        URI baseUrl,
        String servicePath,
        String fixmedinsCode,
        String fixmedinsName,
        String mdtrtareaAdmvs,
        String recerSysCode,
        String infver,
        String opterType,
        String opter,
        String opterName,
        String signNo,
        int msgidNode,
        String orgId,
        PrivateKey hospitalKey,
        PublicKey platformKey,
        Duration connectTimeout,
        Duration responseTimeout) {

    /** The path the national standard deployments use; provinces may differ. */
    public static final String DEFAULT_SERVICE_PATH = "/fsi/api/rsfComIfsService/callService";

    public InsuranceConfig {
        Objects.requireNonNull(baseUrl, "insurance baseUrl");
        Objects.requireNonNull(hospitalKey, "insurance hospitalKey");
        Objects.requireNonNull(platformKey, "insurance platformKey");
        Objects.requireNonNull(connectTimeout, "insurance connectTimeout");
        Objects.requireNonNull(responseTimeout, "insurance responseTimeout");
        if (servicePath == null || !servicePath.startsWith("/"))
            throw new IllegalArgumentException("insurance servicePath must start with '/': " + servicePath);
        if (fixmedinsCode == null || fixmedinsCode.length() != 12)
            throw new IllegalArgumentException("insurance fixmedinsCode must be 12 characters: " + fixmedinsCode);
        if (mdtrtareaAdmvs == null || !mdtrtareaAdmvs.matches("\\d{6}"))
            throw new IllegalArgumentException("insurance mdtrtareaAdmvs must be 6 digits: " + mdtrtareaAdmvs);
        if (msgidNode < 0 || msgidNode > 9)
            throw new IllegalArgumentException("insurance msgidNode must be 0-9: " + msgidNode);
        if (!"1".equals(opterType) && !"2".equals(opterType) && !"3".equals(opterType))
            throw new IllegalArgumentException("insurance opterType must be 1, 2 or 3: " + opterType);
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero())
            throw new IllegalArgumentException("insurance timeouts must be positive: " + connectTimeout + ", " + responseTimeout);
        // A connect timeout beyond the answer timeout would turn "never sent" into Unknown.
        if (connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("insurance connectTimeout " + connectTimeout + " exceeds responseTimeout " + responseTimeout);
    }

    /**
     * DEMO ONLY: the demo hospital ({@link DemoOnlyHospitalSm2Key}) in Qingdao (370202) as a
     * self-service kiosk, talking to {@code baseUrl} whose answers are signed by {@code platformKey}.
     */
    public static InsuranceConfig demo(URI baseUrl, PublicKey platformKey) {
        return new InsuranceConfig(baseUrl, DEFAULT_SERVICE_PATH, DemoOnlyHospitalSm2Key.FIXMEDINS_CODE,
                "青岛市口腔医院(演示)", "370202", "FSI_LOCAL", "V1.0", "2", "kiosk-01", "自助机01", "DEMO-SIGN-NO", 0,
                "H37020200001DEMO", DemoOnlyHospitalSm2Key.privateKey(), platformKey, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    /** The same with another answer timeout (and the connect timeout lowered to it where it was longer). */
    public InsuranceConfig withResponseTimeout(Duration timeout) {
        Duration connect = connectTimeout.compareTo(timeout) > 0 ? timeout : connectTimeout;
        return new InsuranceConfig(baseUrl, servicePath, fixmedinsCode, fixmedinsName, mdtrtareaAdmvs, recerSysCode,
                infver, opterType, opter, opterName, signNo, msgidNode, orgId, hospitalKey, platformKey, connect, timeout);
    }

    public InsuranceConfig withBaseUrl(URI url) {
        return new InsuranceConfig(url, servicePath, fixmedinsCode, fixmedinsName, mdtrtareaAdmvs, recerSysCode,
                infver, opterType, opter, opterName, signNo, msgidNode, orgId, hospitalKey, platformKey, connectTimeout, responseTimeout);
    }
}
