using System.Numerics;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.Eth.Transactions;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Relaying;

/// <summary>
/// The two questions intake asks the node about every request (does the signer have code: the signature rule; is the
/// signer's nonce used), asked for all requests arriving together in one JSON-RPC batch (<see cref="Coalescer{TIn, TOut}"/>):
/// one HTTP round trip per group instead of two per request, on a node whose time the relayer's batches need. The
/// answers are read at the latest block when the group goes out, exactly what asking one at a time would read.
/// A node error for one question fails only the request that asked it.
/// </summary>
public sealed class IntakeReads
{
    private readonly IWeb3 _web3;
    private readonly string _registry;
    private const int MaxCallsPerBatch = 100;
    private readonly Coalescer<Question, Answer> _questions;
    private readonly Coalescer<(Question, Question), (Answer, Answer)> _pairs;

    public IntakeReads(IWeb3 web3, string registry)
    {
        _web3 = web3;
        _registry = registry;
        // At most 100 calls per JSON-RPC batch: hosted providers cap batch sizes (100 is a common cap).
        _questions = new(AskAsync, MaxCallsPerBatch);
        _pairs = new(async pairs =>
        {
            var answers = await AskAsync([.. pairs.SelectMany(p => new[] { p.Item1, p.Item2 })]);
            return [.. pairs.Select((_, i) => (answers[2 * i], answers[2 * i + 1]))];
        }, MaxCallsPerBatch / 2);
    }

    /// <summary>A question: the code at <c>Address</c> (Nonce null), or whether <c>Address</c>'s <c>Nonce</c> is used.</summary>
    private sealed record Question(string Address, BigInteger? Nonce);

    private sealed record Answer(bool Yes, Exception? Error)
    {
        public bool Value => Error is null ? Yes : throw Error;
    }

    /// <summary>Whether <paramref name="address"/> has code.</summary>
    public async Task<bool> HasCodeAsync(string address) => (await _questions.RunAsync(new Question(address.ToLowerInvariant(), null))).Value;

    /// <summary>
    /// Both questions about one request at once (so a lone request still makes one round trip): whether the signer has
    /// code and whether its nonce is used.
    /// </summary>
    public async Task<(bool HasCode, bool NonceUsed)> SignerAsync(string signer, BigInteger nonce)
    {
        var address = signer.ToLowerInvariant();
        var (code, used) = await _pairs.RunAsync((new Question(address, null), new Question(address, nonce)));
        return (code.Value, used.Value);
    }

    private async Task<IReadOnlyList<Answer>> AskAsync(IReadOnlyList<Question> group)
    {
        // The same question twice in a group (one signer's code, for several of its requests) is asked once.
        var distinct = group.Distinct().ToList();
        var batch = new RpcRequestResponseBatch { AcceptPartiallySuccessful = true };
        var getCode = new Nethereum.RPC.Eth.EthGetCode(_web3.Client);
        var call = new EthCall(_web3.Client);
        var items = new Dictionary<Question, IRpcRequestResponseBatchItem>();
        foreach (var (question, id) in distinct.Select((q, i) => (q, i)))
        {
            IRpcRequestResponseBatchItem item = question.Nonce is not { } nonce
                ? new RpcRequestResponseBatchItem<Nethereum.RPC.Eth.EthGetCode, string>(getCode,
                    getCode.BuildRequest(question.Address, BlockParameter.CreateLatest(), id))
                : new RpcRequestResponseBatchItem<EthCall, string>(call, call.BuildRequest(new CallInput(
                    IsNonceUsedCall(question.Address, nonce), _registry), BlockParameter.CreateLatest(), id));
            batch.BatchItems.Add(item);
            items[question] = item;
        }
        await _web3.Client.SendBatchRequestAsync(batch);
        var answers = items.ToDictionary(kv => kv.Key, kv => Read(kv.Key, kv.Value));
        return [.. group.Select(q => answers[q])];
    }

    private static readonly string IsNonceUsedSelector =
        ABITypedRegistry.GetFunctionABI<IsNonceUsedFunction>().Sha3Signature.Replace("0x", "").ToLowerInvariant();

    /// <summary>isNonceUsed(signer, nonce) calldata, written directly (Nethereum's reflection encoder cost more than the rest of a request's checks).</summary>
    private static string IsNonceUsedCall(string signer, BigInteger nonce)
    {
        Span<byte> words = stackalloc byte[64];
        AbiWords.Address(words[..32], signer);
        AbiWords.UInt(words[32..], nonce);
        return "0x" + IsNonceUsedSelector + Convert.ToHexStringLower(words);
    }

    private static Answer Read(Question question, IRpcRequestResponseBatchItem item)
    {
        if (item.HasError) return new(false, new RpcResponseException(item.RpcError));
        var hex = question.Nonce is null
            ? ((RpcRequestResponseBatchItem<Nethereum.RPC.Eth.EthGetCode, string>)item).Response
            : ((RpcRequestResponseBatchItem<EthCall, string>)item).Response;
        if (question.Nonce is null) return new(hex is { Length: > 2 }, null);
        // isNonceUsed returns one bool word. An empty answer is a call to an address without code: the registry is not on
        // this chain (it was replaced under us), so no nonce is used there; as Nethereum's decoder read it, and the chain
        // watch refuses the write itself (503 chain-replaced) rather than a 500 here.
        if (hex is "0x" or "") return new(false, null);
        return Hex.TryDecode(hex ?? "", out var word) && word.Length == 32
            ? new(word[31] == 1, null)
            : new(false, new RpcResponseException(new Nethereum.JsonRpc.Client.RpcError(-32000, $"isNonceUsed answered {hex}")));
    }
}
