using TrustLedger.Core.Attestations;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// Confirmations, on the dedicated node: nobody else mines there, so the test controls exactly how
/// deep the attestation's block is.
/// </summary>
public abstract class ConfirmationTests(string kind, DedicatedNode node) : IndexerTestBase(kind)
{
    [Fact]
    public async Task WithThreeConfirmations_ABlockIsIndexedOnlyOnceThreeBlocksSitOnTopOfIt()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var schema = await registry.RegisterSchemaAsync("uint8 score");
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry, confirmations: 3);
        var request = registry.Request(1, schema, registry.AddressOf(2), Payload(10));
        var block = (long)(await registry.AttestAsync(1, request)).BlockNumber.Value;
        using var http = new HttpClient();

        for (var onTop = 0; onTop <= 3; onTop++)
        {
            await CatchUpAsync(indexer);
            var checkpoint = (await CheckpointAsync(db))!.BlockNumber;
            var row = await WithConnectionAsync(db, c => AttestationStore.GetAsync(c, registry.UidOf(1, request), Ct));
            Assert.Equal(block + onTop - 3, checkpoint);
            Assert.Equal(3, indexer.Status.Lag);
            if (onTop < 3) Assert.Null(row);
            else Assert.Equal(block, row!.BlockNumber);
            await TestServices.RpcAsync(http, node.RpcUrl, "evm_mine");
        }
    }
}

[Collection("Dedicated chain")]
public sealed class SqliteConfirmationTests(DedicatedNode node) : ConfirmationTests("sqlite", node);

[Collection("Dedicated chain")]
public sealed class PostgresConfirmationTests(DedicatedNode node) : ConfirmationTests("postgres", node);
