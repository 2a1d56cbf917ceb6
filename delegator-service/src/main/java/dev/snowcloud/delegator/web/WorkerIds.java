package dev.snowcloud.delegator.web;

import java.util.regex.Pattern;

import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.UnknownWorkerException;

/**
 * Reads the {@code {id}} path segment: a decimal number names a worker ID, which exists
 * only in {@code 0..size-1} (otherwise 404, however large or negative); anything else is
 * not an ID at all (400).
 */
final class WorkerIds {

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");

    private WorkerIds() {
    }

    static int parse(String segment, LeaseRules rules) {
        if (!NUMBER.matcher(segment).matches()) {
            throw new MalformedWorkerIdException(segment);
        }
        String shown = (segment.length() > 24) ? segment.substring(0, 24) + "…" : segment;
        int id;
        try {
            id = Integer.parseInt(segment);
        }
        catch (NumberFormatException ex) {
            throw new UnknownWorkerException(shown, rules.poolSize());
        }
        if (id < 0 || id >= rules.poolSize()) {
            throw new UnknownWorkerException(shown, rules.poolSize());
        }
        return id;
    }

    /** The path segment is not a decimal number. */
    static final class MalformedWorkerIdException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedWorkerIdException(String segment) {
            super("Worker ID must be a decimal number 0..1023");
        }

    }

}
