namespace TrustLedger.Core.Credentials.OpenId4Vci;

/// <summary>Configuration section "OpenId4Vci": lifetimes and limits of the pre-authorized code flow.</summary>
public sealed class OpenId4VciOptions
{
    public const string Section = "OpenId4Vci";

    /// <summary>How long a credential offer (its pre-authorized code) can be redeemed.</summary>
    public TimeSpan OfferLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the access token from the token endpoint is good for.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a c_nonce from the nonce endpoint is good for (each is used once).</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Oldest proof of possession accepted (its iat).</summary>
    public TimeSpan ProofMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wrong transaction codes before the offer is spent: a 6-digit code cannot be guessed in this many tries (1 in 200,000).</summary>
    public int MaxTransactionCodeAttempts { get; set; } = 5;

    /// <summary>Digits of the transaction code (the PIN the dashboard shows beside the QR code).</summary>
    public int TransactionCodeLength { get; set; } = 6;
}
