package dev.snowcloud.delegator.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.snowcloud.delegator.lease.GrantedLease;
import dev.snowcloud.delegator.lease.Holder;
import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.PoolStatus;
import dev.snowcloud.delegator.lease.Registration;

/**
 * REST API v1: leases on worker IDs. Every call needs {@code Authorization: Bearer <api-key>}.
 */
@RestController
@RequestMapping("/workers")
@Tag(name = "workers", description = "Leases on worker IDs 0..1023")
@SecurityRequirement(name = OpenApiDocs.BEARER)
@ApiResponse(responseCode = "401", description = "Missing or unknown API key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "400", description = "Malformed request",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class WorkerController {

    private final LeaseStore store;

    WorkerController(LeaseStore store) {
        this.store = store;
    }

    @PostMapping
    @Operation(summary = "Lease a free worker ID",
            description = "Grants the free worker ID whose last lease ended longest ago. The holder must not put "
                    + "a timestamp below notBefore or above maxTimestamp into an ID, and must stop issuing before "
                    + "expiresAt. A process that wants several worker IDs calls this once per ID with the same "
                    + "name and host: each grant is atomic and a lease of its own (token, renewal, fence, "
                    + "watermark). When the pool runs out part way it holds fewer IDs than it asked for; the "
                    + "calls past the last free ID get 503.")
    @ApiResponse(responseCode = "201", description = "Lease granted",
            headers = @Header(name = "Location", description = "/workers/{id}"))
    @ApiResponse(responseCode = "503",
            description = "Pool exhausted, store recovering from loss, store unreachable, or this replica's "
                    + "settings conflict with another replica of the pool; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait"),
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<LeaseResponse> register(@RequestBody(required = false) @Valid @Nullable RegisterRequest request) {
        Registration registration = (request != null) ? request.toRegistration() : Registration.anonymous();
        GrantedLease lease = this.store.register(registration);
        return ResponseEntity.created(URI.create("/workers/" + lease.workerId())).body(LeaseResponse.of(lease));
    }

    @PostMapping("/{id}/renew")
    @Operation(summary = "Renew a lease",
            description = "Extends the lease to now + ttl (never shortening it) and raises maxTimestamp. A lease "
                    + "that expired can be renewed by its own token "
                    + "while nobody else took the ID. While the store recovers from losing its pool, a renew "
                    + "re-claims an ID that nobody holds.")
    @ApiResponse(responseCode = "200", description = "Lease extended")
    @ApiResponse(responseCode = "409", description = "The lease is not held by this token",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "Worker ID outside 0..1023",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    LeaseResponse renew(@Parameter(description = "Worker ID 0..1023", example = "17") @PathVariable String id,
            @RequestBody @Valid RenewRequest request) {
        int workerId = WorkerIds.parse(id, this.store.rules());
        return LeaseResponse.of(this.store.renew(workerId, request.leaseToken(), request.lastTimestamp()).lease());
    }

    @PostMapping("/{id}/release")
    @Operation(summary = "Release a lease",
            description = "Frees the worker ID; its next holder starts after lastTimestamp. Repeating a release "
                    + "that succeeded succeeds again.")
    @ApiResponse(responseCode = "204", description = "Lease released")
    @ApiResponse(responseCode = "409", description = "The lease is not held by this token",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "Worker ID outside 0..1023",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> release(@Parameter(description = "Worker ID 0..1023", example = "17") @PathVariable String id,
            @RequestBody @Valid ReleaseRequest request) {
        int workerId = WorkerIds.parse(id, this.store.rules());
        this.store.release(workerId, request.leaseToken(), request.lastTimestamp());
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    @Operation(summary = "List the pool, or one holder's leases",
            description = "Counts, live leases and lapsed ones (expired, not taken since), without tokens. A "
                    + "read-only key is accepted too. A process that leases several worker IDs registers once "
                    + "per ID with the same name and host; name and/or host (exact match) list only that "
                    + "holder's leases: then leased, leases, lapsed and lapsedLeases are the holder's, while "
                    + "size, free and recovering stay the whole pool's, and holder echoes the filter.")
    @ApiResponse(responseCode = "200", description = "The pool, or the holder's leases in it")
    PoolResponse pool(
            @Parameter(description = "Only leases registered under this name (1..128 characters, as POST "
                    + "/workers accepts)", example = "orders-7f9c") @RequestParam(name = "name", required = false)
            @Nullable String name,
            @Parameter(description = "Only leases registered from this host (1..128 characters, as POST "
                    + "/workers accepts)", example = "10.0.0.12") @RequestParam(name = "host", required = false)
            @Nullable String host) {
        Holder holder = HolderFilters.parse(name, host);
        PoolStatus pool = this.store.pool();
        return (holder != null) ? PoolResponse.of(pool, holder) : PoolResponse.of(pool);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Show one worker ID",
            description = "Its lease without the token, or its free state. A read-only key is accepted too.")
    @ApiResponse(responseCode = "200", description = "The worker ID")
    @ApiResponse(responseCode = "404", description = "Worker ID outside 0..1023",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    WorkerResponse worker(@Parameter(description = "Worker ID 0..1023", example = "17") @PathVariable String id) {
        return WorkerResponse.of(this.store.worker(WorkerIds.parse(id, this.store.rules())));
    }

}
