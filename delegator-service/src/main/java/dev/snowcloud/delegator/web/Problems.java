package dev.snowcloud.delegator.web;

import java.net.URI;

/** The {@code type} URIs of the delegator's own problem details (RFC 9457). */
public final class Problems {

    public static final URI LEASE_CONFLICT = URI.create("urn:snowcloud:problem:lease-conflict");

    public static final URI UNKNOWN_WORKER = URI.create("urn:snowcloud:problem:unknown-worker");

    public static final URI POOL_EXHAUSTED = URI.create("urn:snowcloud:problem:pool-exhausted");

    public static final URI STORE_RECOVERING = URI.create("urn:snowcloud:problem:store-recovering");

    public static final URI REPLICA_SETTINGS_CONFLICT = URI.create("urn:snowcloud:problem:replica-settings-conflict");

    public static final URI STORE_UNAVAILABLE = URI.create("urn:snowcloud:problem:store-unavailable");

    public static final URI UNAUTHORIZED = URI.create("urn:snowcloud:problem:unauthorized");

    public static final URI BODY_TOO_LARGE = URI.create("urn:snowcloud:problem:body-too-large");

    private Problems() {
    }

}
