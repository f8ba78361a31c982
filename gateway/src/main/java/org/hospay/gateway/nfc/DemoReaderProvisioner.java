package org.hospay.gateway.nfc;

import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.terminal.TerminalRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * With the demo window terminal (run command only, never production), an NFC reader at the same
 * window, so a tap can be tried with {@code TERMINAL_ID=demo-reader-01 infra/hcurl}. Blocks once at
 * start-up, before traffic is served.
 */
@Component
class DemoReaderProvisioner implements ApplicationRunner {

    static final String READER_ID = "demo-reader-01";
    /** DEMO ONLY secret of the demo reader, documented in docs/console.md. */
    static final String READER_SECRET = "demo-reader-01-secret";

    private static final Logger log = LoggerFactory.getLogger(DemoReaderProvisioner.class);
    private final TerminalRegistry terminals;
    private final boolean provision;

    DemoReaderProvisioner(TerminalRegistry terminals, GatewayProperties properties) {
        this.terminals = terminals;
        this.provision = properties.demo().provision();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!provision) return;
        terminals.upsert(new Terminal(READER_ID, Terminal.Kind.NFC_READER, "demo-hospital", "W01"), READER_SECRET).block();
        log.info("demo NFC reader {} provisioned at window W01 (DEMO ONLY secret, see docs/console.md)", READER_ID);
    }
}
