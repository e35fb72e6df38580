using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Nethereum.Web3;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Cli.Snapshots;

/// <summary>The options both snapshot commands take; a fresh set per command (a symbol belongs to one parent).</summary>
internal sealed class ChainOptionSet
{
    public Option<string> Rpc { get; } = new("--rpc") { Description = "JSON-RPC endpoint of the chain the snapshots live on", Required = true };
    public Option<string?> Contract { get; } = new("--contract") { Description = "ReputationSnapshots address (default: deployments/<chainId>.json, then the API)" };
    public Option<ulong?> Epoch { get; } = new("--epoch") { Description = "Snapshot epoch (default: the latest published)" };
    public Option<string?> Api { get; } = new("--api") { Description = "TrustLedger API base URL, for the leaf set and the parameters document" };
    public Option<string> Deployments { get; } = new("--deployments") { Description = "Folder with <chainId>.json deployment files", DefaultValueFactory = _ => "deployments" };

    public void AddTo(Command command)
    {
        command.Options.Add(Rpc);
        command.Options.Add(Contract);
        command.Options.Add(Epoch);
        command.Options.Add(Api);
        command.Options.Add(Deployments);
    }
}

/// <summary>A check could not run (bad input, node or API unreachable): exit code 2, unlike a failed check (1).</summary>
internal sealed class CannotCheckException(string message) : Exception(message);

/// <summary>
/// Where the snapshot commands get what they check: the chain (always; the only source trusted),
/// a deployments file for addresses not given, and our API or local files for the leaf set and the
/// parameters document, which are checked against the chain before use.
/// </summary>
internal sealed class SnapshotSources(IWeb3 web3, long chainId, string deploymentsDirectory, HttpClient? api, TextWriter log)
{
    public const int Verified = 0, Failed = 1, CannotCheck = 2;

    public IWeb3 Web3 { get; } = web3;
    public long ChainId { get; } = chainId;
    public HttpClient? Api { get; } = api;

    public static async Task<SnapshotSources> ConnectAsync(ParseResult parse, ChainOptionSet options)
    {
        var rpc = parse.GetRequiredValue(options.Rpc);
        if (!Uri.TryCreate(rpc, UriKind.Absolute, out var rpcUri) || rpcUri.Scheme is not ("http" or "https"))
            throw new CannotCheckException($"--rpc is not an http(s) URL: '{rpc}'");
        var web3 = new Web3(rpc);
        long chainId;
        try
        {
            chainId = (long)(await web3.Eth.ChainId.SendRequestAsync()).Value;
        }
        catch (Exception e)
        {
            throw new CannotCheckException($"cannot reach {ChainConnection.Redact(rpcUri)}: {e.GetBaseException().Message}");
        }
        HttpClient? api = null;
        if (parse.GetValue(options.Api) is { } url)
        {
            if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var apiUri) || apiUri.Scheme is not ("http" or "https"))
                throw new CannotCheckException($"--api is not an http(s) URL: '{url}'");
            api = new HttpClient { BaseAddress = apiUri, Timeout = TimeSpan.FromMinutes(5) };
        }
        return new SnapshotSources(web3, chainId, parse.GetRequiredValue(options.Deployments), api, parse.InvocationConfiguration.Error);
    }

    /// <summary>A deployed contract's address and block from the deployments file, if listed there.</summary>
    public DeployedContract? FromDeployments(string contract) =>
        Deployment.Read(deploymentsDirectory, ChainId)?.Contracts.GetValueOrDefault(contract);

    /// <summary>The snapshots contract: --contract, the deployments file, or (said so) the API.</summary>
    public async Task<ReputationSnapshotsService> SnapshotsContractAsync(string? given, CancellationToken ct)
    {
        var address = given is not null ? Address("--contract", given)
            : FromDeployments("ReputationSnapshots")?.Address;
        if (address is null && Api is not null)
        {
            var page = await GetJsonAsync("v1/snapshots?limit=1", ct);
            address = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("contract").GetString()).FirstOrDefault();
            if (address is not null) log.WriteLine($"note: contract address {address} taken from the API; pass --contract to rely on the chain alone");
        }
        if (address is null)
            throw new CannotCheckException($"no --contract, no ReputationSnapshots in {Deployment.PathFor(deploymentsDirectory, ChainId)}, no --api to ask");
        if (await Web3.Eth.GetCode.SendRequestAsync(address) is not { Length: > 2 })
            throw new CannotCheckException($"there is no contract at {address} on chain {ChainId}");
        return new ReputationSnapshotsService(Web3, address);
    }

    /// <summary>The epoch to check (given, or the latest) and its published content.</summary>
    public static async Task<(ulong Epoch, SnapshotData Published)> PublishedAsync(ReputationSnapshotsService contract, ulong? given)
    {
        var latest = await contract.LatestEpochAsync();
        if (latest == 0) throw new CannotCheckException($"nothing is published on {contract.Address} yet");
        var epoch = given ?? latest;
        var published = await contract.SnapshotAtAsync(epoch)
            ?? throw new CannotCheckException($"epoch {epoch} is not published on {contract.Address} (latest is {latest})");
        return (epoch, published);
    }

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct)
    {
        var api = Api ?? throw new CannotCheckException($"{path} needs --api");
        try
        {
            using var response = await api.GetAsync(path, ct);
            if (!response.IsSuccessStatusCode)
                throw new CannotCheckException($"GET {new Uri(api.BaseAddress!, path)}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (HttpRequestException e)
        {
            throw new CannotCheckException($"GET {new Uri(api.BaseAddress!, path)}: {e.Message}");
        }
    }

    public async Task<Stream> GetStreamAsync(string path, CancellationToken ct)
    {
        var api = Api ?? throw new CannotCheckException($"{path} needs --api");
        try
        {
            var response = await api.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
                throw new CannotCheckException($"GET {new Uri(api.BaseAddress!, path)}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return await response.Content.ReadAsStreamAsync(ct);
        }
        catch (HttpRequestException e)
        {
            throw new CannotCheckException($"GET {new Uri(api.BaseAddress!, path)}: {e.Message}");
        }
    }

    public static string Address(string option, string value) =>
        EthAddress.TryParse(value, out var address) ? address.ToLowerHex()
            : throw new CannotCheckException($"{option} is not an address (0x + 40 hex digits, EIP-55 checksum when mixed case): '{value}'");

    /// <summary>Runs a command body, turning "cannot check" into exit code 2 with one line on stderr.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await body(output, error);
        }
        catch (Exception e) when (e is CannotCheckException or FormatException or IOException)
        {
            error.WriteLine($"error: {e.Message}");
            return CannotCheck;
        }
    }

    public static string Yes(bool ok) => ok ? "yes" : "NO";
}
