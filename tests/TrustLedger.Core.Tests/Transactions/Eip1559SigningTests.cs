using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3.Accounts;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Core.Tests.Transactions;

/// <summary>The sender's native type-2 signer against Nethereum's, byte for byte (both sign deterministically, RFC 6979).</summary>
public sealed class Eip1559SigningTests
{
    [Theory]
    [InlineData(0, 0, 21_000)]
    [InlineData(1, 127, 100_000)]
    [InlineData(56, 128, 30_000_000)]
    [InlineData(30_000, 1_000_000, 40_000_000)]
    public void Sign_EqualsNethereumsSignedTransaction(int dataBytes, long nonce, long gas)
    {
        var random = new Random(dataBytes);
        var data = new byte[dataBytes];
        random.NextBytes(data);
        using var key = EthPrivateKey.Generate();
        var secret = new byte[32];
        key.ExportSecret(secret);
        var account = new Account(Hex.Encode(secret), 31337);
        var to = EthPrivateKey.Generate().Address.ToLowerHex();
        var (tip, maxFee) = (new BigInteger(1_000_000_000), new BigInteger(random.NextInt64(1, long.MaxValue)) * 1000);

        var expected = new AccountOfflineTransactionSigner().SignTransaction(account, new TransactionInput
        {
            From = account.Address, To = to, Data = Hex.Encode(data), Value = new HexBigInteger(0), Gas = new HexBigInteger(gas),
            MaxFeePerGas = new HexBigInteger(maxFee), MaxPriorityFeePerGas = new HexBigInteger(tip), Nonce = new HexBigInteger(nonce),
            Type = new HexBigInteger(2), ChainId = new HexBigInteger(31337),
        });

        Assert.Equal(Hex.Encode(Hex.Decode(expected)), Hex.Encode(Eip1559Signing.Sign(key, 31337, nonce, tip, maxFee, gas, to, data)));
    }
}
