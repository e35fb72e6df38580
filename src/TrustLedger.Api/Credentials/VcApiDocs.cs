using System.Text.Json.Nodes;

namespace TrustLedger.Api.Credentials;

/// <summary>What /docs says about the W3C CCG VC API endpoints.</summary>
internal static class VcApiDocs
{
    public const string Issue = """
        Issuer role only. Body `{credential, options}` (VC API): the credential without a proof. The service signs it as its
        issuer DID (EIP-712 by default, `options.format: "vc+jwt"` for VC-JOSE-COSE; a credential EIP-712 cannot type falls back
        to vc+jwt when no format was asked for), anchors its hash on chain and answers 201 `{verifiableCredential}` once the
        anchor is indexed (Credentials:IssueAnchorWait at most), so it verifies right away. Location: /v1/credentials/{id}.
        """;

    public const string Verify = """
        Anyone. Body `{verifiableCredential, options}`. Checks structure, contexts, schema, the proof (EIP-712 or JWS), the
        issuer, validity dates and status (the on-chain anchor, as of the indexed block). 200 with the VC API verification
        result when it verifies; 400 credential-not-verified, a problem-details document whose members are the same
        verification result (`verified: false`, `checks`, `problemDetails` with a stable code per failed check, `results`).
        Never 5xx for a bad credential: malformed JWS, bad base64 or an unknown DID are failed checks.
        """;

    public const string VerifyPresentation = """
        Anyone. Body `{verifiablePresentation, options: {challenge, domain, requireHolderIsSubject}}`. The presentation is
        JSON with an EIP-712 holder proof (proofPurpose authentication, or assertionMethod as Veramo signs it; VC 1.1
        presentations may carry credentials as strings), or none; or a VC-JOSE-COSE vp+jwt, as a compact string or an
        EnvelopedVerifiablePresentation (data:application/vp+jwt,...), whose nonce and aud must be the challenge and
        domain when given. The signer must be the holder and, unless requireHolderIsSubject is false, the holder a
        subject of every credential (holder.not_subject). Every credential inside is checked as POST /credentials/verify
        does. 200 when all verify, 400 presentation-not-verified (the verification result as problem details) when not.
        """;

    public static readonly object IssueExample = new
    {
        credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiableCredential"),
            ["credentialSubject"] = new JsonObject { ["id"] = "did:pkh:eip155:31337:0x70997970C51812dc3A010C7d01b50e0d17dc79C8", ["memberOf"] = "Chamber of Commerce" },
        },
        options = new { format = "eip712" },
    };
}
