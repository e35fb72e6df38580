using System.Numerics;
using System.Text.Json;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Relaying;

/// <summary>What a client posts: the EIP-712 message exactly as the wallet signed it, and the signature.</summary>
/// <param name="Message">the <c>message</c> member of the typed data as the typed-data endpoint returned it (numbers as decimal strings or JSON numbers)</param>
/// <param name="Signature">0x hex: 65 bytes r || s || v from eth_signTypedData_v4 (v 27/28, or 0/1, which is normalised), or a contract wallet's ERC-1271 signature</param>
public sealed record SignedMessage(JsonElement Message, string? Signature);

/// <summary>Reads a posted <see cref="SignedMessage"/> into the relayer's request, every bad field named.</summary>
public static class SignedMessages
{
    public static readonly BigInteger MaxUInt48 = (BigInteger.One << 48) - 1;
    public static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    public static SignedAttestation ReadAttestation(SignedMessage body, InputFields f)
    {
        var m = body.Message;
        if (m.ValueKind != JsonValueKind.Object) f.Fail("message", "required: the signed EIP-712 message object");
        return new SignedAttestation(
            f.Address("message.attester", Field(m, "attester")), f.Bytes32("message.schema", Field(m, "schema")),
            f.Address("message.subject", Field(m, "subject")), (ulong)f.UInt("message.expiration", Field(m, "expiration"), MaxUInt48),
            f.Bytes32("message.refUID", Field(m, "refUID")), f.UInt("message.nonce", Field(m, "nonce"), RegistryUids.MaxNonce),
            f.Bytes("message.data", Field(m, "data")), f.UInt("message.deadline", Field(m, "deadline"), MaxUInt256),
            f.Bytes("signature", body.Signature));
    }

    public static SignedRevocation ReadRevocation(SignedMessage body, InputFields f)
    {
        var m = body.Message;
        if (m.ValueKind != JsonValueKind.Object) f.Fail("message", "required: the signed EIP-712 message object");
        return new SignedRevocation(
            f.Address("message.revoker", Field(m, "revoker")), f.Bytes32("message.uid", Field(m, "uid")),
            f.UInt("message.nonce", Field(m, "nonce"), RegistryUids.MaxNonce), f.UInt("message.deadline", Field(m, "deadline"), MaxUInt256),
            f.Bytes("signature", body.Signature));
    }

    /// <summary>A field as text, whether the client sent it as a JSON string or number.</summary>
    private static string? Field(JsonElement message, string name) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

}
