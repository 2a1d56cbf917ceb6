package dev.snowcloud.delegator.web;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.Holder;

/**
 * Reads the {@code name} and {@code host} query parameters of {@code GET /workers}: each,
 * when given, must be a value {@code POST /workers} would have accepted and stored, that is
 * 1 to 128 characters of {@link RegisterRequest#LABEL}. An empty value is refused rather than
 * read as "any": no lease is registered under an empty name.
 */
final class HolderFilters {

    static final int MAX_LENGTH = 128;

    private static final Pattern LABEL = Pattern.compile(RegisterRequest.LABEL);

    private HolderFilters() {
    }

    /** The holder these parameters name, or {@code null} when neither is given. */
    static @Nullable Holder parse(@Nullable String name, @Nullable String host) {
        if (name == null && host == null) {
            return null;
        }
        return new Holder(check("name", name), check("host", host));
    }

    private static @Nullable String check(String parameter, @Nullable String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH || !LABEL.matcher(value).matches()) {
            throw new MalformedHolderException(parameter);
        }
        return value;
    }

    /** A {@code name} or {@code host} parameter that no registration could carry. */
    static final class MalformedHolderException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedHolderException(String parameter) {
            super("Query parameter '" + parameter + "' must be 1 to " + MAX_LENGTH
                    + " letters, digits or the characters . _ : @ / % + [ ] -");
        }

    }

}
