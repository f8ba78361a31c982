package org.hospay.gateway.payment;

import java.nio.charset.StandardCharsets;
import org.hospay.gateway.support.SecretBox;
import org.springframework.stereotype.Component;

/**
 * Seals the person a commercial claim is filed with (name and ID number) for the payment row, the way
 * the presented certificate is sealed ({@code cert_enc}): the claim may be sent by another instance or
 * after a second scan, and an ID number is never stored in the clear.
 */
interface InsuredSeal {

    byte[] seal(CommercialPort.Insured insured);

    CommercialPort.Insured open(byte[] sealed);

    /** The production seal: AES-GCM under the master key ({@link SecretBox}). */
    @Component
    class Boxed implements InsuredSeal {

        private final SecretBox box;

        Boxed(SecretBox box) {
            this.box = box;
        }

        @Override
        public byte[] seal(CommercialPort.Insured insured) {
            return box.seal((insured.name() + "\n" + insured.idNo()).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public CommercialPort.Insured open(byte[] sealed) {
            String[] parts = new String(box.open(sealed), StandardCharsets.UTF_8).split("\n", 2);
            return new CommercialPort.Insured(parts[0], parts[1]);
        }
    }
}
