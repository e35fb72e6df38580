using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Indexing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>The indexer against the real local node, on both databases.</summary>
public abstract class IndexerTests(string kind) : IndexerTestBase(kind)
{
    private const string ScoreSchema = "address partner,uint8 score,string context";

    [Fact]
    public async Task Backfill_IndexesSchemasAttestationsRevocationsAndConfirmations_Exactly()
    {
        var registry = await TestRegistry.DeployAsync(TestServices.RequireChain(), await TestServices.FundedMnemonicAsync());
        var score = await registry.RegisterSchemaAsync(ScoreSchema);
        var flag = await registry.RegisterSchemaAsync("bool ok", revocable: false);
        var (a1, a2, a3) = (registry.AddressOf(1), registry.AddressOf(2), registry.AddressOf(3));
        var now = (long)(await BlockAsync(registry.RpcUrl, await HeadAsync(registry.RpcUrl))).Timestamp.Value;

        // 1 -> 2 alone; 1 -> 2, 3 in one multiAttest (one with an expiration, one with no data);
        // 2 answers 1's first attestation (refUID: confirms it); 3 -> 1 under the second schema; 1 revokes one.
        var first = registry.Request(1, score, a2, Payload(160));
        var batch = new List<AttestationRequest>
        {
            registry.Request(1, score, a2, Payload(96)),
            registry.Request(1, score, a3, Payload(33), expiration: (ulong)now + 1_000_000),
            registry.Request(1, flag, a3, []),
        };
        var sent = new List<(int Attester, AttestationRequest Request, Nethereum.RPC.Eth.DTOs.TransactionReceipt Receipt)>
        {
            (1, first, await registry.AttestAsync(1, first)),
        };
        var multi = await registry.MultiAttestAsync(1, batch);
        sent.AddRange(batch.Select(r => (1, r, multi)));
        var answer = registry.Request(2, score, a1, Payload(64), refUid: registry.UidOf(1, first));
        sent.Add((2, answer, await registry.AttestAsync(2, answer)));
        var other = registry.Request(3, flag, a1, Payload(1));
        sent.Add((3, other, await registry.AttestAsync(3, other)));
        var revoked = registry.UidOf(1, batch[0]);
        var revocation = await registry.RevokeAsync(1, revoked);

        var db = await FreshDatabaseAsync();
        await CatchUpAsync(NewIndexer(db, registry));

        var indexed = (await AllAttestationsAsync(db)).ToDictionary(a => a.Uid);
        Assert.Equal(sent.Count, indexed.Count);
        foreach (var (attester, request, receipt) in sent)
        {
            var uid = registry.UidOf(attester, request);
            var row = indexed[uid];
            var log = AttestedLogs(receipt)[uid];
            Assert.Equal(RegistryLogDecoder.Hex(request.Schema), row.SchemaUid);
            Assert.Equal(registry.AddressOf(attester), row.Attester);
            Assert.Equal(request.Subject.ToLowerInvariant(), row.Subject);
            Assert.Equal(request.RefUid.Any(b => b != 0) ? RegistryLogDecoder.Hex(request.RefUid) : null, row.RefUid);
            Assert.Equal((long)request.Expiration, row.Expiration);
            Assert.Equal(request.Data, row.Data);
            Assert.Equal((long)receipt.BlockNumber.Value, row.BlockNumber);
            Assert.Equal((long)(await BlockAsync(registry.RpcUrl, row.BlockNumber)).Timestamp.Value, row.BlockTime);
            Assert.Equal(receipt.TransactionHash.ToLowerInvariant(), row.TxHash);
            Assert.Equal((long)log.LogIndex.Value, row.LogIndex);
            Assert.Equal(uid == revoked, row.Revoked);
        }
        var revokedRow = indexed[revoked];
        Assert.Equal("revoked", revokedRow.Status);
        Assert.Equal((long)revocation.BlockNumber.Value, revokedRow.RevokedBlock);
        Assert.Equal(revocation.TransactionHash.ToLowerInvariant(), revokedRow.RevokedTx);
        Assert.Equal((long)(await BlockAsync(registry.RpcUrl, revokedRow.RevokedBlock!.Value)).Timestamp.Value, revokedRow.RevokedTime);
        var confirmed = indexed[registry.UidOf(1, first)];
        Assert.Equal(registry.UidOf(2, answer), confirmed.ConfirmedBy);
        Assert.Equal(indexed[registry.UidOf(2, answer)].BlockNumber, confirmed.ConfirmedBlock);
        Assert.Single(indexed.Values, a => a.ConfirmedBy is not null);

        var schemas = await WithConnectionAsync(db, c => AttestationStore.ListSchemasAsync(c, Ct));
        Assert.Equal([(score, ScoreSchema, true), (flag, "bool ok", false)], schemas.Select(s => (s.Uid, s.Definition, s.Revocable)));
        Assert.All(schemas, s => Assert.Equal(registry.AddressOf(0), s.Registerer));
        Assert.All(schemas, s => Assert.Equal("0x" + new string('0', 40), s.Hook));

        var checkpoint = await CheckpointAsync(db);
        var head = await HeadAsync(registry.RpcUrl);
        Assert.True(checkpoint!.BlockNumber >= (long)revocation.BlockNumber.Value);
        Assert.Equal((await BlockAsync(registry.RpcUrl, checkpoint.BlockNumber)).BlockHash.ToLowerInvariant(), checkpoint.BlockHash);
        Assert.True(checkpoint.BlockNumber <= head);
    }

