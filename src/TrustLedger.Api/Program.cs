using TrustLedger.Api.Chain;
using TrustLedger.Api.Data;
using TrustLedger.Api.Health;
using TrustLedger.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddTrustLedgerConfiguration();
builder.AddProblemResponses();
builder.AddData();
builder.AddChain();

var app = builder.Build();

app.UseProblemResponses();
app.MapHealth();

return await app.RunUntilStoppedAsync();

/// <summary>The entry point's type, for WebApplicationFactory in the tests.</summary>
public partial class Program;
