using System.Numerics;
using Nethereum.Contracts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Relaying;

/// <summary>
/// The calldata of multiAttestByDelegation / multiRevokeByDelegation, written directly: Nethereum's reflection-driven
/// encoder took about as long per batch of 100 as the node takes to mine it, on the same two cores. The layout is
/// the ABI's for an array of dynamic tuples (selector, offset of the array, its length, one offset word per item, then
/// the items, each with offsets relative to its own start); a test holds it byte-equal to Nethereum's encoding.
/// </summary>
public static class BatchCallData
{
    private static readonly byte[] AttestSelector = new MultiAttestByDelegationFunction { Requests = [] }.GetCallData()[..4];
    private static readonly byte[] RevokeSelector = new MultiRevokeByDelegationFunction { Requests = [] }.GetCallData()[..4];

    /// <summary>A delegated attestation: head (attester, request offset, deadline, signature offset), request (six words and its data), signature.</summary>
    public static byte[] Attest(IReadOnlyList<SignedAttestation> requests) =>
        Batch(AttestSelector, requests.Select(a => (Item: (object)a, Bytes: AttestItemBytes(Hex.Decode(a.Data).Length, Hex.Decode(a.Signature).Length))).ToList(),
            (item, span) => WriteAttest((SignedAttestation)item, span));

    /// <summary>A delegated revocation: revoker, uid, nonce, deadline, signature offset, then the signature.</summary>
    public static byte[] Revoke(IReadOnlyList<SignedRevocation> requests) =>
        Batch(RevokeSelector, requests.Select(r => (Item: (object)r, Bytes: 5 * 32 + Padded(Hex.Decode(r.Signature).Length))).ToList(),
            (item, span) => WriteRevoke((SignedRevocation)item, span));

    /// <summary>The bytes an attestation's tuple takes (without its offset word in the array).</summary>
    private static int AttestItemBytes(int dataBytes, int signatureBytes) => 4 * 32 + 6 * 32 + Padded(dataBytes) + Padded(signatureBytes);

    /// <summary>A bytes member: its length word and its bytes padded to whole words.</summary>
    private static int Padded(int length) => 32 + (length + 31) / 32 * 32;

    private static byte[] Batch(byte[] selector, List<(object Item, int Bytes)> items, Action<object, Span<byte>> write)
    {
        var size = 4 + 32 + 32 + 32 * items.Count + items.Sum(i => i.Bytes);
        var data = new byte[size];
        selector.CopyTo(data, 0);
        AbiWords.UInt(data.AsSpan(4, 32), 32);
        AbiWords.UInt(data.AsSpan(36, 32), items.Count);
        var offsetsStart = 68;
        var offset = 32 * items.Count; // relative to the first offset word
        for (var i = 0; i < items.Count; i++)
        {
            AbiWords.UInt(data.AsSpan(offsetsStart + 32 * i, 32), offset);
            write(items[i].Item, data.AsSpan(offsetsStart + offset, items[i].Bytes));
            offset += items[i].Bytes;
        }
        return data;
    }

    private static void WriteAttest(SignedAttestation a, Span<byte> item)
    {
        var data = Hex.Decode(a.Data);
        var signature = Hex.Decode(a.Signature);
        var requestBytes = 6 * 32 + Padded(data.Length);
        AbiWords.Address(item[..32], a.Attester);
        AbiWords.UInt(item[32..64], 4 * 32);
        AbiWords.UInt(item[64..96], a.Deadline);
        AbiWords.UInt(item[96..128], 4 * 32 + requestBytes);
        var request = item.Slice(4 * 32, requestBytes);
        AbiWords.Bytes32(request[..32], a.Schema);
        AbiWords.Address(request[32..64], a.Subject);
        AbiWords.UInt(request[64..96], a.Expiration);
        AbiWords.Bytes32(request[96..128], a.RefUid);
        AbiWords.UInt(request[128..160], a.Nonce);
        AbiWords.UInt(request[160..192], 6 * 32);
        WriteBytes(request[192..], data);
        WriteBytes(item[(4 * 32 + requestBytes)..], signature);
    }

    private static void WriteRevoke(SignedRevocation r, Span<byte> item)
    {
        AbiWords.Address(item[..32], r.Revoker);
        AbiWords.Bytes32(item[32..64], r.Uid);
        AbiWords.UInt(item[64..96], r.Nonce);
        AbiWords.UInt(item[96..128], r.Deadline);
        AbiWords.UInt(item[128..160], 5 * 32);
        WriteBytes(item[160..], Hex.Decode(r.Signature));
    }

    private static void WriteBytes(Span<byte> target, byte[] bytes)
    {
        AbiWords.UInt(target[..32], bytes.Length);
        bytes.CopyTo(target[32..]);
    }
}
