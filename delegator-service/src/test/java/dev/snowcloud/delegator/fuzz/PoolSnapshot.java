package dev.snowcloud.delegator.fuzz;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the pool shows at one moment: {@code GET /workers} (counts, and every live lease's
 * name, host, leasedAt, expiresAt and notBefore) and {@code GET /workers/{id}} for the IDs a
 * test watches (a free ID's notBefore is its watermark + 1, which the listing leaves out).
 * Taken with the owners' client, so two snapshots are equal exactly when nothing that the
 * API can show has changed.
 *
 * @param answers the answer bodies by path
 */
record PoolSnapshot(Map<String, String> answers) {

    static PoolSnapshot of(Fixture fixture, Collection<Integer> watchedIds) {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("/workers", fixture.read("/workers"));
        for (int id : watchedIds) {
            answers.put("/workers/" + id, fixture.read("/workers/" + id));
        }
        return new PoolSnapshot(answers);
    }

}
