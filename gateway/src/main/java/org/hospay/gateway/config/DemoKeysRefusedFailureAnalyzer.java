package org.hospay.gateway.config;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints {@link DemoKeyGuard}'s refusal as Boot's "APPLICATION FAILED TO START" report: one line per property. */
public class DemoKeysRefusedFailureAnalyzer extends AbstractFailureAnalyzer<DemoKeyGuard.DemoKeysRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DemoKeyGuard.DemoKeysRefusedException cause) {
        String description = "The gateway is not in demo mode (HOSPAY_DEMO is not true), yet published DEMO credentials are configured."
                + " Anyone holding the repository holds them:\n"
                + cause.findings().stream().map(f -> "    - " + f).collect(Collectors.joining("\n"));
        String action = """
                Give this deployment its own credentials in place of each property above (docs/security.md, production checklist):
                    HOSPAY_MASTER_KEY = 32 random bytes, base64 (e.g. openssl rand -base64 32);
                    hospay.channels.<channel>.demo-keys=false with the channel's real keys;
                    hospay.codes.platform-public-keys = only your insurance platform's published keys.
                Or, for a demo on a developer machine only, start with HOSPAY_DEMO=true.""";
        return new FailureAnalysis(description, action, cause);
    }
}