    [Fact]
    public async Task Restart_ResumesFromTheCheckpoint_WithoutReadingOldBlocksOrDuplicating()
    {
        var registry = await TestRegistry.DeployAsync(TestServices.RequireChain(), await TestServices.FundedMnemonicAsync());
        var schema = await registry.RegisterSchemaAsync(ScoreSchema);
        await registry.MultiAttestAsync(1, [.. Enumerable.Range(0, 5).Select(_ => registry.Request(1, schema, registry.AddressOf(2), Payload(40)))]);
        var db = await FreshDatabaseAsync();
        await CatchUpAsync(NewIndexer(db, registry));
        var before = await CheckpointAsync(db);

        await registry.MultiAttestAsync(2, [.. Enumerable.Range(0, 4).Select(_ => registry.Request(2, schema, registry.AddressOf(3), Payload(40)))]);
        await using var proxy = new JsonRpcProxy(registry.RpcUrl);
        await CatchUpAsync(NewIndexer(db, registry, proxy.Url)); // a new process: nothing in memory

        var logRequests = proxy.Requests.Where(r => (string?)r["method"] == "eth_getLogs").ToList();
        Assert.NotEmpty(logRequests);
        Assert.Equal(before!.BlockNumber + 1, Convert.ToInt64((string)logRequests[0]["params"]![0]!["fromBlock"]!, 16));
        var all = await AllAttestationsAsync(db);
        Assert.Equal(9, all.Count);
        Assert.Equal(9, all.Select(a => a.Uid).Distinct().Count());
        Assert.Equal(9, await WithConnectionAsync(db, c => AttestationStore.CountAsync(c, new AttestationFilter(), Ct)));
    }

    [Fact]
    public async Task StaleSecondIndexer_IsFencedOffByTheCheckpoint_AndWritesNothing()
    {
        var registry = await TestRegistry.DeployAsync(TestServices.RequireChain(), await TestServices.FundedMnemonicAsync());
        var schema = await registry.RegisterSchemaAsync(ScoreSchema);
        var db = await FreshDatabaseAsync();
        var first = NewIndexer(db, registry);
        var second = NewIndexer(db, registry);
        // Second first: on the shared chain other tests may add blocks in between, and then the first
        // must be the one holding the newest checkpoint. Either way the second's is not newer.
        await CatchUpAsync(second);
        await CatchUpAsync(first);

        await registry.AttestAsync(1, registry.Request(1, schema, registry.AddressOf(2), Payload(8)));
        await CatchUpAsync(first);
        await registry.AttestAsync(1, registry.Request(1, schema, registry.AddressOf(2), Payload(8)));

        await Assert.ThrowsAsync<IndexerFencedException>(() => second.StepAsync(null, Ct));
        Assert.Single(await AllAttestationsAsync(db));
        await CatchUpAsync(first);
        Assert.Equal(2, (await AllAttestationsAsync(db)).Count);
    }
}

public sealed class SqliteIndexerTests() : IndexerTests("sqlite");

public sealed class PostgresIndexerTests() : IndexerTests("postgres");
