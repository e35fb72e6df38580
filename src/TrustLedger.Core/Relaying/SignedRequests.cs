using System.Numerics;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Relaying;

/// <summary>
/// An attestation signed by its attester for the relayer to submit (EIP-712 type "Attest").
/// Addresses are lower-case 0x hex; bytes are 0x hex; numbers are exact.
/// </summary>
public sealed record SignedAttestation(
    string Attester,
    string Schema,
    string Subject,
    ulong Expiration,
    string RefUid,
    BigInteger Nonce,
    string Data,
    BigInteger Deadline,
    string Signature)
{
    /// <summary>The uid the registry gives it: attester in the high 20 bytes, the 96-bit nonce below.</summary>
    public string Uid => RegistryUids.UidOf(Attester, Nonce);

    public DelegatedAttestationRequest ToContract() => new()
    {
        Attester = Attester,
        Request = new AttestationRequest
        {
            Schema = Hex.Decode(Schema),
            Subject = Subject,
            Expiration = Expiration,
            RefUid = Hex.Decode(RefUid),
            Nonce = Nonce,
            Data = Hex.Decode(Data),
        },
        Deadline = Deadline,
        Signature = Hex.Decode(Signature),
    };
}

/// <summary>A revocation signed by the attestation's attester (EIP-712 type "Revoke").</summary>
public sealed record SignedRevocation(string Revoker, string Uid, BigInteger Nonce, BigInteger Deadline, string Signature)
{
    public DelegatedRevocationRequest ToContract() => new()
    {
        Revoker = Revoker,
        Uid = Hex.Decode(Uid),
        Nonce = Nonce,
        Deadline = Deadline,
        Signature = Hex.Decode(Signature),
    };
}

public static class RegistryUids
{
    public static readonly BigInteger MaxNonce = (BigInteger.One << 96) - 1;

    public const string ZeroBytes32 = "0x0000000000000000000000000000000000000000000000000000000000000000";
    public const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    /// <summary>uid = attester &lt;&lt; 96 | nonce, as bytes32 hex.</summary>
    public static string UidOf(string attester, BigInteger nonce)
    {
        if (nonce < 0 || nonce > MaxNonce) throw new ArgumentOutOfRangeException(nameof(nonce), "a nonce is a uint96");
        var bytes = new byte[32];
        Hex.Decode(attester).CopyTo(bytes, 0);
        var n = nonce.ToByteArray(isUnsigned: true, isBigEndian: true);
        n.CopyTo(bytes, 32 - n.Length);
        return Hex.Encode(bytes);
    }

    /// <summary>The attester encoded in a uid.</summary>
    public static string AttesterOf(string uid) => Hex.Encode(Hex.Decode(uid).AsSpan(0, 20));

    /// <summary>The nonce encoded in a uid.</summary>
    public static BigInteger NonceOf(string uid) => new(Hex.Decode(uid).AsSpan(20, 12), isUnsigned: true, isBigEndian: true);
}
