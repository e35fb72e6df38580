using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace TrustLedger.Core.Attestations;

// What AttestationStore returns. Addresses lower-case 0x hex, bytes32 values 0x hex, times unix seconds.

/// <summary>An indexed attestation: on chain, final after the configured confirmations.</summary>
public sealed class IndexedAttestation
{
    public string Uid { get; init; } = "";
    public string SchemaUid { get; init; } = "";
    public string Attester { get; init; } = "";
    public string Subject { get; init; } = "";
    /// <summary>The attestation this one refers to, or null.</summary>
    public string? RefUid { get; init; }
    /// <summary>Unix seconds after which it stops being valid; 0 = never.</summary>
    public long Expiration { get; init; }
    /// <summary>The schema-encoded payload as emitted.</summary>
    public byte[] Data { get; init; } = [];
    public long BlockNumber { get; init; }
    public long BlockTime { get; init; }
    public string TxHash { get; init; } = "";
    public long LogIndex { get; init; }
    public long? RevokedBlock { get; init; }
    public long? RevokedTime { get; init; }
    public string? RevokedTx { get; init; }
    /// <summary>The subject's answering attestation (refUID = this uid) that confirmed it both ways, or null.</summary>
    public string? ConfirmedBy { get; init; }
    public long? ConfirmedBlock { get; init; }

    public bool Revoked => RevokedBlock is not null;

    /// <summary>"confirmed" (mined and indexed) or "revoked". Pending requests are the relayer's to report.</summary>
    public string Status => Revoked ? "revoked" : "confirmed";
}

public sealed class IndexedSchema
{
    public string Uid { get; init; } = "";
    public string Definition { get; init; } = "";
    /// <summary>The hook contract, or the zero address.</summary>
    public string Hook { get; init; } = "";
    public bool Revocable { get; init; }
    public string Registerer { get; init; } = "";
    public long BlockNumber { get; init; }
    public string TxHash { get; init; } = "";
}

/// <summary>
/// One row of the reputation engine's edge list: attester -> subject under a schema. Raw on purpose:
/// the weight lives in <see cref="Data"/> (decoded per schema by the engine), validity at a given
/// time follows from <see cref="Expiration"/> and <see cref="RevokedTime"/>.
/// </summary>
public sealed class AttestationEdge
{
    public string Uid { get; init; } = "";
    public string Attester { get; init; } = "";
    public string Subject { get; init; } = "";
    public string SchemaUid { get; init; } = "";
    public byte[] Data { get; init; } = [];
    /// <summary>Block time of the attestation (unix seconds).</summary>
    public long Time { get; init; }
    public long BlockNumber { get; init; }
    /// <summary>Unix seconds; 0 = never expires.</summary>
    public long Expiration { get; init; }
    /// <summary>Block time of the revocation, or null while not revoked.</summary>
    public long? RevokedTime { get; init; }
    public string? RefUid { get; init; }
    /// <summary>The counterparty's confirming attestation, or null (the engine checks that one's validity too).</summary>
    public string? ConfirmedBy { get; init; }

    public bool Revoked => RevokedTime is not null;
}

/// <summary>Which attestations to list or count; every filter is optional, they combine with AND.</summary>
/// <param name="FromTime">block time, inclusive (unix seconds)</param>
/// <param name="ToTime">block time, exclusive</param>
/// <param name="Revoked">true: only revoked, false: only not revoked, null: both</param>
public sealed record AttestationFilter(
    string? Subject = null, string? Attester = null, string? Schema = null,
    long? FromTime = null, long? ToTime = null, bool? Revoked = null);

/// <summary>A page, newest first; <see cref="NextCursor"/> fetches the following page, null on the last.</summary>
public sealed record AttestationPage(IReadOnlyList<IndexedAttestation> Items, string? NextCursor);

/// <summary>
/// Position after the last attestation of a page, (block, log index), handed out as an opaque
/// base64url token. Keyset paging: stable while new attestations arrive, no OFFSET scans.
/// </summary>
public readonly record struct AttestationCursor(long BlockNumber, long LogIndex)
{
    private const string Prefix = "a1:";

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Prefix}{BlockNumber}:{LogIndex}")));

    public static bool TryDecode(string? token, out AttestationCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        string text;
        try
        {
            text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return false;
        }
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length..].Split(':') is not [var b, var l]) return false;
        if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var block)
            || !long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var log)) return false;
        cursor = new AttestationCursor(block, log);
        return true;
    }
}
