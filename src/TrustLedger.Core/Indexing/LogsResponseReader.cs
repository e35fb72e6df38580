using System.Buffers;
using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;

namespace TrustLedger.Core.Indexing;

/// <summary>
/// Reads an eth_getLogs answer from the response stream with <see cref="Utf8JsonReader"/>, straight into
/// <see cref="RegistryLog"/>s: the body is never held whole (a window of the stream, grown only for a log
/// larger than it), hex is decoded from the UTF-8 bytes, and repeated values (address, block hash,
/// transaction hash, topic0) share one string. Nethereum's client builds a Newtonsoft tree of the whole
/// answer first and bounded ingest at ~12k events/s (docs/indexer.md).
/// A JSON-RPC error becomes <see cref="RpcResponseException"/> (as from Nethereum, so the adaptive range
/// still reads "query returned more than N results"); an answer that is not JSON-RPC becomes
/// <see cref="RpcClientUnknownException"/> saying where it broke.
/// </summary>
public sealed class LogsResponseReader
{
    private const int InitialWindow = 64 * 1024;

    private enum Phase { Start, Members, Logs, Done }

    private Phase _phase;
    private JsonReaderState _state;
    private bool _sawResult;
    private RpcError? _error;
    private readonly List<RegistryLog> _logs = [];
    private readonly Interned _address = new(), _blockHash = new(), _txHash = new(), _topic0 = new(), _topic1 = new();

    /// <summary>The logs of one eth_getLogs answer read from <paramref name="body"/>.</summary>
    public static async Task<List<RegistryLog>> ReadAsync(Stream body, CancellationToken ct = default)
    {
        var reader = new LogsResponseReader();
        var buffer = ArrayPool<byte>.Shared.Rent(InitialWindow);
        long offset = 0; // of buffer[0] in the body, for error messages
        try
        {
            int start = 0, end = 0;
            var final = false;
            while (true)
            {
                if (!final)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        (offset, end, start) = (offset + start, end - start, 0);
                    }
                    if (end == buffer.Length) // one value larger than the window: grow it
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = await body.ReadAsync(buffer.AsMemory(end), ct);
                    if (read == 0) final = true;
                    end += read;
                }
                start += reader.Feed(buffer.AsSpan(start, end - start), final, offset + start);
                if (reader._phase == Phase.Done)
                {
                    await EnsureNothingFollowsAsync(body, buffer, start, end, ct);
                    return reader.Result();
                }
                if (final) throw Malformed($"the answer ends before the JSON-RPC response does (after {offset + end} bytes)");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Only whitespace may follow the response object (a second value would be a broken answer).</summary>
    private static async Task EnsureNothingFollowsAsync(Stream body, byte[] buffer, int start, int end, CancellationToken ct)
    {
        while (true)
        {
            if (buffer.AsSpan(start, end - start).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                throw Malformed("something follows the JSON-RPC response");
            (start, end) = (0, await body.ReadAsync(buffer, ct));
            if (end == 0) return;
        }
    }

    /// <summary>Parses every complete value of <paramref name="data"/>; returns the bytes consumed (the rest waits for more).</summary>
    private int Feed(ReadOnlySpan<byte> data, bool final, long at)
    {
        var reader = new Utf8JsonReader(data, final, _state);
        try
        {
            while (_phase != Phase.Done)
            {
                var saved = reader; // a copy: where to resume when a value is cut off by the window's end
                var complete = _phase switch
                {
                    Phase.Start => ReadStart(ref reader),
                    Phase.Members => ReadMember(ref reader, data),
                    _ => ReadLogOrEnd(ref reader),
                };
                if (!complete)
                {
                    reader = saved;
                    break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            throw Malformed($"{e.Message} (at byte {at + reader.BytesConsumed})", e);
        }
        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private List<RegistryLog> Result()
    {
        if (_error is { } error) throw new RpcResponseException(error);
        if (!_sawResult) throw Malformed("the response has neither \"result\" nor \"error\"");
        return _logs;
    }

    private bool ReadStart(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) return false;
        if (reader.TokenType != JsonTokenType.StartObject) throw new FormatException($"a JSON-RPC response is an object, not {reader.TokenType}");
        _phase = Phase.Members;
        return true;
    }

    /// <summary>One member of the response object ("result" opens the log array), or its end.</summary>
    private bool ReadMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> window)
    {
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            _phase = Phase.Done;
            return true;
        }
        if (reader.ValueTextEquals("result"u8))
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.StartArray) _phase = Phase.Logs;
            else if (reader.TokenType != JsonTokenType.Null) throw new FormatException($"\"result\" of eth_getLogs is {reader.TokenType}, not an array");
            _sawResult = true;
            return true;
        }
        if (reader.ValueTextEquals("error"u8))
        {
            if (!reader.Read()) return false;
            if (ReadError(ref reader, window) is not { } error) return false;
            _error = error;
            return true;
        }
        return reader.Read() && reader.TrySkip(); // jsonrpc, id, anything else
    }

