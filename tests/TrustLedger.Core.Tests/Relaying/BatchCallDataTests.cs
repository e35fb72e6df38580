using System.Numerics;
using Nethereum.Contracts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Tests.Relaying;

/// <summary>The relayer's own batch encoder against Nethereum's, byte for byte.</summary>
public sealed class BatchCallDataTests
{
    private static string RandomHex(Random random, int bytes)
    {
        var b = new byte[bytes];
        random.NextBytes(b);
        return Hex.Encode(b);
    }

    private static SignedAttestation RandomAttestation(Random random, int dataBytes) => new(
        EthPrivateKey.Generate().Address.ToLowerHex(), RandomHex(random, 32), EthPrivateKey.Generate().Address.ToLowerHex(),
        (ulong)random.NextInt64(0, 1L << 47), random.Next(2) == 0 ? RegistryUids.ZeroBytes32 : RandomHex(random, 32),
        new BigInteger(random.NextInt64()) * random.Next(1, 1 << 30) % RegistryUids.MaxNonce, RandomHex(random, dataBytes),
        new BigInteger(random.NextInt64(0, long.MaxValue)) << 64, RandomHex(random, 65));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void Attest_EqualsNethereumsEncoding(int count)
    {
        var random = new Random(count);
        var requests = Enumerable.Range(0, count).Select(i => RandomAttestation(random, i % 5 == 0 ? 0 : random.Next(1, 400))).ToList();

        var expected = new MultiAttestByDelegationFunction { Requests = [.. requests.Select(r => r.ToContract())] }.GetCallData();

        Assert.Equal(Hex.Encode(expected), Hex.Encode(BatchCallData.Attest(requests)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Revoke_EqualsNethereumsEncoding(int count)
    {
        var random = new Random(count);
        var requests = Enumerable.Range(0, count).Select(_ => new SignedRevocation(EthPrivateKey.Generate().Address.ToLowerHex(),
            RandomHex(random, 32), random.Next(), random.NextInt64(0, long.MaxValue), RandomHex(random, 65))).ToList();

        var expected = new MultiRevokeByDelegationFunction { Requests = [.. requests.Select(r => r.ToContract())] }.GetCallData();

        Assert.Equal(Hex.Encode(expected), Hex.Encode(BatchCallData.Revoke(requests)));
    }
}
