package org.hospay.simulator.ledger;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LedgerController {

    private final Ledger ledger;

    LedgerController(Ledger ledger) {
        this.ledger = ledger;
    }

    /** {@code GET /sim/ledger?channel=WECHAT}: every booking, oldest first. */
    @GetMapping("/sim/ledger")
    List<LedgerEntry> ledger(@RequestParam(required = false) String channel) {
        return ledger.all(channel);
    }
}
