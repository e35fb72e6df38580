using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>The shared queries over an index built from real chain events, on both databases.</summary>
public abstract class AttestationStoreTests(string kind) : IndexerTestBase(kind)
{
    private sealed record Indexed(TestRegistry Registry, Core.Data.Database Db, string Score, string Flag, List<string> Uids);

    /// <summary>
    /// 1 attests 2 (x7, three transactions) and 3 (x2); 2 attests 3 (x3, one under the second schema);
    /// 1 revokes one of its attestations about 2.
    /// </summary>
    private async Task<Indexed> IndexedGraphAsync()
    {
        var registry = await TestRegistry.DeployAsync(TestServices.RequireChain(), await TestServices.FundedMnemonicAsync());
        var score = await registry.RegisterSchemaAsync("uint8 score");
        var flag = await registry.RegisterSchemaAsync("bool ok");
        var uids = new List<string>();
        async Task Send(int attester, params AttestationRequest[] requests)
        {
            await registry.MultiAttestAsync(attester, [.. requests]);
            uids.AddRange(requests.Select(r => registry.UidOf(attester, r)));
        }
        AttestationRequest R(int attester, string schema, int subject) => registry.Request(attester, schema, registry.AddressOf(subject), Payload(8));
        await Send(1, R(1, score, 2), R(1, score, 2), R(1, score, 3));
        await Send(2, R(2, score, 3), R(2, flag, 3));
        await Send(1, R(1, score, 2), R(1, score, 2), R(1, score, 2));
        await Send(2, R(2, score, 3));
        await Send(1, R(1, score, 2), R(1, score, 2), R(1, score, 3));
        await registry.RevokeAsync(1, uids[0]);
        var db = await FreshDatabaseAsync();
        await CatchUpAsync(NewIndexer(db, registry));
        return new Indexed(registry, db, score, flag, uids);
    }

    [Fact]
    public async Task List_BySubject_PagesNewestFirst_WithCursors_WithoutGapsOrRepeats()
    {
        var g = await IndexedGraphAsync();
        var subject = g.Registry.AddressOf(2).ToUpperInvariant().Replace("0X", "0x"); // any case matches

        var pages = new List<AttestationPage>();
        AttestationCursor? after = null;
        do
        {
            var page = await WithConnectionAsync(g.Db, c => AttestationStore.ListAsync(c, new AttestationFilter(Subject: subject), after, 3, Ct));
            pages.Add(page);
            after = page.NextCursor is { } token && AttestationCursor.TryDecode(token, out var next) ? next : null;
        } while (after is not null);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.Null(pages[^1].NextCursor);
        var items = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(7, items.Select(a => a.Uid).Distinct().Count());
        Assert.All(items, a => Assert.Equal(g.Registry.AddressOf(2), a.Subject));
        Assert.Equal(items.OrderByDescending(a => a.BlockNumber).ThenByDescending(a => a.LogIndex).Select(a => a.Uid), items.Select(a => a.Uid));
    }

    [Fact]
    public async Task List_ByAttesterSchemaTimeAndRevocation_FiltersCombine()
    {
        var g = await IndexedGraphAsync();
        var all = await AllAttestationsAsync(g.Db);
        Task<AttestationPage> List(AttestationFilter f) => WithConnectionAsync(g.Db, c => AttestationStore.ListAsync(c, f, null, 100, Ct));

        Assert.Equal(9, (await List(new(Attester: g.Registry.AddressOf(1)))).Items.Count);
        Assert.Equal(3, (await List(new(Attester: g.Registry.AddressOf(2)))).Items.Count);
        Assert.Single((await List(new(Schema: g.Flag))).Items);
        Assert.Equal(2, (await List(new(Attester: g.Registry.AddressOf(2), Schema: g.Score))).Items.Count);
        Assert.Equal([g.Uids[0]], (await List(new(Revoked: true))).Items.Select(a => a.Uid));
        Assert.Equal(11, (await List(new(Revoked: false))).Items.Count);

        // Time range [from, to): the blocks of the 2nd and 3rd transactions.
        var times = all.Select(a => a.BlockTime).Distinct().Order().ToList();
        var window = (await List(new(FromTime: times[1], ToTime: times[3]))).Items;
        Assert.Equal(all.Where(a => a.BlockTime >= times[1] && a.BlockTime < times[3]).Select(a => a.Uid).Order(), window.Select(a => a.Uid).Order());
        Assert.Equal(5, window.Count);
    }

