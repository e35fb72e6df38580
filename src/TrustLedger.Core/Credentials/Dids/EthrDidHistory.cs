using System.Collections.Concurrent;
using System.Numerics;
using System.Text;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts.Standards;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

public enum EthrChangeKind { Owner, Delegate, Attribute }

/// <summary>
/// One ERC-1056 event about an identity, decoded as ethr-did-resolver decodes it: bytes32 names
/// as UTF-8 without trailing zeros (an event whose name is not UTF-8 is not a DID event and is
/// left out), the block's number and time.
/// </summary>
public sealed record EthrChange(long Block, DateTimeOffset BlockTime, EthrChangeKind Kind, string Name, EthAddress? Address, byte[] Value, BigInteger ValidTo);

/// <summary>
/// Reads an identity's change log from an ERC-1056 registry the way ethr-did-resolver does: start
/// at <c>changed(identity)</c>, read that block's events about the identity, follow the smallest
/// earlier <c>previousChange</c> they name, until none. Oldest change first. The history is kept
/// per (registry, identity) and reused while <c>changed(identity)</c> still names the same head
/// block, so a resolution costs one eth_call when nothing changed. An identity with more than
/// <see cref="MaxChangeBlocks"/> change blocks is refused rather than walked (anyone can add changes
/// to their own identity; none may make our verifier walk without bound).
/// </summary>
public sealed class EthrDidHistory(IWeb3 web3, string registry)
{
    public const int MaxChangeBlocks = 1000;
    private const int CacheEntries = 4096;
    private static readonly string[] Topics =
    [
        ABITypedRegistry.GetEvent<DidOwnerChangedEvent>().Sha3Signature.EnsureHexPrefix(),
        ABITypedRegistry.GetEvent<DidDelegateChangedEvent>().Sha3Signature.EnsureHexPrefix(),
        ABITypedRegistry.GetEvent<DidAttributeChangedEvent>().Sha3Signature.EnsureHexPrefix(),
    ];

    private readonly ConcurrentDictionary<EthAddress, (BigInteger Head, IReadOnlyList<EthrChange> Changes)> _cache = new();

    public string Registry { get; } = registry.ToLowerInvariant();

    /// <summary>Every change of <paramref name="identity"/>, oldest first. Throws on node trouble (the caller reports it).</summary>
    public async Task<IReadOnlyList<EthrChange>> ReadAsync(EthAddress identity, CancellationToken cancellationToken)
    {
        var head = await web3.Eth.GetContractQueryHandler<DidChangedFunction>()
            .QueryAsync<BigInteger>(Registry, new DidChangedFunction { Identity = identity.ToLowerHex() });
        if (head.IsZero) return [];
        if (_cache.TryGetValue(identity, out var cached) && cached.Head == head) return cached.Changes;

        var blocks = new List<List<EthrChange>>();
        var times = new Dictionary<long, DateTimeOffset>();
        BigInteger block = head;
        string identityTopic = "0x" + identity.ToLowerHex()[2..].PadLeft(64, '0');
        while (!block.IsZero)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (blocks.Count >= MaxChangeBlocks)
                throw new EthrHistoryTooLongException($"{identity} has more than {MaxChangeBlocks} change blocks in {Registry}; not walked");
            var filter = new NewFilterInput
            {
                Address = [Registry],
                FromBlock = new BlockParameter(new HexBigInteger(block)),
                ToBlock = new BlockParameter(new HexBigInteger(block)),
                Topics = [Topics, identityTopic],
            };
            var logs = (await web3.Eth.Filters.GetLogs.SendRequestAsync(filter) ?? []).OrderBy(l => (long)l.LogIndex.Value).ToArray();
            if (logs.Length == 0)
                throw new InvalidOperationException($"the registry names block {block} as a change of {identity}, but the node has no logs there (not an archive node?)");
            var time = await BlockTimeAsync((long)block, times);
            var (changes, previous) = Decode(logs, (long)block, time);
            blocks.Add(changes);
            block = previous;
        }
        blocks.Reverse();
        IReadOnlyList<EthrChange> history = [.. blocks.SelectMany(b => b)];
        if (_cache.Count >= CacheEntries) _cache.Clear();
        _cache[identity] = (head, history);
        return history;
    }

    // The smallest previousChange below this block among all its logs (also of events left out), as the reference walks.
    private static (List<EthrChange> Changes, BigInteger Previous) Decode(FilterLog[] logs, long block, DateTimeOffset time)
    {
        var changes = new List<EthrChange>();
        BigInteger previous = 0;
        void Follow(BigInteger pc) { if (pc > 0 && pc < block && (previous.IsZero || pc < previous)) previous = pc; }
        foreach (var log in logs)
        {
            FilterLog[] one = [log];
            if (one.DecodeAllEvents<DidOwnerChangedEvent>().FirstOrDefault() is { } owner)
            {
                Follow(owner.Event.PreviousChange);
                changes.Add(new(block, time, EthrChangeKind.Owner, "", EthAddress.Parse(owner.Event.Owner), [], 0));
            }
            else if (one.DecodeAllEvents<DidDelegateChangedEvent>().FirstOrDefault() is { } d)
            {
                Follow(d.Event.PreviousChange);
                if (Bytes32ToString(d.Event.DelegateType) is { } type)
                    changes.Add(new(block, time, EthrChangeKind.Delegate, type, EthAddress.Parse(d.Event.Delegate), [], d.Event.ValidTo));
            }
            else if (one.DecodeAllEvents<DidAttributeChangedEvent>().FirstOrDefault() is { } a)
            {
                Follow(a.Event.PreviousChange);
                if (Bytes32ToString(a.Event.Name) is { } name)
                    changes.Add(new(block, time, EthrChangeKind.Attribute, name, null, a.Event.Value, a.Event.ValidTo));
            }
        }
        return (changes, previous);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>ethr-did-resolver's bytes32toString: UTF-8, trailing NULs removed; null when not UTF-8.</summary>
    public static string? Bytes32ToString(byte[] value)
    {
        try { return StrictUtf8.GetString(value).TrimEnd('\0'); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>ethr-did-resolver's stringToBytes32: UTF-8, cut or zero-padded to 32 bytes.</summary>
    public static byte[] StringToBytes32(string text)
    {
        var bytes = new byte[32];
        var utf8 = Encoding.UTF8.GetBytes(text);
        utf8.AsSpan(0, Math.Min(32, utf8.Length)).CopyTo(bytes);
        return bytes;
    }

    private async Task<DateTimeOffset> BlockTimeAsync(long number, Dictionary<long, DateTimeOffset> times)
    {
        if (times.TryGetValue(number, out var known)) return known;
        var header = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));
        return times[number] = DateTimeOffset.FromUnixTimeSeconds((long)header.Timestamp.Value);
    }
}

public sealed class EthrHistoryTooLongException(string message) : Exception(message);
