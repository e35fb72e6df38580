using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// A Hardhat node of our own, for tests that rewrite chain history (evm_snapshot / evm_revert): on the
/// shared node a revert would also undo the transactions of every test running beside them.
/// Shared by the classes of the "Dedicated chain" collection, which therefore run one after another.
/// </summary>
public sealed class DedicatedNode : IAsyncLifetime
{
    private PrivateNode? _node;

    public string RpcUrl => _node?.Url ?? throw new InvalidOperationException("the node has not started");

    public async ValueTask InitializeAsync() => _node = await PrivateNode.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}

[CollectionDefinition("Dedicated chain")]
public sealed class DedicatedChainCollection : ICollectionFixture<DedicatedNode>;