    [Fact]
    public async Task Count_MatchesTheListedRows_ForEachFilter()
    {
        var g = await IndexedGraphAsync();
        AttestationFilter[] filters =
        [
            new(), new(Subject: g.Registry.AddressOf(3)), new(Attester: g.Registry.AddressOf(1), Revoked: false),
            new(Schema: g.Score), new(Subject: g.Registry.AddressOf(9)),
        ];
        foreach (var filter in filters)
        {
            var count = await WithConnectionAsync(g.Db, c => AttestationStore.CountAsync(c, filter, Ct));
            var listed = await WithConnectionAsync(g.Db, c => AttestationStore.ListAsync(c, filter, null, 100, Ct));
            Assert.Equal(listed.Items.Count, count);
        }
        Assert.Equal(12, await WithConnectionAsync(g.Db, c => AttestationStore.CountAsync(c, new(), Ct)));
    }

    [Fact]
    public async Task Get_ByUid_GivesStatusAndBlock_AndNullForAnUnknownUid()
    {
        var g = await IndexedGraphAsync();

        var revoked = await WithConnectionAsync(g.Db, c => AttestationStore.GetAsync(c, g.Uids[0].ToUpperInvariant().Replace("0X", "0x"), Ct));
        var valid = await WithConnectionAsync(g.Db, c => AttestationStore.GetAsync(c, g.Uids[1], Ct));
        var unknown = await WithConnectionAsync(g.Db, c => AttestationStore.GetAsync(c, "0x" + new string('a', 64), Ct));

        Assert.Equal(("revoked", true), (revoked!.Status, revoked.RevokedBlock > revoked.BlockNumber));
        Assert.Equal("confirmed", valid!.Status);
        Assert.True(valid.BlockNumber > g.Registry.DeploymentBlock);
        Assert.Null(unknown);
        Assert.Equal("uint8 score", (await WithConnectionAsync(g.Db, c => AttestationStore.GetSchemaAsync(c, g.Score, Ct)))!.Definition);
    }

    [Fact]
    public async Task Edges_StreamEveryAttestationInChainOrder_WithTheRawFieldsTheEngineNeeds()
    {
        var g = await IndexedGraphAsync();
        var rows = (await AllAttestationsAsync(g.Db)).ToDictionary(a => a.Uid);

        var edges = new List<AttestationEdge>();
        await using (var connection = await g.Db.OpenConnectionAsync(Ct))
            await foreach (var edge in AttestationStore.StreamEdgesAsync(connection, ct: Ct))
                edges.Add(edge);
        var flagEdges = new List<AttestationEdge>();
        await using (var connection = await g.Db.OpenConnectionAsync(Ct))
            await foreach (var edge in AttestationStore.StreamEdgesAsync(connection, g.Flag, Ct))
                flagEdges.Add(edge);

        Assert.Equal(g.Uids, edges.Select(e => e.Uid)); // chain order = the order they were sent
        foreach (var edge in edges)
        {
            var row = rows[edge.Uid];
            Assert.Equal((row.Attester, row.Subject, row.SchemaUid, row.BlockTime, row.Expiration, row.RevokedTime, row.RefUid, row.ConfirmedBy),
                (edge.Attester, edge.Subject, edge.SchemaUid, edge.Time, edge.Expiration, edge.RevokedTime, edge.RefUid, edge.ConfirmedBy));
            Assert.Equal(row.Data, edge.Data);
        }
        Assert.Equal([g.Uids[0]], edges.Where(e => e.Revoked).Select(e => e.Uid));
        Assert.Equal([g.Uids[4]], flagEdges.Select(e => e.Uid));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("YTE6MTI")] // "a1:12": no log index
    [InlineData("eDE6MToy")] // "x1:1:2": unknown version
    public void Cursor_RejectsTokensItDidNotIssue(string token) => Assert.False(AttestationCursor.TryDecode(token, out _));

    [Fact]
    public void Cursor_RoundTrips()
    {
        var cursor = new AttestationCursor(123_456_789, 42);
        Assert.True(AttestationCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }
}

public sealed class SqliteAttestationStoreTests() : AttestationStoreTests("sqlite");

public sealed class PostgresAttestationStoreTests() : AttestationStoreTests("postgres");
