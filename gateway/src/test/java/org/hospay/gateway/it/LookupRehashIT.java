package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.LookupHash;
import org.hospay.gateway.support.SecretBox;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keyed look-up hashes of identity numbers rotate with the master key: rows whose hashes the retired key
 * wrote (with its id, or from before hashes carried one) are still found, each once; the re-seal command
 * computes them again under the current key, after which they are still found and nothing needs the retired key.
 */
class LookupRehashIT extends CreditIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_TOKEN = "hospay-DEMO-ONLY-admin-token-not-a-secret";
    /** application-it.yml's retired master key, id 9; the gateway's current key is the DEMO key, id 1. */
    private static final String RETIRED_KEY = "dGVzdC1yZXRpcmVkLW1hc3Rlci1rZXktMzItYnl0ZXM=";
    private static final String CURRENT_KEY = "ZGVtby1vbmx5LW1hc3Rlci1rZXktY2hhbmdlLW1lISE=";

    private static final SecretBox RETIRED = new SecretBox(new GatewayProperties.Security(RETIRED_KEY, 9, Map.of()));
    /** The ring once the retired key has left it. */
    private static final SecretBox CURRENT_ONLY = new SecretBox(new GatewayProperties.Security(CURRENT_KEY, 1, Map.of()));

    private JsonNode reseal() {
        return JSON.readTree(management.post().uri("/actuator/reseal").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** Rewrites a binding as the retired key wrote it: number sealed and hashed under key 9. */
    private void writtenByTheRetiredKey(String bindingId, String idNo, boolean beforeKeyIds) {
        List<String> forms = new LookupHash(RETIRED, LookupHash.IDENTITY).candidates(idNo); // [k9:hex, hex]
        db.sql("UPDATE family_binding SET patient_id_hash = :h, patient_id_enc = :e WHERE binding_id = :id")
                .bind("h", beforeKeyIds ? forms.get(1) : forms.get(0))
                .bind("e", RETIRED.seal(idNo.getBytes(StandardCharsets.UTF_8)))
                .bind("id", UUID.fromString(bindingId)).then().block();
    }

    private String bindingHash(String bindingId) {
        return db.sql("SELECT patient_id_hash FROM family_binding WHERE binding_id = :id").bind("id", UUID.fromString(bindingId))
                .map(r -> r.get("patient_id_hash", String.class)).one().block();
    }

    private List<String> bindingIdsOf(Family.User patient) {
        JsonNode mine = patient.ok(HttpMethod.GET, "/api/v1/mini/bindings?as=patient", null);
        return java.util.stream.StreamSupport.stream(mine.spliterator(), false).map(b -> b.path("bindingId").asString()).toList();
    }

    private void blackListedByTheRetiredKey(Family.Person p, boolean numberSealed) {
        List<String> forms = new LookupHash(RETIRED, LookupHash.CREDIT_IDENTITY).candidates(p.idNo());
        var spec = db.sql("""
                        INSERT INTO credit_list (hospital_id, id_hash, id_enc, kind, id_masked, line_fen, reason, created_at)
                        VALUES ('it-hospital', :h, :e, 'BLACK', '1101**********', NULL, 'listed before the rotation', now())""")
                .bind("h", numberSealed ? forms.get(0) : forms.get(1));
        spec = numberSealed ? spec.bind("e", RETIRED.seal(p.idNo().getBytes(StandardCharsets.UTF_8))) : spec.bindNull("e", byte[].class);
        spec.then().block();
    }

    private String enrolmentRefusal(Credit.Patient p) {
        return Family.user(http, Family.subject("credit")).refused(HttpMethod.POST, "/api/v1/mini/credit/enrolments",
                Credit.enrolBody(p.person(), true), 422);
    }

    private long listEntries(Family.Person p) {
        List<String> forms = new java.util.ArrayList<>(new LookupHash(RETIRED, LookupHash.CREDIT_IDENTITY).candidates(p.idNo()));
        forms.addAll(new LookupHash(CURRENT_ONLY, LookupHash.CREDIT_IDENTITY).candidates(p.idNo()));
        return db.sql("SELECT count(*) AS n FROM credit_list WHERE hospital_id = 'it-hospital' AND id_hash IN (:h)").bind("h", forms)
                .map(r -> r.get("n", Long.class)).one().block();
    }

    @Test
    void rowsHashedUnderTheRetiredKeyAreFoundOnceBeforeAndAfterTheReSealWhichLeavesNothingForTheRetiredKey() {
        Family.Person parent = Family.uninsuredPatient();
        String withKeyId = Family.registered(http, Family.subject("payer")).bind(parent, "PARENT", 100, 200, 300).path("bindingId").asString();
        String beforeKeyIds = Family.registered(http, Family.subject("payer")).bind(parent, "PARENT", 100, 200, 300).path("bindingId").asString();
        assertThat(bindingHash(withKeyId)).as("written under the current key, with its id").startsWith("k1:");
        writtenByTheRetiredKey(withKeyId, parent.idNo(), false);
        writtenByTheRetiredKey(beforeKeyIds, parent.idNo(), true);
        Credit.Patient black = Credit.patient(300_000, 1_000_000);
        blackListedByTheRetiredKey(black.person(), true);
        Credit.Patient stray = Credit.patient(300_000, 1_000_000);
        blackListedByTheRetiredKey(stray.person(), false);

        // During the rotation: found under the retired key's hashes, each row once.
        Family.User patient = Family.patient(http, parent);
        assertThat(bindingIdsOf(patient)).containsExactlyInAnyOrder(withKeyId, beforeKeyIds);
        assertThat(patient.binding(beforeKeyIds).path("bindingId").asString()).as("the patient's own binding").isEqualTo(beforeKeyIds);
        assertThat(enrolmentRefusal(black)).isEqualTo("CREDIT_BLACKLISTED");
        assertThat(enrolmentRefusal(stray)).isEqualTo("CREDIT_BLACKLISTED");

        JsonNode counts = reseal();
        assertThat(counts.path("family_binding.patient_id_hash").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(counts.path("credit_list.id_hash").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(counts.path("credit_list.id_hash not re-hashable").asLong()).as("listed before the number was kept")
                .isGreaterThanOrEqualTo(1);

        // After it: the current key's hashes, found the same way, still each once.
        LookupHash current = new LookupHash(CURRENT_ONLY, LookupHash.IDENTITY);
        assertThat(bindingHash(withKeyId)).isEqualTo(current.hash(parent.idNo()));
        assertThat(bindingHash(beforeKeyIds)).isEqualTo(current.hash(parent.idNo()));
        assertThat(bindingIdsOf(patient)).containsExactlyInAnyOrder(withKeyId, beforeKeyIds);
        assertThat(enrolmentRefusal(black)).isEqualTo("CREDIT_BLACKLISTED");
        assertThat(listEntries(black.person())).isEqualTo(1);

        // An entry that could not be re-hashed is replaced by listing the person again: one entry, under the current key.
        finance.post("/api/v1/credit/lists", """
                {"kind":"BLACK","idNo":"%s","reason":"listed again after the rotation"}""".formatted(stray.person().idNo()))
                .expectStatus().isOk();
        assertThat(listEntries(stray.person())).isEqualTo(1);
        assertThat(enrolmentRefusal(stray)).isEqualTo("CREDIT_BLACKLISTED");

        JsonNode again = reseal();
        for (String column : List.of("family_payer.id_hash", "family_binding.patient_id_hash", "credit_account.id_hash",
                "credit_list.id_hash", "credit_list.id_hash not re-hashable", "family_binding.patient_id_enc", "credit_list.id_enc")) {
            assertThat(again.path(column).isMissingNode()).as(column).isFalse();
            assertThat(again.path(column).asLong()).as("%s: nothing left under the retired key", column).isZero();
        }
        // So the retired key can leave the ring: a ring without it opens and matches what the rows hold.
        for (String table : List.of("family_payer.id_hash", "family_binding.patient_id_hash", "credit_account.id_hash", "credit_list.id_hash")) {
            String[] t = table.split("\\.");
            assertThat(count("SELECT count(*) FROM " + t[0] + " WHERE " + t[1] + " NOT LIKE 'k1:%'")).as(table).isZero();
        }
        byte[] sealed = db.sql("SELECT patient_id_enc FROM family_binding WHERE binding_id = :id").bind("id", UUID.fromString(beforeKeyIds))
                .map(r -> r.get("patient_id_enc", byte[].class)).one().block();
        assertThat(new String(CURRENT_ONLY.open(sealed), StandardCharsets.UTF_8)).isEqualTo(parent.idNo());
        assertThat(current.matches(parent.idNo(), bindingHash(beforeKeyIds))).isTrue();
    }
}
