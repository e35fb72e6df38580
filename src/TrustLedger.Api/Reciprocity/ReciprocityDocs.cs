using System.Text.Json.Nodes;
using TrustLedger.Api.Relaying;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Reciprocity;

/// <summary>What /docs says about reciprocity events: the four steps, the data encoding, and examples.</summary>
internal static class ReciprocityDocs
{
    private const string Proposer = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private const string Counterparty = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    private const string ExampleId = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8000000000000000000002a17";

    /// <summary>kind "delivery", rating 5, reference "PO-1001".</summary>
    private const string ExampleData =
        "0x64656c6976657279000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000005"
        + "0000000000000000000000000000000000000000000000000000000000000060"
        + "0000000000000000000000000000000000000000000000000000000000000007"
        + "504f2d3130303100000000000000000000000000000000000000000000000000";

    private static readonly string Encoding = $"""
        The event is an attestation under the reciprocity schema `{ProductSchemas.Reciprocity.Definition}` (uid
        `{ProductSchemas.Reciprocity.Uid}`). Its `data` is the ABI encoding of the three fields, which the service builds from
        the query: `kind` is a short word (at most 32 bytes of UTF-8, e.g. `delivery`, `referral`, `collaboration`) stored as
        bytes32, right-padded with zeros; `rating` is 1..5 (uint8); `reference` is free text up to {ReciprocityApi.MaxReferenceLength}
        characters (an order number, an invoice). Example: kind `delivery`, rating 5, reference `PO-1001` encode as
        `{ExampleData}` (kind word, rating word, offset 0x60 of the string, its length 7, its bytes).
        """;

    public static readonly string ProposalTypedData = $$"""
        A newcomer proposes and confirms an event in four calls, all from these docs:
        1. the proposer signs in (POST /v1/auth/nonce, POST /v1/auth/login) and GETs this endpoint with
           `proposer` (its own address), `counterparty`, `kind`, `rating`, `reference`;
        2. it signs the answer as it is with `eth_signTypedData_v4` and POSTs `{"message": <the answer's message>, "signature": "0x..."}`
           to /v1/reciprocity-events: 202 with the event id (`uid`, also in the `X-Reciprocity-Event-Id` header here);
        3. the counterparty signs in and GETs /v1/reciprocity-events/{id}/confirmation/typed-data with its own `rating` (and
           `reference`): the service fills in attester, subject and refUID from the proposal;
        4. it signs that and POSTs it to /v1/reciprocity-events/{id}/confirm. GET /v1/reciprocity-events/{id} then goes
           `pending` -> `proposed` -> `confirmed`.

        {{Encoding}}

        Optional: `nonce` (uint96, random by default), `deadline` (unix seconds, an hour from now by default), `expiration`
        (unix seconds, 0 = never). Refused up front, exactly as the POST would refuse it: a self-event (SelfAttestation), a
        past deadline (DeadlinePassed), a used nonce (NonceUsed), ... (422, named after the registry's errors).
        """;

    public const string Propose = """
        The proposer's signed attestation under the reciprocity schema about the counterparty, with refUID zero, as returned by
        GET /v1/reciprocity-events/typed-data and signed. Needs the proposer signed in (the signer must be the caller: 403
        not-self). Checked off chain exactly as the registry will check it, stored durably, and relayed in a batch: 202 with the
        event id (`uid` = proposer << 96 | nonce) and Location. Posting the same signed message again answers the same 202.
        """;

    public static readonly string ConfirmationTypedData = $"""
        What the counterparty signs to confirm event `id`: an attestation under the reciprocity schema by the counterparty about
        the proposer with refUID = `id`, built from the proposal. Query: `rating` (1..5, the counterparty's own), `reference`
        (optional), `kind` (the proposal's by default), and optional `nonce`, `deadline`, `expiration`. 404 when `id` is no
        reciprocity proposal; 409 event-not-open when it is revoked, failed or confirmed already.

        {Encoding}
        """;

    public const string Confirm = """
        The counterparty's signed confirmation as returned by GET /v1/reciprocity-events/{id}/confirmation/typed-data. Only the
        counterparty named in the proposal may confirm, about the proposer, with refUID = the event id (400 naming the field
        otherwise). 202 with Location /v1/reciprocity-events/{id}. The event is `confirmed` once both attestations are on chain
        and neither is revoked.
        """;

    public const string Get = """
        The proposal, the counterparty's confirmation if any, and the event's status: `pending` (the proposal is still on its
        way), `proposed` (on chain, not yet confirmed), `confirmed` (both on chain, neither revoked), `revoked` or `failed`
        (with the registry's error). Decoded fields (`kind`, `rating`, `reference`) are under `proposal.fields`.
        """;

    public static readonly object ProposalTypedDataExample = new
    {
        types = new
        {
            EIP712Domain = new[] { Field("name", "string"), Field("version", "string"), Field("chainId", "uint256"), Field("verifyingContract", "address") },
            Attest = new[]
            {
                Field("attester", "address"), Field("schema", "bytes32"), Field("subject", "address"), Field("expiration", "uint48"),
                Field("refUID", "bytes32"), Field("nonce", "uint96"), Field("data", "bytes"), Field("deadline", "uint256"),
            },
        },
        primaryType = "Attest",
        domain = new Eip712Domain("TrustLedger Attestations", "1", 31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3"),
        message = Message(),
    };

    public static readonly object SignedProposalExample = new
    {
        message = Message(),
        signature = "0x" + new string('a', 128) + "1b",
    };

    public static readonly object AcceptedExample = new SubmittedResponse(ExampleId, 42, "pending");

    private static JsonObject Message() => new()
    {
        ["attester"] = Proposer,
        ["schema"] = ProductSchemas.Reciprocity.Uid,
        ["subject"] = Counterparty,
        ["expiration"] = "0",
        ["refUID"] = RegistryUids.ZeroBytes32,
        ["nonce"] = "10775",
        ["data"] = ExampleData,
        ["deadline"] = "1796400000",
    };

    private static object Field(string name, string type) => new { name, type };
}
