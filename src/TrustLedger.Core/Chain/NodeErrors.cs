using Nethereum.JsonRpc.Client;

namespace TrustLedger.Core.Chain;

/// <summary>How to read a failed JSON-RPC call: the node is in trouble, or it gave a verdict on our request.</summary>
public static class NodeErrors
{
    /// <summary>Errors that say the node is unreachable or struggling, as opposed to a verdict on our request.</summary>
    public static bool IsNodeTrouble(Exception e) => e is HttpRequestException or RpcClientTimeoutException or RpcClientUnknownException
        or TaskCanceledException or IOException || e.InnerException is { } inner && IsNodeTrouble(inner);

    /// <summary>The node's message of a refused call.</summary>
    public static string MessageOf(Exception e) => e is RpcResponseException rpc ? rpc.RpcError?.Message ?? rpc.Message : e.Message;
}