    private static RpcError? ReadError(ref Utf8JsonReader reader, ReadOnlySpan<byte> window)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new FormatException($"\"error\" is {reader.TokenType}, not an object");
        int code = 0;
        string? message = null;
        JToken? data = null;
        while (true)
        {
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.EndObject) return new RpcError(code, message ?? "", data);
            var member = reader.GetString();
            if (!reader.Read()) return null;
            switch (member)
            {
                case "code" when reader.TokenType == JsonTokenType.Number:
                    code = reader.TryGetInt32(out var c) ? c : 0;
                    break;
                case "message" when reader.TokenType == JsonTokenType.String:
                    message = reader.GetString();
                    break;
                case "data":
                    // Rare and small: kept as Nethereum keeps it, for whoever logs the error.
                    var start = reader.TokenStartIndex;
                    if (!reader.TrySkip()) return null;
                    data = JToken.Parse(System.Text.Encoding.UTF8.GetString(window[(int)start..(int)reader.BytesConsumed]));
                    break;
                default:
                    if (!reader.TrySkip()) return null;
                    break;
            }
        }
    }

    private bool ReadLogOrEnd(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            _phase = Phase.Members;
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartObject) throw new FormatException($"a log is an object, not {reader.TokenType}");
        if (ReadLog(ref reader) is not { } log) return false;
        _logs.Add(log);
        return true;
    }

    /// <summary>One log object, the reader on its StartObject; null when the window ends inside it.</summary>
    private RegistryLog? ReadLog(ref Utf8JsonReader reader)
    {
        string? address = null, blockHash = null, txHash = null;
        long? blockNumber = null, logIndex = null, timestamp = null;
        string[] topics = [];
        byte[] data = [];
        var removed = false;
        while (true)
        {
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            var member = Member(ref reader);
            if (!reader.Read()) return null;
            switch (member)
            {
                case LogMember.Address: address = Hex.String(ref reader, _address); break;
                case LogMember.BlockHash: blockHash = Hex.String(ref reader, _blockHash); break;
                case LogMember.TransactionHash: txHash = Hex.String(ref reader, _txHash); break;
                case LogMember.BlockNumber: blockNumber = Hex.Quantity(ref reader); break;
                case LogMember.LogIndex: logIndex = Hex.Quantity(ref reader); break;
                case LogMember.BlockTimestamp: timestamp = Hex.Quantity(ref reader); break;
                case LogMember.Data: data = Hex.Bytes(ref reader); break;
                case LogMember.Removed: removed = reader.TokenType == JsonTokenType.True; break;
                case LogMember.Topics:
                    if (ReadTopics(ref reader) is not { } read) return null;
                    topics = read;
                    break;
                default:
                    if (!reader.TrySkip()) return null;
                    break;
            }
        }
        // A log without its place in a block is pending, which eth_getLogs over mined blocks never returns.
        if (address is null || blockHash is null || txHash is null || blockNumber is null || logIndex is null)
            throw new FormatException($"a log lacks {(address is null ? "address" : blockHash is null ? "blockHash" : txHash is null ? "transactionHash" : blockNumber is null ? "blockNumber" : "logIndex")}");
        return new RegistryLog
        {
            Address = address, Topics = topics, Data = data, BlockNumber = blockNumber.Value, BlockHash = blockHash,
            BlockTimestamp = timestamp, TransactionHash = txHash, LogIndex = checked((int)logIndex.Value), Removed = removed,
        };
    }

    private string[]? ReadTopics(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return [];
        if (reader.TokenType != JsonTokenType.StartArray) throw new FormatException($"\"topics\" is {reader.TokenType}, not an array");
        var topics = new List<string>(4);
        while (true)
        {
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.EndArray) return [.. topics];
            topics.Add(Hex.String(ref reader, topics.Count switch { 0 => _topic0, 1 => _topic1, _ => null })
                ?? throw new FormatException("a topic is null"));
        }
    }

    private enum LogMember { Other, Address, Topics, Data, BlockNumber, BlockHash, BlockTimestamp, TransactionHash, LogIndex, Removed }

    private static LogMember Member(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("address"u8) ? LogMember.Address
        : reader.ValueTextEquals("topics"u8) ? LogMember.Topics
        : reader.ValueTextEquals("data"u8) ? LogMember.Data
        : reader.ValueTextEquals("blockNumber"u8) ? LogMember.BlockNumber
        : reader.ValueTextEquals("blockHash"u8) ? LogMember.BlockHash
        : reader.ValueTextEquals("blockTimestamp"u8) ? LogMember.BlockTimestamp
        : reader.ValueTextEquals("transactionHash"u8) ? LogMember.TransactionHash
        : reader.ValueTextEquals("logIndex"u8) ? LogMember.LogIndex
        : reader.ValueTextEquals("removed"u8) ? LogMember.Removed
        : LogMember.Other;

    private static RpcClientUnknownException Malformed(string why, Exception? inner = null) =>
        new($"eth_getLogs: the node's answer is not a valid JSON-RPC response: {why}", inner!);

    /// <summary>The last string made for one field: consecutive logs mostly repeat it (same contract, block, transaction).</summary>
    internal sealed class Interned
    {
        public byte[] Bytes = [];
        public string Value = "";
    }

    /// <summary>Hex strings and quantities from a string token's UTF-8 bytes.</summary>
    private static class Hex
    {
        /// <summary>A 0x hex string, lower-cased; null for JSON null.</summary>
        public static string? String(ref Utf8JsonReader reader, Interned? last)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            var text = Utf8(ref reader);
            if (text.Length < 2 || text[0] != '0' || (text[1] | 0x20) != 'x') throw new FormatException("a hex value lacks its 0x prefix");
            if (last is not null && text.SequenceEqual(last.Bytes)) return last.Value;
            Span<char> chars = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                var b = text[i];
                if (i >= 2 && FromHexDigit(b) < 0) throw new FormatException($"'{(char)b}' is not a hex digit");
                chars[i] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b);
            }
            var value = new string(chars);
            if (last is not null) (last.Bytes, last.Value) = (text.ToArray(), value);
            return value;
        }

        /// <summary>A quantity ("0x1a"; a plain JSON number from lenient nodes); null for JSON null.</summary>
        public static long? Quantity(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType == JsonTokenType.Number) return reader.GetInt64();
            var text = Utf8(ref reader);
            if (text.Length < 3 || text[0] != '0' || (text[1] | 0x20) != 'x') throw new FormatException("a quantity is not 0x hex");
            if (text.Length > 2 + 15) throw new OverflowException("a quantity exceeds 60 bits");
            long value = 0;
            for (var i = 2; i < text.Length; i++)
            {
                var digit = FromHexDigit(text[i]);
                if (digit < 0) throw new FormatException($"'{(char)text[i]}' is not a hex digit");
                value = value << 4 | (long)digit;
            }
            return value;
        }

        /// <summary>0x hex data as bytes ("0x" or null: none).</summary>
        public static byte[] Bytes(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return [];
            var text = Utf8(ref reader);
            if (text.Length < 2 || text[0] != '0' || (text[1] | 0x20) != 'x' || text.Length % 2 != 0)
                throw new FormatException("data is not 0x hex of whole bytes");
            var bytes = new byte[(text.Length - 2) / 2];
            for (int i = 0, j = 2; i < bytes.Length; i++, j += 2)
            {
                int hi = FromHexDigit(text[j]), lo = FromHexDigit(text[j + 1]);
                if ((hi | lo) < 0) throw new FormatException("data holds a character that is not a hex digit");
                bytes[i] = (byte)(hi << 4 | lo);
            }
            return bytes;
        }

        private static ReadOnlySpan<byte> Utf8(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String) throw new FormatException($"expected a hex string, got {reader.TokenType}");
            if (!reader.ValueIsEscaped) return reader.ValueSpan;
            var unescaped = new byte[reader.ValueSpan.Length];
            return unescaped.AsSpan(0, reader.CopyString(unescaped));
        }

        private static int FromHexDigit(byte b) => b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
    }
}
