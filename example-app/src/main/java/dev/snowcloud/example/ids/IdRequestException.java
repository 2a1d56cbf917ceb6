package dev.snowcloud.example.ids;

/**
 * A request to {@code /ids} that cannot be served as asked: answered {@code 400}.
 */
class IdRequestException extends RuntimeException {

    IdRequestException(String message) {
        super(message);
    }

}
