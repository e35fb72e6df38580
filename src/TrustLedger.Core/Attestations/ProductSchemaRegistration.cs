using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Attestations;

/// <summary>
/// Registers the product schemas on the registry where missing; their ids are deterministic, so this is
/// idempotent. Run by the service at start-up (as its relayer) and by <c>trustledger deploy</c> (as the deployer).
/// </summary>
public static class ProductSchemaRegistration
{
    /// <summary>The product schemas not yet registered on <paramref name="registry"/>.</summary>
    public static async Task<IReadOnlyList<SchemaSpec>> MissingAsync(IWeb3 web3, string registry, CancellationToken ct = default)
    {
        var missing = new List<SchemaSpec>();
        foreach (var schema in ProductSchemas.All)
        {
            ct.ThrowIfCancellationRequested();
            var record = (await web3.Eth.GetContractQueryHandler<GetSchemaFunction>()
                .QueryDeserializingToObjectAsync<GetSchemaOutput>(new GetSchemaFunction { Uid = Hex.Decode(schema.Uid) }, registry)).Record;
            if (record.Uid.All(b => b == 0)) missing.Add(schema);
        }
        return missing;
    }

    /// <summary>Registers each missing schema from the web3's account, at <paramref name="fee"/> when given.</summary>
    public static async Task<int> EnsureRegisteredAsync(IWeb3 web3, string registry, ILogger logger, FeeBid? fee = null, CancellationToken ct = default)
    {
        var missing = await MissingAsync(web3, registry, ct);
        foreach (var schema in missing)
        {
            ct.ThrowIfCancellationRequested();
            var register = new RegisterSchemaFunction { Schema = schema.Definition, Revocable = schema.Revocable };
            var handler = web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>();
            register.Gas = new HexBigInteger((await handler.EstimateGasAsync(registry, register)).Value * 12 / 10);
            if (fee is { } bid)
            {
                register.MaxFeePerGas = new HexBigInteger(bid.MaxFeePerGas);
                register.MaxPriorityFeePerGas = new HexBigInteger(bid.Tip);
            }
            var receipt = await handler.SendRequestAndWaitForReceiptAsync(registry, register, ct);
            if (receipt.Status.Value != 1)
                throw new ChainSetupException($"registering schema {schema.Name} failed in {receipt.TransactionHash}");
            logger.LogInformation("Registered schema {Name} ({Uid}): {Definition}", schema.Name, schema.Uid, schema.Definition);
        }
        return missing.Count;
    }

    /// <summary>
    /// An upper bound of registering <paramref name="schema"/>, for the cost shown before a fresh deploy (the registry
    /// to estimate against does not exist yet): the transaction's base, its calldata at 16 gas a byte, three fresh
    /// storage slots (the entry, the reverse index, the counter), the SchemaRegistered log with the definition, and
    /// 20,000 for execution. Each registration is estimated by the node again just before it is sent.
    /// </summary>
    public static BigInteger GasBound(SchemaSpec schema)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(schema.Definition);
        var calldata = 4 + 32 * 4 + (bytes + 31) / 32 * 32;
        return 21_000 + 16 * calldata + 3 * 22_100 + 375 * 4 + 8 * (bytes + 96) + 20_000;
    }
}
