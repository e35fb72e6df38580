using Nethereum.Hex.HexTypes;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Attestations;

/// <summary>Registers the product schemas on the registry once; their ids are deterministic, so this is idempotent.</summary>
public static class ProductSchemaRegistration
{
    public static async Task EnsureRegisteredAsync(ChainConnection chain, ILogger logger, CancellationToken ct)
    {
        var registry = chain.Deployment.AddressOf(ProductContracts.Registry);
        foreach (var schema in ProductSchemas.All)
        {
            ct.ThrowIfCancellationRequested();
            var record = (await chain.Web3.Eth.GetContractQueryHandler<GetSchemaFunction>()
                .QueryDeserializingToObjectAsync<GetSchemaOutput>(new GetSchemaFunction { Uid = Hex.Decode(schema.Uid) }, registry)).Record;
            if (record.Uid.Any(b => b != 0)) continue;
            var register = new RegisterSchemaFunction { Schema = schema.Definition, Revocable = schema.Revocable };
            var handler = chain.Web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>();
            register.Gas = new HexBigInteger((await handler.EstimateGasAsync(registry, register)).Value * 12 / 10);
            var receipt = await handler.SendRequestAndWaitForReceiptAsync(registry, register, ct);
            if (receipt.Status.Value != 1)
                throw new ChainSetupException($"registering schema {schema.Name} failed in {receipt.TransactionHash}");
            logger.LogInformation("Registered schema {Name} ({Uid}): {Definition}", schema.Name, schema.Uid, schema.Definition);
        }
    }
}
