namespace TrustLedger.Api.Hosting;

/// <summary>One stable problem type: its code (the last segment of the type URI), status and meaning.</summary>
public sealed record ProblemType(string Code, int Status, string Title, string Description)
{
    public string Uri => ProblemResponses.Type(Code);
}

/// <summary>
/// Every problem type the API answers with. The OpenAPI document lists, per operation, the ones it
/// can return (those every request can meet, plus what the endpoint declares with
/// <see cref="ApiContract.WithProblems{TBuilder}"/>), each with its status and an example; the fuzzer
/// checks that every problem it provokes is listed for its operation.
/// </summary>
public static class ProblemCatalog
{
    public static readonly IReadOnlyList<ProblemType> All =
    [
        // Reading the request (InputPipeline, InputProblems, KestrelRejections).
        new("validation", 400, "The request has invalid fields", "`errors` maps each bad field (query name, route value, body path such as `rules.rewards[0].amount`) to what is wrong with it."),
        new("malformed-json", 400, "The body is not valid JSON", "The body does not parse as JSON; `errors.body` says where."),
        new("invalid-header", 400, "A header value is not ASCII text", "`errors` names the header."),
        new("bad-request", 400, "The request could not be parsed", "The request line or headers are malformed (for example %00 in the path); the connection is closed."),
        new("invalid-address", 400, "Not an address", "A route value must be 0x + 40 hex digits (a valid EIP-55 checksum when mixed case)."),
        new("payload-too-large", 413, "The request body is too large", "The body is over Limits:MaxBodyBytes (256 KiB by default)."),
        new("unsupported-media-type", 415, "Send the body as application/json", "The body has another content type."),
        new("uri-too-long", 414, "The URL is too long", "Path and query are over Limits:MaxUrlBytes (8 KiB)."),
        new("headers-too-large", 431, "The request headers are too large", "Over Limits:MaxHeaderBytes (32 KiB) or Limits:MaxHeaderCount (100)."),
        new("too-many-requests", 429, "Too many requests", "Over the per-client or per-signer rate limit; Retry-After says when to try again."),
        new("not-found", 404, "Not found", "Nothing exists under this id."),
        new("webhook-limit", 409, "Too many webhook subscriptions", "An owner holds at most Webhooks:MaxSubscriptionsPerOwner subscriptions; delete one first."),
        new("method-not-allowed", 405, "Method not allowed", "The path exists with other methods."),

        // Sign-in and tokens (docs/auth.md).
        new("token-missing", 401, "Authentication required", "Send `Authorization: Bearer <access token>` (POST /v1/auth/login gives one)."),
        new("token-expired", 401, "The token has expired", "POST /v1/auth/refresh for a new one."),
        new("token-invalid", 401, "The token is not accepted", "Signature, issuer, audience, type or lifetime is wrong, or the refresh token is unknown or spent."),
        new("refresh-token-reused", 401, "Refresh token used twice; the session is revoked", "Sign in again."),
        new("role-required", 403, "A role this request needs is missing", "The signed-in address lacks the admin or issuer role."),
        new("not-self", 403, "Acting for another address", "A party acts only for its own address."),
        new("siwe-invalid-message", 400, "Not a valid Sign-In with Ethereum message", "The message is not EIP-4361."),
        new("siwe-domain-mismatch", 422, "The message is for another domain", "Sign a message for this service's domain."),
        new("siwe-uri-mismatch", 422, "The message's URI is not this service", "Sign a message whose URI is this service."),
        new("siwe-chain-mismatch", 422, "The message is for another chain", "Sign for the chain /health names."),
        new("siwe-nonce-invalid", 401, "Unknown, used or expired nonce", "POST /v1/auth/nonce for a fresh one."),
        new("siwe-expired", 401, "The message has expired", "Sign a new message."),
        new("siwe-not-yet-valid", 401, "The message is not valid yet", "Its notBefore lies in the future."),
        new("siwe-signature-invalid", 401, "The signature is not by the message's address", "Sign with the address the message names."),

        // Signed requests refused before relaying: named after the registry's own errors.
        new("DeadlinePassed", 422, "The request was refused: DeadlinePassed", "The deadline leaves too little time to relay (Relayer:MinDeadlineMargin)."),
        new("MalformedRequest", 422, "The request was refused: MalformedRequest", "The nonce does not fit in 96 bits."),
        new("ZeroSubject", 422, "The request was refused: ZeroSubject", "The subject is the zero address."),
        new("SelfAttestation", 422, "The request was refused: SelfAttestation", "An attester cannot attest about itself."),
        new("ExpirationInPast", 422, "The request was refused: ExpirationInPast", "The expiration is not in the future."),
        new("InvalidSignature", 422, "The request was refused: InvalidSignature", "The signature is not the attester's over this request (65 bytes, low s, v 27/28 or 0/1; ERC-1271 for contract wallets)."),
        new("UnknownSchema", 422, "The request was refused: UnknownSchema", "No such schema is registered."),
        new("DataDoesNotMatchSchema", 422, "The request was refused: DataDoesNotMatchSchema", "`data` is not the ABI encoding of the schema's fields."),
        new("NonceUsed", 422, "The request was refused: NonceUsed", "The signer has used this nonce on chain."),
        new("UnknownRefUID", 422, "The request was refused: UnknownRefUID", "refUID names no attestation on chain or waiting to be relayed."),
        new("UnknownAttestation", 422, "The request was refused: UnknownAttestation", "No attestation with this uid."),
        new("NotAttester", 422, "The request was refused: NotAttester", "Only the attester revokes an attestation."),
        new("NotRevocable", 422, "The request was refused: NotRevocable", "The attestation's schema is not revocable."),
        new("AlreadyRevoked", 422, "The request was refused: AlreadyRevoked", "The attestation is revoked already."),
        new("DeadlineTooFar", 422, "The request was refused: DeadlineTooFar", "The deadline is further ahead than Relayer:MaxDeadlineAhead (30 days): a signature must not stay valid for ever."),
        new("SchemaNotRelayed", 422, "The request was refused: SchemaNotRelayed", "Only the product's schemas and those an admin allowed (GET /v1/relay/schemas) are relayed; a hooked schema only with its hook allowed."),
        new("DataTooLarge", 413, "The request was refused: DataTooLarge", "`data` is over its schema's size limit (docs/security.md)."),
        new("FieldTooLong", 422, "The request was refused: FieldTooLong", "A text or bytes member of `data` is over its schema's limit; `errors` names it (docs/security.md)."),
        new("NonceAlreadyRequested", 409, "The request was refused: NonceAlreadyRequested", "Another request of this signer holds the nonce."),

        // Feature-specific.
        new("unknown-party", 404, "No reputation yet", "No attestation about or by this address is on chain."),
        new("unknown-viewer", 404, "No trust flows from this viewer", "`viewer` has no endorsement in force on chain (in our registry or a configured source): personalised trust starts from the viewer's own endorsements."),
        new("credential-invalid", 400, "The credential cannot be issued", "`issues` lists what breaks the data model (422 when it is valid but cannot be secured as asked)."),
        new("credential-invalid", 422, "The credential cannot be issued", "It is valid, but cannot be secured as asked (EIP-712 cannot type it, or it names another issuer); `issues` says why."),
        new("credential-not-suspendable", 409, "The credential cannot be suspended", "Only endorsement and reciprocity credentials carry a suspension entry, and a revoked credential stays revoked."),
        new("credential-exists", 409, "The credential id is taken", "Issue under another id."),
        new("issuer-not-ours", 422, "This service does not issue as that issuer", "Leave `issuer` out to use the default."),
        new("presentation-unsupported", 400, "Enveloped presentations are not verified", "Send the presentation as JSON."),
        new("credential-not-verified", 400, "The credential did not verify", "The body is the VC API verification result: `verified`, `checks`, `problemDetails`, `results`."),
        new("presentation-not-verified", 400, "The presentation did not verify", "The body is the VC API verification result of the presentation and each credential in it."),
        new("invalid-did", 400, "Not a valid DID", "`didResolutionMetadata.error` is invalidDid."),
        new("method-not-supported", 400, "DID method not supported", "did:pkh, did:ethr, did:key and did:web resolve here; `didResolutionMetadata.error` is methodNotSupported."),
        new("did-not-found", 404, "The did:web document could not be read", "Its origin is not in Credentials:StatusListOrigins, it did not answer in time, was too large, or is not that DID's document; `didResolutionMetadata.error` says which (notFound, invalidDidDocument)."),
        new("did-registry-not-configured", 409, "No ERC-1056 registry is configured", "Set Credentials:EthrDidRegistry to the registry's address on the connected chain to rotate the issuer key."),
        new("rotation-in-progress", 409, "A rotation is under way", "Wait for it to finish; GET /v1/issuers shows the signing key in use."),
        new("rotation-limit", 409, "No signing generation left", "The issuer has used every signing generation it looks for."),
        new("rotation-refused", 422, "The registry refused the rotation", "The detail says why (the issuer key no longer owns its identity, no gas, a revert)."),
        new("event-not-open", 409, "The event cannot be confirmed", "The reciprocity event is revoked, failed or confirmed already: a confirmation would never count."),
        new(ChainRefused, 422, "The chain refused the operation", "The `type` names the contract's custom error (e.g. .../problems/EnforcedPause); `operationId` says which operation."),
        new("program-not-ready", 409, "The program is not on chain yet", "Wait until its token is deployed."),
        new("issuance-budget-spent", 503, "Today's credential budget is spent", "Automatic issuance is bounded per day (Credentials:AutomaticIssuancePerDay); Retry-After says when it resets."),
        new("trust-anchor-exists", 409, "Already a trust anchor", "Remove it first to add it with another reason."),
        new("trust-anchor-configured", 409, "Set in configuration", "The anchor comes from Reputation:Seeds; the operator removes it there."),
        new("trusted-issuer-exists", 409, "Already a trusted issuer", "Remove it first to change its types."),
        new("product-schema", 409, "A product schema is always relayed", "The product's own schemas need no allow-listing."),
        new("schema-has-hook", 422, "The schema has a hook", "Allow a hooked schema only on purpose, with allowHook true."),
        new("sd-jwt-unavailable", 409, "The credential cannot be issued as an SD-JWT VC", "It is revoked or superseded, is not an endorsement, reciprocity or reputation credential, or has no status list slot; `reason` says which."),
        new("sd-jwt-not-verified", 400, "The SD-JWT VC did not verify", "The body is the verification result: `verified`, `verdict`, `checks` (structure, disclosures, signature, issuer, validity, holder, status)."),
        new("offer-unavailable", 409, "The credential cannot be offered to a wallet", "It is revoked or superseded, or not an endorsement, reciprocity or reputation credential; `reason` says which."),
        new("oauth-invalid-request", 400, "The token request is malformed", "OAuth `error` invalid_request: a field is missing, repeated or not form-encoded."),
        new("oauth-invalid-grant", 400, "The pre-authorized code is not accepted", "OAuth `error` invalid_grant: unknown, expired or used code, or a wrong or missing tx_code."),
        new("oauth-unsupported-grant-type", 400, "Only the pre-authorized code grant is supported", "OAuth `error` unsupported_grant_type."),
        new("oauth-invalid-token", 401, "The access token is not accepted", "OAuth `error` invalid_token: unknown or expired; take a new one at the token endpoint."),
        new("oid4vci-invalid-credential-request", 400, "The credential request is malformed", "OpenID4VCI `error` invalid_credential_request: send one proof as proofs.jwt."),
        new("oid4vci-unknown-credential-configuration", 400, "The credential configuration is not in this offer", "OpenID4VCI `error` unknown_credential_configuration."),
        new("oid4vci-invalid-proof", 400, "The proof of possession is not accepted", "OpenID4VCI `error` invalid_proof: typ, jwk, signature, aud or iat is wrong."),
        new("oid4vci-invalid-nonce", 400, "The proof's nonce is not a current c_nonce", "OpenID4VCI `error` invalid_nonce: POST the nonce endpoint for a fresh one."),
        new("oid4vci-credential-request-denied", 400, "The credential is not delivered", "OpenID4VCI `error` credential_request_denied: delivered for this token already, or no longer current."),
        new("snapshot-not-ready", 409, "Nothing to snapshot yet", "No indexed state to compute from."),

        // The service itself.
        new("chain-unavailable", 503, "The chain node cannot be reached", "Retry after Retry-After seconds; GET /health says what is down."),
        new("database-unavailable", 503, "The database cannot be reached", "Retry after Retry-After seconds; GET /health says what is down."),
        new("anchor-refused", 503, "The credential could not be anchored", "The anchoring request was refused; try again later."),
        new("rewards-unavailable", 503, "Reward programs are not configured", "The service has no minter key of its own."),
        new("unhealthy", 503, "A part of the service is down", "`down` names the parts; their sections say why."),
        new("chain-replaced", 503, "The chain was replaced", "The node is no longer the chain the service's contracts and records belong to (new genesis, or our contracts' code is gone); nothing is accepted until the service is started again on the new chain. GET /health says why."),
    ];

