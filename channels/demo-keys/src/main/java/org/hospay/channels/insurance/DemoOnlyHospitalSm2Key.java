package org.hospay.channels.insurance;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.hospay.channels.demo.DemoKeyFiles;

/**
 * DEMO ONLY. The SM2 key pair the demo hospital signs its insurance requests with, committed so the
 * simulator and the tests can verify them. Never a real hospital's key: a real deployment configures
 * its own private key (issued with the hospital's platform certificate) and this class is unused.
 */
public final class DemoOnlyHospitalSm2Key {

    /** DEMO ONLY: the demo hospital's fixmedins_code. */
    public static final String FIXMEDINS_CODE = "H37020200001";

    /** DEMO ONLY private scalar. */
    public static final String PRIVATE_HEX = "3c4b1946f1464a255e33f8773de64b2cdf6d839f4a162358afcfb776c0180f41";

    public static final String PUBLIC_HEX =
            "04f31856fc281e012f38752e99d4873ccf88751954620ac504924b29f1d3eabc8a"
            + "39867198b7d880026944dd415a4e79c4a16234ec1cba2000c151255fd9ba0907";

    private DemoOnlyHospitalSm2Key() {}

    public static PrivateKey privateKey() {
        return DemoKeyFiles.sm2Private(PRIVATE_HEX);
    }

    public static PublicKey publicKey() {
        return DemoKeyFiles.sm2Public(PUBLIC_HEX);
    }
}
