using System.Text.Json.Nodes;
using TrustLedger.Api.Relaying;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Attestations;

/// <summary>What /docs says about endorsements and revocations.</summary>
internal static class AttestationsDocs
{
    public static readonly string TypedData = $"""
        Query: `attester` (the signer, usually the caller), `subject` (the partner endorsed), `rating` (1..5), `category`
        (at most 32 bytes of UTF-8, stored as bytes32) and `comment` (at most 280 characters): the endorsement schema
        `{ProductSchemas.Endorsement.Definition}`. For any other registered schema give `schema` (a name: endorsement,
        reciprocity, negative-report, or a schema uid) and `data` (0x ABI encoding of its fields), and optionally `refUid`.
        Optional everywhere: `nonce` (uint96; random by default), `deadline` (unix seconds; an hour from now by default),
        `expiration` (unix seconds; 0 = never). The uid the attestation will get (`attester << 96 | nonce`) is in the
        `X-Attestation-Uid` header. Sign the whole answer with `eth_signTypedData_v4` and POST its `message` with the
        signature to /v1/attestations. Refused up front (422, named after the registry's errors) is everything the POST
        would refuse except the signature: a self-endorsement, a past deadline or expiration, a used nonce, data that does
        not match the schema, an unknown refUID.
        """;

    public const string Submit = """
        The EIP-712 message exactly as signed, and the signature. The caller must be signed in as the attester (403
        not-self otherwise). The service checks everything the registry will check, off chain (signature, nonce, deadline,
        schema, data; v 0/1 is normalised to 27/28), stores the request durably and relays it in a batch
        (multiAttestByDelegation): 202 with `uid`, `requestId`, `status` and Location /v1/attestations/{uid}. The same signed
        message again answers the same 202; another message with the same nonce is 409 NonceAlreadyRequested.
        """;

    public const string Get = """
        Where an attestation stands: `pending` (accepted, on its way), `confirmed` (mined and indexed, final after
        Chain:Confirmations), `failed` (with the registry's error), `revoked`. Decoded `fields` for the product's schemas.
        """;

    public const string List = """
        Indexed (on-chain) attestations, filtered by `subject`, `attester`, `schema` (name or uid), `from` and `to` (block
        numbers); newest first; `limit` 1..200 (50); pass `nextCursor` back as `cursor` for the next page.
        """;

    public const string RevocationTypedData = """
        Query: `revoker` (the attestation's attester), optional `nonce` and `deadline`. Refused up front as the POST would
        refuse it: an unknown attestation, another party's attestation (NotAttester), one already revoked or under a
        non-revocable schema.
        """;

    public const string Revoke = """
        The signed Revoke message and the signature; `message.uid` must be the attestation in the URL. The caller must be
        signed in as the revoker. 202 with Location /v1/attestations/{uid}, whose `revocation` then follows the request.
        """;

    public static readonly object SignedExample = new
    {
        message = new JsonObject
        {
            ["attester"] = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
            ["schema"] = ProductSchemas.Endorsement.Uid,
            ["subject"] = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
            ["expiration"] = "0",
            ["refUID"] = RegistryUids.ZeroBytes32,
            ["nonce"] = "10775",
            ["data"] = "0x0000000000000000000000000000000000000000000000000000000000000005"
                       + "6c6f67697374696373000000000000000000000000000000000000000000000000"
                       + "0000000000000000000000000000000000000000000000000000000000000060"
                       + "0000000000000000000000000000000000000000000000000000000000000007"
                       + "6f6e2074696d6500000000000000000000000000000000000000000000000000",
            ["deadline"] = "1796400000",
        },
        signature = "0x" + new string('a', 128) + "1b",
    };

    public static readonly object AcceptedExample =
        new SubmittedResponse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8000000000000000000002a17", 42, "pending");
}
