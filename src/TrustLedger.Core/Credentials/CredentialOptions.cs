namespace TrustLedger.Core.Credentials;

/// <summary>Configuration section "Credentials".</summary>
public sealed class CredentialOptions
{
    public const string Section = "Credentials";

    /// <summary>
    /// Base of every URL written into credentials (our @context, credentialSchema ids, status lists,
    /// credentialStatus ids; see <see cref="CredentialUrls"/>), all served by this service. Empty: the
    /// service's own first listening URL (a local run: http://127.0.0.1:5080). Part of what is signed:
    /// when it changes, list the old one in <see cref="FormerPublicBaseUrls"/> so credentials signed with it still verify.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Earlier public bases whose URLs are still read as ours (https://trustledger.example always is).</summary>
    public string[] FormerPublicBaseUrls { get; set; } = [];

    /// <summary>How long a signed anchor or revocation may wait for the relayer before its signature expires.</summary>
    public TimeSpan AnchorDeadline { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long POST /credentials/issue waits for the new anchor to be indexed before it answers, so
    /// that the credential verifies (status.active) the moment it is handed out; 0 answers at once.
    /// On a chain with slow blocks or confirmations the wait runs out and the status reads "anchoring".
    /// </summary>
    public TimeSpan IssueAnchorWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the background check looks for confirmed reciprocity events without a credential (0 turns it off).</summary>
    public TimeSpan ReciprocityScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Chains whose credentials verification accepts; empty accepts any chain (their ids must still agree).</summary>
    public long[] AcceptedChainIds { get; set; } = [];

    /// <summary>
    /// Most product credentials (reputation, reciprocity, endorsement) anchored per UTC day: each is an
    /// anchor the service pays gas for on a party's behalf. Repeats of a stored credential are free;
    /// when the day's budget is spent, new ones wait for the next day (503 with Retry-After). 0 turns
    /// automatic issuance off. Shown in /health.
    /// </summary>
    public int AutomaticIssuancePerDay { get; set; } = 2000;

    /// <summary>Product credentials (reciprocity, endorsement, reputation) carry validUntil = validFrom + this; null: no expiry.</summary>
    public TimeSpan? ProductCredentialLifetime { get; set; }

    /// <summary>
    /// Origins (scheme://host[:port]) whose Bitstring Status List credentials the verifier may fetch,
    /// for credentials of issuers it trusts. Our own lists (under PublicBaseUrl) are read locally
    /// and need no entry. Empty: no list of anyone else is fetched (such a status is skipped, so not trusted).
    /// </summary>
    public string[] StatusListOrigins { get; set; } = [];

    /// <summary>Largest status list response read (bytes); a larger one is refused.</summary>
    public int StatusListMaxBytes { get; set; } = 256 * 1024;

    /// <summary>How long one status list fetch may take, connection included.</summary>
    public TimeSpan StatusListFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a fetched status list is reused before it is fetched again.</summary>
    public TimeSpan StatusListCacheTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Address of the ERC-1056 registry (EthereumDIDRegistry) on the connected chain that did:ethr DIDs
    /// of this chain are read from: keys added, rotated or revoked there count, as of when a credential
    /// was signed. Unset: did:ethr DIDs resolve as if the registry had never changed them (a note in the
    /// resolution metadata says so), and the issuer cannot rotate its key.
    /// </summary>
    public string? EthrDidRegistry { get; set; }
}