    /// <summary>Stands for every custom error a contract may revert with: the answer's type is named after the error.</summary>
    public const string ChainRefused = "chain-refused";

    private static readonly ILookup<string, ProblemType> ByCode = All.ToLookup(p => p.Code, StringComparer.Ordinal);

    /// <summary>The type under each status it is answered with (a few codes have two, e.g. 400 and 422).</summary>
    public static IEnumerable<ProblemType> Get(string code) =>
        ByCode[code].Any() ? ByCode[code] : throw new ArgumentException($"problem type '{code}' is not in the catalog", nameof(code));

    /// <summary>What intake answers for a signed attestation it refuses (RelayResults.Rejected).</summary>
    public static readonly string[] AttestationRefusals =
    [
        "DeadlinePassed", "MalformedRequest", "ZeroSubject", "SelfAttestation", "ExpirationInPast", "InvalidSignature", "UnknownSchema",
        "DataDoesNotMatchSchema", "NonceUsed", "UnknownRefUID", "NonceAlreadyRequested", "DeadlineTooFar", "SchemaNotRelayed", "DataTooLarge",
        "FieldTooLong",
    ];

    /// <summary>What intake answers for a signed revocation it refuses.</summary>
    public static readonly string[] RevocationRefusals =
        ["DeadlinePassed", "DeadlineTooFar", "MalformedRequest", "InvalidSignature", "NonceUsed", "UnknownAttestation", "NotAttester", "NotRevocable", "AlreadyRevoked", "NonceAlreadyRequested"];
}
