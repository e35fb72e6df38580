using System.Numerics;
using System.Security.Cryptography;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Relaying;

/// <summary>
/// A request as a typed-data endpoint builds it for a wallet to sign: the caller's fields, and
/// for what it leaves out a fresh random nonce, a deadline an hour away and no expiration.
/// </summary>
public static class UnsignedRequests
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromHours(1);

    /// <summary>A random 96-bit nonce: nonces are unordered, so any unused one works and collisions are negligible.</summary>
    public static BigInteger RandomNonce() => new(RandomNumberGenerator.GetBytes(12), isUnsigned: true, isBigEndian: true);

    /// <summary>An attestation to sign; bad fields are collected in <paramref name="f"/> under the query names.</summary>
    public static SignedAttestation Attestation(
        InputFields f, TimeProvider time, string attester, string schema, string subject, string data, string refUid,
        string? expiration, string? nonce, string? deadline) =>
        new(attester, schema, subject, (ulong)f.UInt("expiration", expiration, SignedMessages.MaxUInt48, 0), refUid,
            f.UInt("nonce", nonce, RegistryUids.MaxNonce, RandomNonce()), data,
            f.UInt("deadline", deadline, SignedMessages.MaxUInt256, time.GetUtcNow().Add(DefaultDeadline).ToUnixTimeSeconds()), "0x");
}
