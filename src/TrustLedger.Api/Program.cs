using TrustLedger.Api.Attestations;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Chain;
using TrustLedger.Api.Credentials;
using TrustLedger.Api.Data;
using TrustLedger.Api.Health;
using TrustLedger.Api.Hosting;
using TrustLedger.Api.Indexing;
using TrustLedger.Api.Parties;
using TrustLedger.Api.Reciprocity;
using TrustLedger.Api.Relationships;
using TrustLedger.Api.Relaying;
using TrustLedger.Api.Reputation;
using TrustLedger.Api.Rewards;
using TrustLedger.Api.Snapshots;
using TrustLedger.Api.Trust;
using TrustLedger.Api.Webhooks;
using TrustLedger.Api.Web;

// appsettings.json and wwwroot ship beside the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddTrustLedgerConfiguration();
builder.AddProblemResponses();
builder.AddInputPipeline();
builder.AddApiDocs();
builder.AddRequestLimits();
builder.AddDependencyHealth();
builder.AddData();
builder.AddChain();
builder.AddProductionProfile();
builder.AddRelaying();
builder.AddIndexing();
builder.AddAuth();
builder.AddReputation();
builder.AddRelationships();
builder.AddCredentials();
builder.AddRewards();
builder.AddSnapshots();
builder.AddWebhooks();

var app = builder.Build();

app.UseTrustedProxies();
app.UseProblemResponses();
app.UseInputScreening();
app.UseCallBudgets();
app.UseAuthentication();
app.UseRequestLimits();
app.UseAuthorization();
app.MapHealth();
app.MapApiDocs();
app.UseDashboard();
app.MapAuth();
app.MapAttestations();
app.MapRelaySchemas();
app.MapParties();
app.MapReciprocity();
app.MapReputation();
app.MapNetwork();
app.MapRelationships();
app.MapCredentials();
app.MapRewards();
app.MapSnapshots();
app.MapTrust();
app.MapWebhooks();

return await app.RunUntilStoppedAsync();

/// <summary>The entry point's type, for WebApplicationFactory in the tests.</summary>
public partial class Program;
