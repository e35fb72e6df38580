using System.Net.Http.Json;
using System.Text.Json;
using NBitcoin;
using Npgsql;
using TrustLedger.Contracts;
using TrustLedger.Core.Chain;

namespace TrustLedger.Tests.Shared;

/// <summary>
/// The real services the integration tests run against. scripts/test.sh starts a Hardhat node
/// and a throwaway PostgreSQL and exports their addresses; a bare `dotnet test` skips those tests
/// with a reason (scripts/test.sh then fails, since it allows no skipped test).
/// </summary>
public static class TestServices
{
    public static string? RpcUrl => Environment.GetEnvironmentVariable("TRUSTLEDGER_TEST_RPC_URL");
    public static string? PostgresUrl => Environment.GetEnvironmentVariable("TRUSTLEDGER_TEST_PG");

    public static string RequireChain() =>
        RpcUrl ?? throw Skip("no local EVM node: set TRUSTLEDGER_TEST_RPC_URL (scripts/test.sh does)");

    public static string RequirePostgres() =>
        PostgresUrl ?? throw Skip("no PostgreSQL: set TRUSTLEDGER_TEST_PG (scripts/test.sh does)");

    private static Exception Skip(string reason)
    {
        Assert.Skip(reason);
        return new InvalidOperationException(reason); // unreachable: Assert.Skip throws
    }

    /// <summary>A fresh empty PostgreSQL database for one test fixture; returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var server = RequirePostgres();
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>A fresh SQLite file in a temp folder; returns its connection string.</summary>
    public static string CreateSqliteDatabase() =>
        $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("trustledger-test-").FullName, "test.db")}";

    /// <summary>
    /// A random mnemonic whose first accounts are funded on the dev node (hardhat_setBalance), so
    /// each fixture signs with its own keys and parallel tests never race for one account's nonces.
    /// </summary>
    public static async Task<string> FundedMnemonicAsync(int accounts = 4, string? rpcUrl = null)
    {
        var rpc = rpcUrl ?? RequireChain();
        var mnemonic = new Mnemonic(Wordlist.English, WordCount.Twelve).ToString();
        using var http = new HttpClient();
        for (var i = 0; i < accounts; i++)
        {
            var address = new ServiceKey("test", KeyStore.Derive(mnemonic, i)).Address;
            await RpcAsync(http, rpc, "hardhat_setBalance", address, "0x3635C9ADC5DEA00000"); // 1,000 ETH
        }
        return mnemonic;
    }

    public static async Task<JsonElement> RpcAsync(HttpClient http, string rpc, string method, params object[] parameters)
    {
        var response = await http.PostAsJsonAsync(rpc, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{method}: {error}");
        return body.GetProperty("result");
    }
}
